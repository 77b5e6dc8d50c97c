// Package cli implements kirokuctl, the command-line front end: the same
// capabilities as the app for scripts, tests and power users. Every verb
// takes --vault PATH; passphrases come from the terminal without echo, or
// from standard input with --passphrase-stdin (one per line).
//
// Errors are mapped to a message and an exit code in one place (exitFor).
package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/passphrase"
	"github.com/kiroku-app/kiroku/internal/version"
)

// Exit codes, documented in `kirokuctl help`.
const (
	ExitOK            = 0
	ExitError         = 1
	ExitUsage         = 2
	ExitAuth          = 3 // wrong passphrase or recovery key
	ExitInUse         = 4
	ExitNotVault      = 5 // not a vault, or no such file or record
	ExitDamaged       = 6 // check found problems, or the vault is damaged
	ExitUnsupported   = 7
	ExitDiskFull      = 8
	ExitInvalidInput  = 9
	ExitAlreadyExists = 10
)

// Env is what a command runs against: its streams and where passphrases
// come from.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Terminal reads a secret without echo; nil when there is no terminal.
	Terminal func(prompt string) ([]byte, error)
	// SeenDir keeps the last ledger head seen of each vault (seen.go);
	// empty: no such record, no warning.
	SeenDir string

	stdin *bufio.Reader
	seen  *local.SeenCheck // the open vault went back (seen.go)
}

type command struct {
	name  string
	usage string // i18n key of the one-line usage
	run   func(env *Env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"init", "cli.usage.init", cmdInit},
		{"add", "cli.usage.add", cmdAdd},
		{"list", "cli.usage.list", cmdList},
		{"show", "cli.usage.show", cmdShow},
		{"edit", "cli.usage.edit", cmdEdit},
		{"delete", "cli.usage.delete", cmdDelete},
		{"history", "cli.usage.history", cmdHistory},
		{"translate", "tl.usage.translate", cmdTranslate},
		{"translations", "tl.usage.translations", cmdTranslations},
		{"transcript", "tr.usage.transcript", cmdTranscript},
		{"transcripts", "tr.usage.transcripts", cmdTranscripts},
		{"check", "cli.usage.check", cmdCheck},
		{"passwd", "cli.usage.passwd", cmdPasswd},
		{"recover", "cli.usage.recover", cmdRecover},
		{"recovery-key", "keys.usage.recovery_key", cmdRecoveryKey},
		{"purge", "cli.usage.purge", cmdPurge},
		{"devices", "cli.usage.devices", cmdDevices},
		{"record", "cli.usage.record", cmdRecord},
		{"recordings", "cli.usage.recordings", cmdRecordings},
		{"marker", "cli.usage.marker", cmdMarker},
		{"import", "cli.usage.import", cmdImport},
		{"attachments", "cli.usage.attachments", cmdAttachments},
		{"extract", "cli.usage.extract", cmdExtract},
		{"play", "cli.usage.play", cmdPlay},
		{"export", "cli.usage.export", cmdExport},
		{"tsa", "cli.usage.tsa", cmdTSA},
		{"verify", "cli.usage.verify", cmdVerify},
		{"rules", "cli.usage.rules", cmdRules},
		{"hours", "cli.usage.hours", cmdHours},
		{"backup", "backup.usage.backup", cmdBackup},
		{"restore", "backup.usage.restore", cmdRestore},
		{"backups", "backup.usage.backups", cmdBackups},
		{"version", "cli.usage.version", cmdVersion},
		{"licences", "cli.usage.licences", cmdLicences},
		{"languages", "cli.usage.languages", cmdLanguages},
		{"help", "cli.usage.help", cmdHelp},
	}
}

// Main runs kirokuctl with args (without the program name) and returns the
// exit code.
func Main(args []string, env *Env) int {
	i18n.SetLanguage(i18n.DetectFromEnv())
	env.stdin = bufio.NewReader(env.Stdin)
	if len(args) == 0 {
		printHelp(env.Stderr)
		return ExitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" {
		name = "help"
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(env, args[1:])
		if err == nil {
			return ExitOK
		}
		code, msg := exitFor(err)
		if msg != "" {
			fmt.Fprintf(env.Stderr, "kirokuctl %s: %s\n", name, msg)
		}
		return code
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.err.unknown_command", name))
	return ExitUsage
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(key string, args ...any) error { return usageError{i18n.T(key, args...)} }

// silentError carries an exit code whose message was already printed.
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitFor maps an error to an exit code and a sentence for the user. This
// is the one place where kirokuctl decides what to tell people.
func exitFor(err error) (int, string) {
	var se silentError
	if errors.As(err, &se) {
		return se.code, ""
	}
	var ue usageError
	if errors.As(err, &ue) {
		return ExitUsage, ue.msg + "\n" + i18n.T("cli.err.see_help")
	}
	if codec, ok := app.CodecMissing(err); ok {
		return ExitUnsupported, i18n.T("cli.err.codec_missing", codec) + "\n  (" + err.Error() + ")"
	}
	table := []struct {
		err  error
		code int
		key  string
	}{
		{apperr.ErrWrongPassphrase, ExitAuth, "err.wrong_passphrase"},
		{apperr.ErrBadRecoveryKey, ExitAuth, "err.bad_recovery_key"},
		{apperr.ErrKeySlotDamaged, ExitDamaged, "keys.err.key_slot_damaged"},
		{apperr.ErrBusy, ExitError, "keys.err.busy"},
		{apperr.ErrVaultInUse, ExitInUse, "err.in_use"},
		{apperr.ErrUnsupportedVersion, ExitUnsupported, "err.unsupported"},
		{apperr.ErrNotVault, ExitNotVault, "err.not_vault"},
		{apperr.ErrDamaged, ExitDamaged, "err.damaged"},
		{apperr.ErrDiskFull, ExitDiskFull, "err.disk_full"},
		{apperr.ErrExists, ExitAlreadyExists, "err.exists"},
		{apperr.ErrNotFound, ExitNotVault, "err.not_found"},
		{apperr.ErrWeakPassphrase, ExitInvalidInput, "err.weak_passphrase"},
		{apperr.ErrInvalidText, ExitInvalidInput, "err.invalid_text"}, // before ErrInvalidInput, which it also is
		{apperr.ErrInvalidInput, ExitInvalidInput, "err.invalid"},
		{apperr.ErrLocked, ExitError, "err.locked"},
		{apperr.ErrReadOnly, ExitError, "err.read_only"},
		// An imported file decoded for listening (the file itself is fine).
		{app.ErrNotAudio, ExitUnsupported, "cli.err.not_audio"},
		{app.ErrAudioUndecodable, ExitError, "cli.err.audio_undecodable"},
		// The audio system, as app/local reports it for the app too.
		{app.ErrMicrophoneNotFound, ExitError, "cli.err.device_not_found"}, // before ErrNoMicrophone, which it also is
		{app.ErrNoMicrophone, ExitError, "cli.err.no_microphone"},
		{app.ErrMicrophoneLost, ExitError, "cli.err.device_lost"},
		{app.ErrMicrophoneDenied, ExitError, "cli.err.mic_permission"},
		{app.ErrNoAudioSystem, ExitError, "cli.err.no_audio_system"},
		{app.ErrNoAudioOutput, ExitError, "cli.err.no_audio_output"},
	}
	for _, t := range table {
		if errors.Is(err, t.err) {
			return t.code, i18n.T(t.key) + "\n  (" + err.Error() + ")"
		}
	}
	return ExitError, err.Error()
}

// parse parses flags anywhere among the arguments ("show 3 --json" and
// "show --json 3" both work) and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usageError{flagUsage(fs)}
			}
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseNoArgs parses a verb that takes flags only.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err == nil && len(pos) > 0 {
		err = usagef("cli.err.extra_args", strings.Join(pos, " "))
	}
	return err
}

// listOut writes a listing read with err: list as JSON (an empty list as
// [], each item as asJSON makes it, or as itself when that is nil) or as
// a table under header, one line a row (columns separated by tabs); then
// it says which damaged records the listing left out (a *DamageError in
// err). Any other err is returned before anything is written.
func listOut[T any](env *Env, list []T, err error, json bool, asJSON func(T) any, header string, row func(T) string) error {
	var de *local.DamageError
	if err != nil && !errors.As(err, &de) {
		return err
	}
	if json {
		out := make([]any, 0, len(list))
		for _, x := range list {
			if asJSON != nil {
				out = append(out, asJSON(x))
			} else {
				out = append(out, x)
			}
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
		return warnDamaged(env, de)
	}
	tw := newTable(env.Stdout, 2)
	fmt.Fprintln(tw, header)
	for _, x := range list {
		fmt.Fprintln(tw, row(x))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return warnDamaged(env, de)
}

// warnDamaged ends a listing that left out damaged records: it says which,
// and exits with ExitDamaged.
func warnDamaged(env *Env, de *local.DamageError) error {
	if de == nil {
		return nil
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.err.some_damaged", strings.Join(de.Refs, ", ")))
	return silentError{ExitDamaged}
}

func flagUsage(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(&b, "  --%s  %s\n", f.Name, f.Usage)
	})
	return b.String()
}

// common flags of every verb that opens a vault.
type vaultFlags struct {
	path     string
	stdin    bool
	readOnly bool
}

// vaultVerb starts a verb that opens a vault: its flag set, with --vault,
// --passphrase-stdin and --read-only registered. The verb adds its own
// flags, parses, checks its arguments (before any passphrase is asked
// for), then calls env.openUnlocked(vf).
func vaultVerb(name string) (*flag.FlagSet, *vaultFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	vf := &vaultFlags{}
	vf.register(fs)
	return fs, vf
}

func (vf *vaultFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&vf.path, "vault", local.Vaults{}.DefaultPath(), i18n.T("cli.flag.vault"))
	fs.BoolVar(&vf.stdin, "passphrase-stdin", false, i18n.T("cli.flag.passphrase_stdin"))
	fs.BoolVar(&vf.readOnly, "read-only", false, i18n.T("cli.flag.read_only"))
}

// secret reads one passphrase (or recovery key) from standard input or the
// terminal.
func (env *Env) secret(fromStdin bool, promptKey string) ([]byte, error) {
	if fromStdin {
		line, err := env.stdin.ReadString('\n')
		if err != nil && (err != io.EOF || line == "") {
			return nil, usagef("cli.err.stdin_short")
		}
		return []byte(strings.TrimRight(line, "\r\n")), nil
	}
	if env.Terminal == nil {
		return nil, usagef("cli.err.no_terminal")
	}
	return env.Terminal(i18n.T(promptKey) + " ")
}

// newSecret reads a new passphrase twice.
func (env *Env) newSecret(fromStdin bool) ([]byte, error) {
	a, err := env.secret(fromStdin, "cli.prompt.new_passphrase")
	if err != nil {
		return nil, err
	}
	b, err := env.secret(fromStdin, "cli.prompt.repeat_passphrase")
	if err != nil {
		return nil, err
	}
	defer clear(b)
	if string(a) != string(b) {
		clear(a)
		return nil, fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.mismatch"))
	}
	// The same floor as the app's passphrase screens (package passphrase):
	// a vault or bundle passphrase such as "pw" falls to the first guesses.
	if s, err := passphrase.Check(a, []string{"kiroku", "記録"}); err != nil {
		clear(a)
		return nil, fmt.Errorf("%w; %s", err, i18n.T(s.Hint))
	}
	return a, nil
}

// openUnlocked opens and unlocks the vault named by vf through the
// application layer (app/local), so that every verb runs the same code as
// the app. It starts no background timestamping. Closing the Store closes
// the vault.
func (env *Env) openUnlocked(vf *vaultFlags) (*local.Store, error) {
	return env.openWith(local.Vaults{}, vf)
}

// openWith is openUnlocked with lv's settings (record and play: the audio
// system). The file is opened before the passphrase is asked for, so that
// a path that is no vault is refused first.
func (env *Env) openWith(lv local.Vaults, vf *vaultFlags) (*local.Store, error) {
	st, err := lv.OpenLocked(vf.path, vf.readOnly)
	if err != nil {
		return nil, err
	}
	pass, err := env.secret(vf.stdin, "cli.prompt.passphrase")
	if err != nil {
		st.Close()
		return nil, err
	}
	defer clear(pass)
	if err := st.Unlock(pass); err != nil {
		st.Close()
		return nil, err
	}
	env.checkSeen(st, vf.readOnly) // warns if the vault went back (seen.go)
	if m := st.MetaChanges(); len(m) > 0 {
		fmt.Fprintln(env.Stderr, i18n.T("cli.warn.meta_changed", metaNames(m)))
	}
	return st, nil
}

// cmdVersion prints which build this is and under which licence.
func cmdVersion(env *Env, args []string) error {
	if len(args) > 0 {
		return usagef("cli.usage.version")
	}
	fmt.Fprintln(env.Stdout, i18n.T("cli.version.line", version.Get().String()))
	fmt.Fprintln(env.Stdout, i18n.T("cli.version.licence", version.Licence))
	return nil
}

// cmdLicences prints the licences of everything the binaries include.
func cmdLicences(env *Env, args []string) error {
	if len(args) > 0 {
		return usagef("cli.usage.licences")
	}
	_, err := env.Stdout.Write(assets.Notices)
	return err
}

func cmdHelp(env *Env, args []string) error {
	printHelp(env.Stdout)
	return nil
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, i18n.T("cli.help.intro"))
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		names = append(names, c.name)
	}
	sort.Strings(names)
	for _, c := range commands {
		fmt.Fprintf(w, "  kirokuctl %s\n", i18n.T(c.usage))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.T("cli.help.common"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.T("cli.help.exit_codes"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.T("cli.help.default_vault", local.Vaults{}.DefaultPath()))
}

// Stdio returns an Env on the process's standard streams.
func Stdio(terminal func(string) ([]byte, error)) *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Terminal: terminal, SeenDir: defaultSeenDir()}
}
