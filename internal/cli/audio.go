package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

func parseBackend(s string) (local.Vaults, error) {
	b, err := local.ParseBackend(s)
	if err != nil {
		return local.Vaults{}, usagef("cli.err.backend", s)
	}
	return local.Vaults{Backend: b}, nil
}

func cmdDevices(env *Env, args []string) error {
	fs := flag.NewFlagSet("devices", flag.ContinueOnError)
	var backend string
	var asJSON bool
	fs.StringVar(&backend, "backend", "default", i18n.T("cli.flag.backend"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	lv, err := parseBackend(backend)
	if err != nil {
		return err
	}
	devs, err := lv.Microphones()
	if err != nil {
		return err
	}
	if asJSON {
		type dev struct {
			ID      string `json:"id"`
			Name    string `json:"name"`
			Default bool   `json:"default"`
		}
		out := []dev{}
		for _, d := range devs {
			out = append(out, dev{d.ID, d.Name, d.Default})
		}
		return writeJSON(env.Stdout, out)
	}
	for _, d := range devs {
		mark := " "
		if d.Default {
			mark = "*"
		}
		fmt.Fprintf(env.Stdout, "%s %s\n", mark, d.Name)
	}
	if len(devs) == 0 {
		return app.ErrNoMicrophone
	}
	return nil
}

func cmdRecord(env *Env, args []string) error {
	fs, vf := vaultVerb("record")
	var seconds float64
	var device, backend, label, codec string
	var entry int64
	var rate int
	fs.Float64Var(&seconds, "seconds", 0, i18n.T("cli.flag.seconds"))
	fs.StringVar(&device, "device", "", i18n.T("cli.flag.device"))
	fs.StringVar(&backend, "backend", "default", i18n.T("cli.flag.backend"))
	fs.Int64Var(&entry, "entry", 0, i18n.T("cli.flag.entry"))
	fs.StringVar(&label, "label", "", i18n.T("cli.flag.label"))
	fs.IntVar(&rate, "rate", 48000, i18n.T("cli.flag.rate"))
	fs.StringVar(&codec, "codec", "", i18n.T("cli.flag.codec"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if seconds < 0 {
		return usagef("cli.err.seconds")
	}
	switch codec {
	case "":
	case "opus":
		codec = record.CodecOpus
	case "pcm", record.CodecPCM:
		codec = record.CodecPCM
	default:
		return usagef("cli.err.codec", codec)
	}
	lv, err := parseBackend(backend)
	if err != nil {
		return err
	}
	st, err := env.openWith(lv, vf)
	if err != nil {
		return err
	}
	defer st.Close()
	// The app's own capture loop (app/local): the microphone opens first,
	// then the recording is made in the vault, each chunk committed.
	sess, err := st.Record(app.RecordOptions{EntryID: entry, Device: device, SampleRate: rate, Label: label, Codec: codec})
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.recording", sess.ID()))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	var timer <-chan time.Time
	if seconds > 0 {
		timer = time.After(time.Duration(seconds * float64(time.Second)))
	}
	select {
	case <-timer:
	case <-stop:
	case <-sess.Done(): // the microphone was lost or the disk failed
	}
	r, err := sess.Stop()
	if r.ID != 0 {
		fmt.Fprintln(env.Stdout, r.ID)
		fmt.Fprintln(env.Stderr, i18n.T("cli.out.recorded", r.ID, r.Duration.Round(time.Millisecond).String(), r.SHA256))
	}
	if err != nil {
		key := "cli.err.record_kept"
		if !errors.Is(err, app.ErrMicrophoneLost) {
			key = "cli.err.record_store"
		}
		return fmt.Errorf("%s: %w", i18n.T(key, sess.ID()), err)
	}
	return nil
}

// recordingJSON is the machine-readable form of a recording.
type recordingJSON struct {
	ID        int64              `json:"id"`
	State     string             `json:"state"`
	StartedAt time.Time          `json:"started_at"`
	Device    string             `json:"device"`
	Entry     int64              `json:"entry"`
	Label     string             `json:"label"`
	Format    record.AudioFormat `json:"format"`
	Chunks    int64              `json:"chunks"`
	Frames    int64              `json:"frames"`
	Duration  float64            `json:"duration_s"`
	WAVSHA256 string             `json:"wav_sha256,omitempty"`
	// OpusSHA256: the canonical Ogg Opus file's, for an Opus recording.
	OpusSHA256 string          `json:"opus_sha256,omitempty"`
	Markers    []record.Marker `json:"markers"`
}

func cmdRecordings(env *Env, args []string) error {
	fs, vf := vaultVerb("recordings")
	var asJSON bool
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	list, err := v.AllRecordings()
	return listOut(env, list, err, asJSON, func(r local.Recording) any {
		j := recordingJSON{ID: r.ID, State: r.State, StartedAt: r.Start.StartedAt, Device: r.Start.Device,
			Entry: r.Start.EntryID, Label: r.Start.Label, Format: r.Start.Format, Chunks: r.Chunks,
			Frames: r.Frames, Duration: r.Duration.Seconds(), Markers: r.Markers}
		if r.End != nil {
			j.WAVSHA256, j.OpusSHA256 = r.End.WAVSHA256, r.End.OpusSHA256
		}
		return j
	}, i18n.T("cli.out.recordings_header"), func(r local.Recording) string {
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%d", r.ID, r.Start.StartedAt.Local().Format("2006-01-02 15:04:05"),
			r.Duration.Round(time.Second), i18n.T("state."+r.State), len(r.Markers))
	})
}

func cmdExtract(env *Env, args []string) error {
	fs, vf := vaultVerb("extract")
	var recID, attID int64
	var out string
	var decoded bool
	fs.Int64Var(&recID, "recording", 0, i18n.T("cli.flag.recording"))
	fs.Int64Var(&attID, "attachment", 0, i18n.T("cli.flag.attachment"))
	fs.StringVar(&out, "out", "", i18n.T("cli.flag.out"))
	fs.BoolVar(&decoded, "decoded", false, i18n.T("cli.flag.decoded"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if out == "" || (recID == 0) == (attID == 0) {
		return usagef("cli.err.extract_usage")
	}
	if attID != 0 && decoded {
		return extractDecoded(env, vf, attID, out)
	}
	if attID != 0 {
		return extractAttachment(env, vf, attID, out)
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	// The recording's canonical file (what a bundle holds, what its end
	// record hashes: WAV or Ogg Opus), or with --decoded always a WAV,
	// decoded in memory from an Opus recording.
	var sum []byte
	err = writeFileAtomic(out, func(w io.Writer) error {
		var err error
		if decoded {
			sum, err = v.ExportWAV(recID, w)
		} else {
			sum, err = v.ExportAudio(recID, w)
		}
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%x  %s\n", sum, filepath.Base(out))
	return nil
}

// writeFileAtomic writes a file the user relies on: a temporary file in the
// same folder, written, synced and closed, then renamed into place and the
// folder synced. An existing file is never overwritten, and a failure
// leaves nothing with the final name.
func writeFileAtomic(path string, fill func(io.Writer) error) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s: %w", path, apperr.ErrExists)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".part-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s: %w", path, apperr.ErrExists)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func cmdPlay(env *Env, args []string) error {
	fs, vf := vaultVerb("play")
	var recID int64
	var from float64
	var backend string
	fs.Int64Var(&recID, "recording", 0, i18n.T("cli.flag.recording"))
	fs.Float64Var(&from, "from", 0, i18n.T("cli.flag.from"))
	fs.StringVar(&backend, "backend", "default", i18n.T("cli.flag.backend"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if recID == 0 || from < 0 {
		return usagef("cli.err.play_usage")
	}
	lv, err := parseBackend(backend)
	if err != nil {
		return err
	}
	st, err := env.openWith(lv, vf)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := st.OpenPlayback(recID)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := p.Seek(time.Duration(from * float64(time.Second))); err != nil {
		return err
	}
	if err := p.Play(); err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.playing", recID, p.Duration().Round(time.Second).String()))
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return nil
		case <-tick.C:
		}
		if !p.Playing() {
			if err := p.Err(); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, p.Position().Round(time.Millisecond).Seconds())
			return nil
		}
	}
}
