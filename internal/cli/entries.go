package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/localzone"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/rules"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// fieldFlags are the entry fields settable from the command line.
type fieldFlags struct {
	when, zone, text, place, impact, actions, lang string
	people, witnesses, categories                  listFlag
	quoteList                                      *[]record.Quote // --quote and --said, in the order given
	recurrence, since, howOften, duration          string
	affected, consulted, wants                     listFlag
	wantsNote                                      string
	set                                            map[string]bool
}

// quoteFlag collects --quote WORDS and --said SPEAKER=WORDS into one list,
// so that the quotes keep the order they were given in.
type quoteFlag struct {
	list    *[]record.Quote
	speaker bool // --said: SPEAKER=WORDS
}

func (q quoteFlag) String() string { return "" }
func (q quoteFlag) Set(s string) error {
	if !q.speaker {
		*q.list = append(*q.list, record.Quote{Words: s})
		return nil
	}
	sp, w, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(sp) == "" {
		return fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.said", s))
	}
	*q.list = append(*q.list, record.Quote{Speaker: sp, Words: w})
	return nil
}

func (ff *fieldFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&ff.when, "when", "", i18n.T("cli.flag.when"))
	fs.StringVar(&ff.zone, "zone", "", i18n.T("cli.flag.zone"))
	fs.StringVar(&ff.text, "text", "", i18n.T("cli.flag.text"))
	ff.quoteList = new([]record.Quote)
	fs.Var(quoteFlag{list: ff.quoteList}, "quote", i18n.T("cli.flag.quote"))
	fs.Var(quoteFlag{list: ff.quoteList, speaker: true}, "said", i18n.T("cli.flag.said"))
	fs.StringVar(&ff.recurrence, "recurrence", "", i18n.T("cli.flag.recurrence"))
	fs.StringVar(&ff.since, "since", "", i18n.T("cli.flag.since"))
	fs.StringVar(&ff.howOften, "how-often", "", i18n.T("cli.flag.how_often"))
	fs.StringVar(&ff.duration, "duration", "", i18n.T("cli.flag.duration"))
	fs.Var(&ff.affected, "affected", i18n.T("cli.flag.affected"))
	fs.Var(&ff.consulted, "consulted", i18n.T("cli.flag.consulted"))
	fs.Var(&ff.wants, "wants", i18n.T("cli.flag.wants"))
	fs.StringVar(&ff.wantsNote, "wants-note", "", i18n.T("cli.flag.wants_note"))
	fs.StringVar(&ff.place, "place", "", i18n.T("cli.flag.place"))
	fs.StringVar(&ff.impact, "impact", "", i18n.T("cli.flag.impact"))
	fs.StringVar(&ff.actions, "actions", "", i18n.T("cli.flag.actions"))
	fs.StringVar(&ff.lang, "language", "", i18n.T("cli.flag.language"))
	fs.Var(&ff.people, "person", i18n.T("cli.flag.person"))
	fs.Var(&ff.witnesses, "witness", i18n.T("cli.flag.witness"))
	fs.Var(&ff.categories, "category", i18n.T("cli.flag.category"))
}

func (ff *fieldFlags) markSet(fs *flag.FlagSet) {
	ff.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { ff.set[f.Name] = true })
}

// apply sets the given flags on base (an empty Fields for add, the current
// fields for edit).
func (ff *fieldFlags) apply(base record.Fields) (record.Fields, error) {
	f := base
	if ff.set["when"] {
		// A time without an offset is the wall time where the event
		// happened: in --zone when given (a laptop may still be on its
		// home zone), else this computer's.
		loc := time.Local
		if ff.set["zone"] {
			if l, err := time.LoadLocation(ff.zone); err == nil {
				loc = l
			}
		}
		t, err := parseWhen(ff.when, loc)
		if err != nil {
			return f, err
		}
		f.EventTime = t
		// A zone name only belongs with a time whose offset it explains.
		if loc, err := time.LoadLocation(f.EventZone); f.EventZone != "" && err == nil && !ff.set["zone"] {
			_, off := t.Zone()
			if _, zoff := t.In(loc).Zone(); zoff != off {
				f.EventZone = ""
			}
		}
	}
	if ff.set["zone"] {
		loc, err := time.LoadLocation(ff.zone)
		if err != nil {
			return f, fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.zone", ff.zone))
		}
		f.EventZone = ff.zone
		if !ff.set["when"] && !f.EventTime.IsZero() {
			f.EventTime = f.EventTime.In(loc)
		}
	}
	if ff.set["text"] {
		f.Text = ff.text
	}
	if ff.set["quote"] || ff.set["said"] {
		// The quotes given replace the entry's; Normalize puts each in
		// its place.
		f.Quote, f.Quotes = "", append([]record.Quote(nil), *ff.quoteList...)
	}
	if ff.set["recurrence"] {
		f.Recurrence = ff.recurrence
	}
	if ff.set["since"] {
		f.Since = ff.since
	}
	if ff.set["how-often"] {
		f.HowOften = ff.howOften
	}
	if ff.set["duration"] {
		f.Duration = ff.duration
	}
	if ff.set["affected"] {
		f.Affected = append([]string(nil), ff.affected...)
	}
	if ff.set["consulted"] {
		f.Consultations = nil
		for _, c := range ff.consulted {
			parts := strings.SplitN(c, ",", 4)
			parts = append(parts, make([]string, 4-len(parts))...)
			with := strings.TrimSpace(parts[0])
			if with == "" && c == "" {
				continue // --consulted "" clears them
			}
			if !slices.Contains(record.ConsultedWith, with) {
				return f, fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.consulted", c))
			}
			f.Consultations = append(f.Consultations, record.Consultation{With: with, Date: parts[1], Name: parts[2], Response: parts[3]})
		}
	}
	if ff.set["wants"] {
		f.Wants = nil
		for _, w := range ff.wants {
			if w != "" {
				f.Wants = append(f.Wants, w)
			}
		}
	}
	if ff.set["wants-note"] {
		f.WantsNote = ff.wantsNote
	}
	if ff.set["place"] {
		f.Place = ff.place
	}
	if ff.set["impact"] {
		f.Impact = ff.impact
	}
	if ff.set["actions"] {
		f.Actions = ff.actions
	}
	if ff.set["language"] {
		if tag := strings.TrimSpace(ff.lang); tag != "" && !record.IsLangTag(tag) {
			return f, fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.language", ff.lang))
		}
		f.Lang = ff.lang
	}
	if ff.set["person"] {
		f.People = nil
		for _, p := range ff.people {
			name, role, _ := strings.Cut(p, ":")
			if strings.TrimSpace(role) == "" {
				role = "other"
			}
			f.People = append(f.People, record.Person{Name: name, Role: role})
		}
	}
	if ff.set["witness"] {
		f.Witnesses = append([]string(nil), ff.witnesses...)
	}
	if ff.set["category"] {
		f.Categories = append([]string(nil), ff.categories...)
	}
	return f, nil
}

// parseWhen accepts RFC 3339 ("2026-10-03T14:30:00+09:00") and, for people
// typing at a terminal, "2026-10-03 14:30" in the local time zone.
func parseWhen(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.when", s))
}

func cmdAdd(env *Env, args []string) error {
	fs, vf := vaultVerb("add")
	var ff fieldFlags
	var batch string
	ff.register(fs)
	fs.StringVar(&batch, "batch", "", i18n.T("cli.flag.batch"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("cli.err.extra_args", strings.Join(pos, " "))
	}
	ff.markSet(fs)
	if batch == "" && !ff.set["text"] && !ff.set["quote"] && !ff.set["said"] {
		return usagef("cli.err.add_needs_text")
	}
	var f record.Fields
	if batch == "" {
		f, err = ff.apply(record.Fields{EventTime: time.Now(), EventZone: localzone.Name()})
		if err != nil {
			return err
		}
		if err := f.Normalize().Validate(); err != nil {
			return err
		}
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	if batch != "" {
		return addBatch(env, v, batch)
	}
	e, err := v.Add(f)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, e.ID)
	// No category given: suggest some from the words (the user decides).
	if len(f.Categories) == 0 {
		words := []string{f.Text, f.Impact, f.Actions}
		for _, q := range f.AllQuotes() {
			words = append(words, q.Words)
		}
		if ids := rules.Default().Suggest(strings.Join(words, "\n")); len(ids) > 0 {
			fmt.Fprintln(env.Stderr, i18n.T("cli.out.suggest_categories", strings.Join(ids, ", "), e.ID))
		}
	}
	return nil
}

// addBatch adds one entry per JSON line (record.Fields), each in its own
// transaction, printing each new id as soon as it is committed.
func addBatch(env *Env, v *local.Store, name string) error {
	var r io.Reader
	if name == "-" {
		r = env.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		// encoding/json would quietly turn bytes that are not UTF-8 into
		// U+FFFD: the entry stored would not be the one given.
		if !utf8.Valid(sc.Bytes()) {
			return fmt.Errorf("line %d: %w", line, apperr.ErrInvalidText)
		}
		var f record.Fields
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.batch_line", line, err))
		}
		if f.EventTime.IsZero() {
			f.EventTime = time.Now()
		}
		e, err := v.Add(f)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		fmt.Fprintln(env.Stdout, e.ID)
	}
	return sc.Err()
}

func cmdEdit(env *Env, args []string) error {
	fs, vf := vaultVerb("edit")
	var ff fieldFlags
	var reason string
	ff.register(fs)
	fs.StringVar(&reason, "reason", "", i18n.T("cli.flag.reason"))
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID(pos)
	if err != nil {
		return err
	}
	ff.markSet(fs)
	if len(ff.set) == 0 || (len(ff.set) == 1 && ff.set["reason"]) {
		return usagef("cli.err.edit_nothing")
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	cur, err := v.Entry(id)
	if err != nil {
		return err
	}
	f, err := ff.apply(cur.Fields)
	if err != nil {
		return err
	}
	e, err := v.Edit(id, f, reason)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, i18n.T("cli.out.edited", e.ID, e.Rev))
	return nil
}

func cmdDelete(env *Env, args []string) error {
	fs, vf := vaultVerb("delete")
	var reason string
	fs.StringVar(&reason, "reason", "", i18n.T("cli.flag.reason"))
	v, id, err := env.openWithID(fs, vf, args)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.Delete(id, reason); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, i18n.T("cli.out.deleted", id))
	return nil
}

// openWithID parses a verb that takes one entry id, then opens and unlocks
// the vault named by its flags.
func (env *Env) openWithID(fs *flag.FlagSet, vf *vaultFlags, args []string) (*local.Store, int64, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, 0, err
	}
	id, err := oneID(pos)
	if err != nil {
		return nil, 0, err
	}
	v, err := env.openUnlocked(vf)
	return v, id, err
}

func oneID(pos []string) (int64, error) {
	if len(pos) != 1 {
		return 0, usagef("cli.err.need_id")
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(pos[0], "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("cli.err.bad_id", pos[0])
	}
	return id, nil
}

// entryJSON is the machine-readable form of an entry in list and show.
type entryJSON struct {
	ID         int64           `json:"id"`
	Rev        int             `json:"rev"`
	Deleted    bool            `json:"deleted,omitempty"`
	EventTime  time.Time       `json:"event_time"`
	EventZone  string          `json:"event_zone"`
	RecordedAt time.Time       `json:"recorded_at"`
	EditedAt   time.Time       `json:"edited_at"`
	Place      string          `json:"place"`
	People     []record.Person `json:"people"`
	Text       string          `json:"text"`
	Quote      string          `json:"quote"`
	Witnesses  []string        `json:"witnesses"`
	Categories []string        `json:"categories"`
	Impact     string          `json:"impact"`
	Actions    string          `json:"actions"`
	Lang       string          `json:"lang,omitempty"`
	// What a consultation sheet asks for (see record.Fields); Quote is
	// the speakerless quote of an older entry, Quotes all the others.
	Quotes        []record.Quote        `json:"quotes,omitempty"`
	Recurrence    string                `json:"recurrence,omitempty"`
	Since         string                `json:"since,omitempty"`
	HowOften      string                `json:"how_often,omitempty"`
	Duration      string                `json:"duration,omitempty"`
	Affected      []string              `json:"affected,omitempty"`
	Consultations []record.Consultation `json:"consultations,omitempty"`
	Wants         []string              `json:"wants,omitempty"`
	WantsNote     string                `json:"wants_note,omitempty"`
}

func toJSON(e record.Entry) entryJSON {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	people := e.People
	if people == nil {
		people = []record.Person{}
	}
	return entryJSON{e.ID, e.Rev, e.Deleted, e.EventTime, e.EventZone, e.RecordedAt, e.EditedAt,
		e.Place, people, e.Text, e.Quote, nz(e.Witnesses), nz(e.Categories), e.Impact, e.Actions, e.Lang,
		e.Quotes, e.Recurrence, e.Since, e.HowOften, e.Duration, e.Affected, e.Consultations, e.Wants, e.WantsNote}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSONList writes a long list as a JSON array with one element per
// line: as valid and as easy to read line by line as writeJSON's, without
// its second, indenting pass over every byte, and encoded on every core in
// order-keeping parts (together, a third of the time of listing 10,000
// entries).
func writeJSONList[T any](w io.Writer, items []T) error {
	if len(items) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	parts := min(runtime.GOMAXPROCS(0), (len(items)+255)/256)
	bufs := make([]bytes.Buffer, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(items)/parts, (p+1)*len(items)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			var one bytes.Buffer
			enc := json.NewEncoder(&one)
			enc.SetEscapeHTML(false)
			out := &bufs[p]
			for i := lo; i < hi; i++ {
				one.Reset()
				if err := enc.Encode(items[i]); err != nil {
					errs[p] = err
					return
				}
				if i == lo {
					// Sized once from the first item: growing by doubling
					// would copy the whole part several times over.
					out.Grow((one.Len() + 4) * (hi - lo) * 5 / 4)
				}
				out.WriteString("  ")
				out.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
				if i < len(items)-1 {
					out.WriteByte(',')
				}
				out.WriteByte('\n')
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return err
	}
	for i := range bufs {
		if _, err := bufs[i].WriteTo(w); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]\n")
	return err
}

func cmdList(env *Env, args []string) error {
	fs, vf := vaultVerb("list")
	var asJSON, all bool
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	fs.BoolVar(&all, "all", false, i18n.T("cli.flag.all"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	var list []record.Entry
	if all {
		list, err = v.AllEntries()
	} else {
		list, err = v.Entries()
	}
	var de *local.DamageError
	if err != nil && !errors.As(err, &de) {
		return err
	}
	if asJSON {
		out := make([]entryJSON, 0, len(list))
		for _, e := range list {
			out = append(out, toJSON(e))
		}
		if werr := writeJSONList(env.Stdout, out); werr != nil {
			return werr
		}
	} else {
		tw := newTable(env.Stdout, 2)
		fmt.Fprintln(tw, i18n.T("cli.out.list_header"))
		for _, e := range list {
			mark := ""
			if e.Edited() {
				mark = "*"
			}
			if e.Deleted {
				mark = "x"
			}
			fmt.Fprintf(tw, "%d%s\t%s\t%s\t%s\n", e.ID, mark, e.EventTime.Format("2006-01-02 15:04 MST"),
				strings.Join(e.Categories, ","), firstLine(e))
		}
		tw.Flush()
	}
	return warnDamaged(env, de)
}

func firstLine(e record.Entry) string {
	s := e.Text
	if qs := e.AllQuotes(); strings.TrimSpace(s) == "" && len(qs) > 0 {
		s = "「" + qs[0].Words + "」"
	}
	s, _, _ = strings.Cut(s, "\n")
	return cutToWidth(s, 60)
}

func cmdShow(env *Env, args []string) error {
	fs, vf := vaultVerb("show")
	var asJSON bool
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	v, id, err := env.openWithID(fs, vf, args)
	if err != nil {
		return err
	}
	defer v.Close()
	e, err := v.Entry(id)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, toJSON(e))
	}
	printEntry(env.Stdout, e.ID, e.Rev, e.RecordedAt, e.EditedAt, e.Fields, e.Deleted)
	// Its translations (訳文), each with its translator.
	trs, err := v.Translations(e.ID)
	var de *local.DamageError
	if err != nil && !errors.As(err, &de) {
		return err
	}
	refs, _ := v.RevisionRefs(e.ID)
	for _, t := range trs {
		fmt.Fprintln(env.Stdout)
		printTranslation(env.Stdout, t, refs)
	}
	return warnDamaged(env, de)
}

func printEntry(w io.Writer, id int64, rev int, recorded, edited time.Time, f record.Fields, deleted bool) {
	tw := newTable(w, 2)
	line := func(key, val string) {
		if strings.TrimSpace(val) != "" {
			fmt.Fprintf(tw, "%s\t%s\n", i18n.T(key), strings.ReplaceAll(val, "\n", "\n\t"))
		}
	}
	line("field.id", fmt.Sprintf("%d (rev %d)", id, rev))
	if deleted {
		line("field.status", i18n.T("field.deleted"))
	}
	line("field.event_time", f.EventTime.Format("2006-01-02 15:04:05 -07:00")+" "+f.EventZone)
	line("field.recorded_at", recorded.Local().Format("2006-01-02 15:04:05 -07:00"))
	if !edited.Equal(recorded) {
		line("field.edited_at", edited.Local().Format("2006-01-02 15:04:05 -07:00"))
	}
	line("field.place", f.Place)
	var people []string
	for _, p := range f.People {
		people = append(people, p.Name+" ("+i18n.T("role."+p.Role)+")")
	}
	line("field.people", strings.Join(people, ", "))
	line("field.text", f.Text)
	var quotes []string
	for _, q := range f.AllQuotes() {
		s := "「" + q.Words + "」"
		if q.Speaker != "" {
			s += " — " + q.Speaker
		}
		quotes = append(quotes, s)
	}
	line("field.quote", strings.Join(quotes, "\n"))
	line("field.witnesses", strings.Join(f.Witnesses, ", "))
	line("field.categories", strings.Join(f.Categories, ", "))
	line("field.impact", f.Impact)
	line("field.actions", f.Actions)
	if f.Lang != "" {
		line("field.lang", languageLabel(f.Lang))
	}
	printSheet(line, f)
	tw.Flush()
}

func cmdHistory(env *Env, args []string) error {
	fs, vf := vaultVerb("history")
	var asJSON bool
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	v, id, err := env.openWithID(fs, vf, args)
	if err != nil {
		return err
	}
	defer v.Close()
	revs, err := v.History(id)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, revs)
	}
	for i, r := range revs {
		if i > 0 {
			fmt.Fprintln(env.Stdout)
		}
		fmt.Fprintln(env.Stdout, i18n.T("cli.out.revision", r.Rev, i18n.T("kind."+r.Kind), r.RecordedAt.Local().Format("2006-01-02 15:04:05 -07:00")))
		if r.Reason != "" {
			fmt.Fprintln(env.Stdout, i18n.T("cli.out.reason", r.Reason))
		}
		if r.Kind != record.KindDelete {
			printEntry(env.Stdout, r.EntryID, r.Rev, r.RecordedAt, r.RecordedAt, r.Fields, false)
		}
	}
	return nil
}

func cmdCheck(env *Env, args []string) error {
	fs, vf := vaultVerb("check")
	var asJSON, acceptOlder, acceptChanges bool
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	fs.BoolVar(&acceptOlder, "accept-older", false, i18n.T("cli.flag.accept_older"))
	fs.BoolVar(&acceptChanges, "accept-changes", false, i18n.T("cli.flag.accept_changes"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	// Settings, tokens or backup log lines changed outside Kiroku are a
	// problem of check's (Store.MetaChanges), unless accepted.
	if acceptChanges && len(v.MetaChanges()) > 0 {
		if err := v.AcceptMetaChanges(); err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, i18n.T("cli.out.meta_accepted"))
	}
	rep, err := v.Check()
	if err != nil {
		return err
	}
	// A vault that went back is a problem of check's, unless accepted
	// (seen.go): inside the file nothing shows it.
	if env.seen != nil && acceptOlder {
		if err := env.acceptSeen(v); err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, i18n.T("cli.out.seen_accepted"))
	} else if env.seen != nil {
		rep.Problems = append(rep.Problems, local.Problem{Ref: "seen", What: seenWarning(*env.seen)})
	}
	if asJSON {
		if rep.Problems == nil {
			rep.Problems = []local.Problem{}
		}
		if err := writeJSON(env.Stdout, rep); err != nil {
			return err
		}
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintf(env.Stdout, "%s: %s\n", p.Ref, p.What)
		}
		fmt.Fprintln(env.Stdout, i18n.T("cli.out.check_summary", rep.Records, rep.Links, rep.Purged, rep.Head))
	}
	if !rep.OK() {
		fmt.Fprintln(env.Stderr, i18n.T("cli.err.check_failed", len(rep.Problems)))
		return silentError{ExitDamaged}
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.check_ok"))
	return nil
}

func cmdInit(env *Env, args []string) error {
	fs, vf := vaultVerb("init")
	var kdfTime, kdfMem uint
	fs.UintVar(&kdfTime, "kdf-time", 0, i18n.T("cli.flag.kdf_time"))
	fs.UintVar(&kdfMem, "kdf-memory", 0, i18n.T("cli.flag.kdf_memory"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	params, err := kdfParams(kdfTime, kdfMem)
	if err != nil {
		return err
	}
	pass, err := env.newSecret(vf.stdin)
	if err != nil {
		return err
	}
	defer clear(pass)
	v, rec, err := local.Vaults{KDF: params}.CreateStore(vf.path, pass)
	if err != nil {
		return err
	}
	ps, _ := v.KDFParams()
	v.Close()
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.created", vf.path))
	if len(ps) > 0 {
		fmt.Fprintln(env.Stderr, i18n.T("cli.out.kdf", ps[0].String()))
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.recovery_intro"))
	fmt.Fprintln(env.Stdout, rec)
	return nil
}

// kdfParams builds Argon2id parameters from flags; zero means calibrate.
// Values below the RFC 9106 minimum are refused.
func kdfParams(t, memMiB uint) (seal.Params, error) {
	if t == 0 && memMiB == 0 {
		return seal.Params{}, nil
	}
	p := seal.Minimum
	if t != 0 {
		p.Time = uint32(t)
	}
	if memMiB != 0 {
		p.MemoryKiB = uint32(memMiB) * 1024
	}
	if !p.AtLeastMinimum() || p.Valid() != nil {
		return p, fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.err.kdf_minimum", seal.Minimum.String()))
	}
	return p, nil
}

func cmdPasswd(env *Env, args []string) error {
	// A new master key, not only a new key slot: a slot kept from an old
	// copy of the file must not open what is written from now on.
	return replacePassphrase(env, "passwd", args, "cli.prompt.passphrase", "cli.out.passwd_done",
		func(v *local.Store, old, nw []byte) (string, error) { return v.ChangePassphrase(old, nw) })
}

func cmdRecover(env *Env, args []string) error {
	return replacePassphrase(env, "recover", args, "cli.prompt.recovery_key", "cli.out.recover_done",
		func(v *local.Store, key, nw []byte) (string, error) {
			return "", v.Recover(string(key), nw, seal.Params{})
		})
}

// replacePassphrase is passwd and recover: open the vault, read what
// proves the right to it (the current passphrase or the recovery key), then
// the new passphrase twice, and apply.
func replacePassphrase(env *Env, name string, args []string, proofPrompt, doneKey string,
	apply func(v *local.Store, proof, newPass []byte) (string, error)) error {
	fs, vf := vaultVerb(name)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	v, err := local.Vaults{}.OpenLocked(vf.path, false)
	if err != nil {
		return err
	}
	defer v.Close()
	proof, err := env.secret(vf.stdin, proofPrompt)
	if err != nil {
		return err
	}
	defer clear(proof)
	nw, err := env.newSecret(vf.stdin)
	if err != nil {
		return err
	}
	defer clear(nw)
	rec, err := apply(v, proof, nw)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, i18n.T(doneKey))
	if rec != "" {
		fmt.Fprintln(env.Stderr, i18n.T("cli.out.recovery_intro"))
		fmt.Fprintln(env.Stdout, rec)
	}
	return nil
}

func cmdPurge(env *Env, args []string) error {
	fs, vf := vaultVerb("purge")
	v, id, err := env.openWithID(fs, vf, args)
	if err != nil {
		return err
	}
	defer v.Close()
	if _, err := v.Entry(id); err != nil {
		return err
	}
	// Two confirmations: the entry number, then the word PURGE.
	fmt.Fprintln(env.Stderr, i18n.T("cli.purge.warning", id))
	ask := func(promptKey, want string) error {
		fmt.Fprint(env.Stderr, i18n.T(promptKey, id)+" ")
		line, _ := env.stdin.ReadString('\n')
		if strings.TrimSpace(line) != want {
			return fmt.Errorf("%w: %s", apperr.ErrInvalidInput, i18n.T("cli.purge.cancelled"))
		}
		return nil
	}
	if err := ask("cli.purge.confirm1", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	if err := ask("cli.purge.confirm2", "PURGE"); err != nil {
		return err
	}
	if err := v.Purge(id); err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, i18n.T("cli.out.purged", id))
	return nil
}

// languageLabel names a writing language for a person: "ベトナム語 —
// Tiếng Việt (vi)" in Japanese.
func languageLabel(tag string) string {
	s := i18n.Default().WritingLanguageLabel(i18n.Language(), tag)
	if s != tag {
		s += " (" + tag + ")"
	}
	return s
}

// cmdLanguages lists the languages an entry can be said to be written in.
func cmdLanguages(env *Env, args []string) error {
	if len(args) > 0 {
		return usagef("cli.usage.languages")
	}
	tw := newTable(env.Stdout, 2)
	for _, l := range i18n.WritingLanguages {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", l.Tag, l.Endonym, i18n.Default().LanguageName(i18n.Language(), l.Tag))
	}
	return tw.Flush()
}

// printSheet writes what a consultation sheet asks for, the fields said
// only.
func printSheet(line func(key, val string), f record.Fields) {
	cat, lang := i18n.Default(), i18n.Language()
	label := func(prefix, id string) string { return cat.KeyOr(lang, prefix, id) }
	pattern := cat.SheetPattern(lang, f.Recurrence, f.Since)
	line("field.pattern", pattern)
	line("field.how_often", f.HowOften)
	line("field.duration", f.Duration)
	line("field.affected", strings.Join(f.Affected, ", "))
	var cs []string
	for _, c := range f.Consultations {
		parts := []string{label("sheet.with.", c.With)}
		for _, p := range []string{c.Date, c.Name, c.Response} {
			if strings.TrimSpace(p) != "" {
				parts = append(parts, p)
			}
		}
		cs = append(cs, strings.Join(parts, " · "))
	}
	line("field.consultations", strings.Join(cs, "\n"))
	var wants []string
	for _, w := range f.Wants {
		wants = append(wants, label("sheet.want.", w))
	}
	if f.WantsNote != "" {
		wants = append(wants, f.WantsNote)
	}
	line("field.wants", strings.Join(wants, "\n"))
}
