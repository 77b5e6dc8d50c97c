package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Transcripts (反訳): what was said in a recording or an imported audio
// file, line by line with times and speakers, kept as records tied to the
// audio's SHA-256.

// cmdTranscript saves a transcript (new, a revision of --id, or taken
// back with --delete) or, with only --id, shows one.
func cmdTranscript(env *Env, args []string) error {
	fs, vf := vaultVerb("transcript")
	var audioRef, transcriber, linesFile, lang, reason, out string
	var speakers listFlag
	var tid int64
	var del, asJSON bool
	fs.StringVar(&audioRef, "audio", "", i18n.T("tr.flag.audio"))
	fs.Int64Var(&tid, "id", 0, i18n.T("tr.flag.id"))
	fs.StringVar(&transcriber, "transcriber", "", i18n.T("tr.flag.transcriber"))
	fs.Var(&speakers, "speaker", i18n.T("tr.flag.speaker"))
	fs.StringVar(&linesFile, "lines", "", i18n.T("tr.flag.lines"))
	fs.StringVar(&lang, "lang", "", i18n.T("tr.flag.lang"))
	fs.StringVar(&reason, "reason", "", i18n.T("tl.flag.reason"))
	fs.BoolVar(&del, "delete", false, i18n.T("tr.flag.delete"))
	fs.StringVar(&out, "out", "", i18n.T("tr.flag.out"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	show := tid > 0 && audioRef == "" && transcriber == "" && linesFile == "" && len(speakers) == 0 && !del
	switch {
	case out != "" && (!show || asJSON):
		return usagef("tr.err.usage")
	case out != "" && local.TranscriptFormat(out) == "":
		return usagef("tr.err.out_format", out)
	case show:
	case del && (tid == 0 || linesFile != ""):
		return usagef("tr.err.delete_usage")
	case !del && linesFile == "":
		return usagef("tr.err.usage")
	case tid == 0 && audioRef == "":
		return usagef("tr.err.usage")
	}
	var sp []record.TranscriptSpeaker
	for _, s := range speakers {
		id, name, ok := strings.Cut(s, "=")
		if !ok {
			return usagef("tr.err.speaker", s)
		}
		sp = append(sp, record.TranscriptSpeaker{ID: strings.TrimSpace(id), Name: name})
	}
	var lines []record.Utterance
	if linesFile != "" {
		b, err := readSmallFile(linesFile)
		if err != nil {
			return err
		}
		if lines, err = parseTranscriptLines(b); err != nil {
			return err
		}
	}
	// "SPEAKER:" is a speaker only when it is one of the voices named
	// (with --speaker, or the revision's); else it is part of the text
	// ("10:30に来い").
	known := func(id string) bool {
		for _, x := range sp {
			if x.ID == id {
				return true
			}
		}
		return false
	}
	if !show && vf.readOnly {
		return usagef("tr.err.read_only")
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	var last *record.TranscriptRevision
	if tid > 0 {
		h, err := v.TranscriptHistory(tid)
		if err != nil {
			return err
		}
		last = &h[len(h)-1]
	}
	if out != "" {
		err := writeFileAtomic(out, func(w io.Writer) error { return v.WriteTranscriptFiling(tid, local.TranscriptFormat(out), w) })
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, i18n.T("tr.out.written", tid, out))
		return nil
	}
	if show {
		if asJSON {
			return writeJSON(env.Stdout, last)
		}
		printTranscript(env, *last)
		return nil
	}
	t := record.TranscriptRevision{TranscriptID: tid, Audio: record.TranscriptAudio{Ref: audioRef}, Transcriber: transcriber,
		Lang: lang, Speakers: sp, Utterances: lines, Reason: reason}
	if last != nil {
		if t.Audio.Ref == "" {
			t.Audio = last.Audio
		}
		if t.Transcriber == "" {
			t.Transcriber = last.Transcriber
		}
		if len(t.Speakers) == 0 && !del {
			t.Speakers = last.Speakers
		}
		if t.Lang == "" {
			t.Lang = last.Lang
		}
	}
	sp = t.Speakers
	for i, u := range t.Utterances {
		if u.Speaker != "" && !known(u.Speaker) {
			t.Utterances[i].Text, t.Utterances[i].Speaker = u.Speaker+":"+u.Text, ""
		}
	}
	if del {
		t.Kind, t.Speakers, t.Utterances = record.KindDelete, nil, nil
	}
	saved, err := v.SaveTranscript(t)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, saved)
	}
	if saved.Kind == record.KindDelete {
		fmt.Fprintln(env.Stdout, i18n.T("tr.out.deleted", saved.TranscriptID))
		return nil
	}
	fmt.Fprintln(env.Stdout, i18n.T("tr.out.saved", saved.TranscriptID, saved.Rev, saved.Audio.Ref, len(saved.Utterances), saved.Audio.SHA256))
	return nil
}

// parseTranscriptLines reads one utterance a line:
// "START-END [SPEAKER:] TEXT", times as m:ss, h:mm:ss, with optional
// tenths or milliseconds ("01:02.5"). Blank lines and lines starting with
// '#' are skipped.
func parseTranscriptLines(b []byte) ([]record.Utterance, error) {
	var out []record.Utterance
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), record.MaxUtteranceText+256)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		span, rest, _ := strings.Cut(line, " ")
		a, z, ok := strings.Cut(span, "-")
		start, err1 := record.ParseTimecode(a)
		end, err2 := record.ParseTimecode(z)
		if !ok || err1 != nil || err2 != nil {
			return nil, usagef("tr.err.line", n, line)
		}
		u := record.Utterance{StartMS: start, EndMS: end, Text: strings.TrimSpace(rest)}
		if sp, text, ok := strings.Cut(u.Text, ":"); ok && sp != "" && !strings.ContainsAny(sp, " \t") && len(sp) <= 16 {
			u.Speaker, u.Text = sp, strings.TrimSpace(text)
		}
		out = append(out, u)
	}
	if err := sc.Err(); err != nil {
		return nil, usagef("tr.err.line", n+1, err.Error())
	}
	return out, nil
}

func printTranscript(env *Env, t record.TranscriptRevision) {
	fmt.Fprintln(env.Stdout, i18n.T("tr.out.header", t.TranscriptID, t.Rev, t.Audio.Ref, t.Transcriber))
	names := map[string]string{}
	for _, s := range t.Speakers {
		names[s.ID] = s.Name
		fmt.Fprintf(env.Stdout, "  %s = %s\n", s.ID, s.Name)
	}
	tw := newTable(env.Stdout, 2)
	for _, u := range t.Utterances {
		who := names[u.Speaker]
		if who == "" {
			who = u.Speaker
		}
		fmt.Fprintf(tw, "%s–%s\t%s\t%s\n", record.Timecode(u.StartMS), record.Timecode(u.EndMS), who, u.Text)
	}
	tw.Flush()
}

// cmdTranscripts lists the current transcripts.
func cmdTranscripts(env *Env, args []string) error {
	fs, vf := vaultVerb("transcripts")
	var asJSON bool
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	list, err := v.Transcripts()
	return listOut(env, list, err, asJSON, nil, i18n.T("tr.out.list_header"), func(t record.TranscriptRevision) string {
		return fmt.Sprintf("%d\t%d\t%s\t%s\t%d", t.TranscriptID, t.Rev, t.Audio.Ref, t.Transcriber, len(t.Utterances))
	})
}
