package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// Translations of entries (訳文): the Japanese translation a court asks for
// of a document in another language (民事訴訟規則138条), typed by the worker
// or a supporter, kept beside the entry as its own record.

// cmdTranslate shows what of an entry can be translated, or saves a
// translation (a new one, or a new revision of --id).
func cmdTranslate(env *Env, args []string) error {
	fs, vf := vaultVerb("translate")
	var entryID, tid int64
	var translator, date, partsFile, reason string
	var parts listFlag
	var del, asJSON bool
	fs.Int64Var(&entryID, "entry", 0, i18n.T("tl.flag.entry"))
	fs.Int64Var(&tid, "id", 0, i18n.T("tl.flag.id"))
	fs.StringVar(&translator, "translator", "", i18n.T("tl.flag.translator"))
	fs.StringVar(&date, "date", "", i18n.T("tl.flag.date"))
	fs.Var(&parts, "part", i18n.T("tl.flag.part"))
	fs.StringVar(&partsFile, "parts-file", "", i18n.T("tl.flag.parts_file"))
	fs.StringVar(&reason, "reason", "", i18n.T("tl.flag.reason"))
	fs.BoolVar(&del, "delete", false, i18n.T("tl.flag.delete"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if entryID <= 0 {
		return usagef("tl.err.usage")
	}
	saving := translator != "" || len(parts) > 0 || partsFile != "" || del
	if del && (tid == 0 || len(parts) > 0 || partsFile != "") {
		return usagef("tl.err.delete_usage")
	}
	fields := map[string]string{}
	if partsFile != "" {
		b, err := readSmallFile(partsFile)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &fields); err != nil {
			return usagef("tl.err.parts_file", partsFile, err)
		}
	}
	for _, p := range parts {
		k, text, ok := strings.Cut(p, "=")
		if !ok || !record.IsTranslationPart(strings.TrimSpace(k)) {
			return usagef("tl.err.part", p)
		}
		fields[strings.TrimSpace(k)] = text
	}
	if saving && vf.readOnly {
		return usagef("tl.err.read_only")
	}
	if saving && !del && date == "" {
		date = time.Now().Format("2006-01-02")
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	e, err := v.Entry(entryID)
	if err != nil {
		return err
	}
	if !saving {
		return printTranslatable(env, v, e, asJSON)
	}
	t := record.EntryTranslation{TranslationID: tid, EntryID: entryID, Translator: translator, TranslatedOn: date,
		Fields: fields, Reason: reason}
	if del {
		t.Kind = record.KindDelete
	} else if tid != 0 && translator == "" {
		// An edit keeps the translator unless another is named.
		h, err := v.TranslationHistory(tid)
		if err != nil {
			return err
		}
		t.Translator = h[len(h)-1].Translator
	}
	saved, err := v.SaveTranslation(t)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, saved)
	}
	switch saved.Kind {
	case record.KindDelete:
		fmt.Fprintln(env.Stdout, i18n.T("tl.out.deleted", saved.TranslationID, saved.EntryID))
	default:
		fmt.Fprintln(env.Stdout, i18n.T("tl.out.saved", saved.TranslationID, saved.Rev, saved.EntryID, len(saved.Fields)))
	}
	return nil
}

// readSmallFile reads a file a user names on the command line (at most
// 16 MiB).
func readSmallFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 16<<20+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > 16<<20 {
		return nil, usagef("tl.err.too_large", path)
	}
	return b, nil
}

type translatableJSON struct {
	Entry        int64                     `json:"entry"`
	Rev          int                       `json:"rev"`
	Lang         string                    `json:"lang,omitempty"`
	Parts        []partJSON                `json:"parts"`
	Translations []record.EntryTranslation `json:"translations"`
}

type partJSON struct {
	Key      string `json:"key"`
	Original string `json:"original"`
}

// printTranslatable lists the parts of entry e a translator fills in,
// with the translations it has.
func printTranslatable(env *Env, v *local.Store, e record.Entry, asJSON bool) error {
	trs, err := v.Translations(e.ID)
	var de *local.DamageError
	if err != nil && !errors.As(err, &de) {
		return err
	}
	parts := record.TranslationParts(e.Fields)
	if asJSON {
		out := translatableJSON{Entry: e.ID, Rev: e.Rev, Lang: e.Fields.Lang, Parts: []partJSON{}, Translations: trs}
		for _, p := range parts {
			out.Parts = append(out.Parts, partJSON(p))
		}
		if out.Translations == nil {
			out.Translations = []record.EntryTranslation{}
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
		return warnDamaged(env, de)
	}
	if len(parts) == 0 {
		fmt.Fprintln(env.Stdout, i18n.T("tl.out.nothing", e.ID))
		return warnDamaged(env, de)
	}
	fmt.Fprintln(env.Stdout, i18n.T("tl.out.parts_header", e.ID, e.Rev))
	tw := newTable(env.Stdout, 2)
	for _, p := range parts {
		fmt.Fprintf(tw, "%s\t%s\n", p.Key, strings.ReplaceAll(p.Original, "\n", "\n\t"))
	}
	tw.Flush()
	revRefs, _ := v.RevisionRefs(e.ID)
	for _, t := range trs {
		fmt.Fprintln(env.Stdout)
		printTranslation(env.Stdout, t, revRefs)
	}
	if len(trs) == 0 {
		fmt.Fprintln(env.Stdout, "\n"+i18n.T("tl.out.none_yet", e.ID))
	}
	return warnDamaged(env, de)
}

// printTranslation prints one translation: who, when, of which wording,
// and each part.
func printTranslation(w io.Writer, t record.EntryTranslation, revRefs []string) {
	fmt.Fprintln(w, i18n.T("tl.out.header", t.TranslationID, t.Rev, t.Translator, t.TranslatedOn))
	if len(revRefs) > 0 && t.Source.Ref != revRefs[len(revRefs)-1] {
		fmt.Fprintln(w, i18n.T("tl.out.stale"))
	}
	tw := newTable(w, 2)
	for _, k := range sortedParts(t.Fields) {
		fmt.Fprintf(tw, "  %s\t%s\n", k, strings.ReplaceAll(t.Fields[k], "\n", "\n\t"))
	}
	tw.Flush()
}

// sortedParts returns the keys of fields in reading order (as
// TranslationParts lists them), numbered parts by number.
func sortedParts(fields map[string]string) []string {
	order := func(k string) (int, int) {
		base, n, _ := strings.Cut(k, ".")
		var num int
		fmt.Sscan(n, &num)
		rank := map[string]int{record.PartPlace: 0, record.PartText: 1, record.PartSpeaker: 2, record.PartQuote: 2,
			record.PartImpact: 3, record.PartActions: 4, record.PartHowOften: 5, record.PartDuration: 6,
			record.PartResponse: 7, record.PartWantsNote: 8}[base]
		if base == record.PartQuote {
			return rank, num*2 + 1
		}
		if base == record.PartSpeaker {
			return rank, num * 2
		}
		return rank, num
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0; j-- {
			a1, a2 := order(keys[j-1])
			b1, b2 := order(keys[j])
			if a1 < b1 || (a1 == b1 && a2 <= b2) {
				break
			}
			keys[j-1], keys[j] = keys[j], keys[j-1]
		}
	}
	return keys
}

// cmdTranslations lists the current translation of entries: of one entry
// with --entry, else of all.
func cmdTranslations(env *Env, args []string) error {
	fs, vf := vaultVerb("translations")
	var entryID int64
	var asJSON bool
	fs.Int64Var(&entryID, "entry", 0, i18n.T("tl.flag.entry"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	trs, err := v.Translations(entryID)
	return listOut(env, trs, err, asJSON, nil, i18n.T("tl.out.list_header"), func(t record.EntryTranslation) string {
		current := i18n.T("tl.out.current")
		if refs, err := v.RevisionRefs(t.EntryID); err == nil && len(refs) > 0 && refs[len(refs)-1] != t.Source.Ref {
			current = i18n.T("tl.out.older")
		}
		return fmt.Sprintf("%d\t%d\t%d\t%s\t%s\t%d\t%s", t.TranslationID, t.EntryID, t.Rev, t.Translator, t.TranslatedOn, len(t.Fields), current)
	})
}
