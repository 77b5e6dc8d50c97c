package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// wrapVaults hands out Stores wrapped by wrap (to add an Exporter or
// Timestamps to a fake or real Store).
type wrapVaults struct {
	app.Vaults
	wrap func(app.Store) app.Store
}

func (v wrapVaults) Create(path string, pass []byte) (app.Store, string, error) {
	st, key, err := v.Vaults.Create(path, pass)
	if err != nil {
		return nil, "", err
	}
	return v.wrap(st), key, nil
}

func (v wrapVaults) Open(path string, pass []byte) (app.Store, error) {
	st, err := v.Vaults.Open(path, pass)
	if err != nil {
		return nil, err
	}
	return v.wrap(st), nil
}

func (v wrapVaults) Recover(path, key string, pass []byte) (app.Store, error) {
	st, err := v.Vaults.Recover(path, key, pass)
	if err != nil {
		return nil, err
	}
	return v.wrap(st), nil
}

// fakeExporter is an Exporter over the fake vault: it plans by the
// selection's dates, categories, people and ids, and "writes" a folder or
// file holding the entries' texts.
type fakeExporter struct {
	app.Store
	mu       sync.Mutex
	sels     []app.ExportSelection
	opts     []app.ExportOptions
	gate     chan struct{} // if set, Export waits for it or for ctx
	started  chan struct{} // if set, closed when Export starts waiting
	verifyOK bool
	through  uint64 // the last link a trusted timestamp covers, of 5
	verified []string
	unbound  bool   // the result says the vault could not record the export
	stampErr string // the result says the export link could not be dated
}

func (f *fakeExporter) PlanExport(sel app.ExportSelection) (app.ExportPlan, error) {
	f.mu.Lock()
	f.sels = append(f.sels, sel)
	f.mu.Unlock()
	ents, err := f.Store.Entries()
	if err != nil {
		return app.ExportPlan{}, err
	}
	p := app.ExportPlan{Selection: sel}
	for i := len(ents) - 1; i >= 0; i-- { // event order
		e := ents[i]
		day := e.EventTime.Format(time.DateOnly)
		switch {
		case !sel.From.IsZero() && day < sel.From.Format(time.DateOnly),
			!sel.To.IsZero() && day > sel.To.Format(time.DateOnly),
			len(sel.Categories) > 0 && !slices.ContainsFunc(e.Categories, func(c string) bool { return slices.Contains(sel.Categories, c) }),
			len(sel.People) > 0 && !slices.ContainsFunc(e.People, func(p record.Person) bool { return slices.Contains(sel.People, p.Name) }),
			len(sel.Entries) > 0 && !slices.Contains(sel.Entries, e.ID):
			continue
		}
		p.Entries = append(p.Entries, app.ExportEntry{ID: e.ID, EventTime: e.EventTime, EventZone: e.EventZone, Text: e.Text})
		p.Bytes += 2048
	}
	if sel.Recordings {
		p.Recordings = 1
	}
	return p, nil
}

func (f *fakeExporter) Export(ctx context.Context, plan app.ExportPlan, opts app.ExportOptions, progress func(done, total int64)) (app.ExportResult, error) {
	f.mu.Lock()
	o := opts
	o.Passphrase = bytes.Clone(opts.Passphrase)
	f.opts = append(f.opts, o)
	f.mu.Unlock()
	progress(1, 2)
	if f.gate != nil {
		if f.started != nil {
			close(f.started)
		}
		select {
		case <-f.gate:
		case <-ctx.Done():
			return app.ExportResult{}, ctx.Err()
		}
	}
	var b strings.Builder
	for _, e := range plan.Entries {
		b.WriteString(e.Text + "\n")
	}
	out := exportTarget(opts)
	if opts.Form == app.FormFolder {
		if err := os.Mkdir(out, 0o700); err != nil {
			return app.ExportResult{}, err
		}
		out = filepath.Join(out, "entries.txt")
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o600); err != nil {
		return app.ExportResult{}, err
	}
	progress(2, 2)
	return app.ExportResult{Path: exportTarget(opts), Entries: len(plan.Entries), HeadSeq: 7, HeadLink: "ab12", Unbound: f.unbound, StampErr: f.stampErr}, nil
}

func (f *fakeExporter) VerifyBundle(ctx context.Context, path string) (app.VerifyResult, error) {
	f.mu.Lock()
	f.verified = append(f.verified, path)
	ok, through := f.verifyOK, f.through
	f.mu.Unlock()
	if ok {
		return app.VerifyResult{OK: true, Anchored: through == 5, AnchoredThrough: through, HeadSeq: 5,
			Report: func(lang string) string { return "VERIFIED " + lang }}, nil
	}
	return app.VerifyResult{OK: false, Problems: 2, Report: func(lang string) string { return "changed: data/entries.json " + lang }}, nil
}

// exportHarness opens the fake vault with three entries, the middle one
// with a person, and an Exporter around it.
func exportHarness(t *testing.T) (*harness, *fakeExporter) {
	t.Helper()
	v, s := vaultWith("first entry\nsecond line", "about Tanaka", "third entry")
	s.revs[2][0].Fields.People = []record.Person{{Name: "Tanaka", Role: "superior"}}
	s.revs[3][0].Fields.Categories = []string{"sexual-harassment"}
	fe := &fakeExporter{verifyOK: true}
	h := newHarness(t, wrapVaults{Vaults: v, wrap: func(st app.Store) app.Store { fe.Store = st; return fe }}, Options{VaultPath: testPath})
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_DOCUMENTS_DIR", "")
	h.unlock()
	return h, fe
}

// openExport opens the wizard with its Ctrl+digit shortcut.
func (h *harness) openExport() *exportScreen {
	h.t.Helper()
	k, ok := NavKey("export")
	if !ok {
		h.t.Fatal("export has no Ctrl+digit shortcut")
	}
	h.shortcut(ctrl(fyne.KeyName(k)))
	h.settle()
	s, ok := h.a.cur.(*exportScreen)
	if !ok {
		h.t.Fatalf("Ctrl+%s opened %T, want the export wizard", k, h.a.cur)
	}
	return s
}

func (h *harness) checkBox(label string) *widget.Check {
	var found *widget.Check
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && found == nil && c.Text == label {
			found = c
		}
	})
	if found == nil {
		h.t.Fatalf("no tick box %q; texts %q", label, h.texts())
	}
	return found
}

func (h *harness) radioOption(option string) {
	h.t.Helper()
	var found *widget.RadioGroup
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RadioGroup); ok && found == nil && slices.Contains(r.Options, option) {
			found = r
		}
	})
	if found == nil {
		h.t.Fatalf("no option %q; texts %q", option, h.texts())
	}
	found.SetSelected(option)
	h.settle()
}

func TestExportWizard(t *testing.T) {
	h, fe := exportHarness(t)
	s := h.openExport()
	home, _ := os.UserHomeDir()
	if s.dir.Text != home || s.name.Text != "kiroku-bundle-20260401" {
		t.Errorf("destination %q / %q, want the home folder (no Documents) and kiroku-bundle-20260401", s.dir.Text, s.name.Text)
	}
	if s.lang != "ja" {
		t.Errorf("report language %q, want ja (the default)", s.lang)
	}
	if !h.hasText(i18n.T("ui.export.intro")) || !h.hasText("Tanaka") {
		t.Errorf("wizard lacks its intro or the people list; texts %q", h.texts())
	}
	dir := t.TempDir()
	s.dir.SetText(dir)
	test.Type(s.from, "2026-03-02")
	h.checkBox("Tanaka").SetChecked(true)
	h.checkBox(i18n.T("ui.export.inc_hours")).SetChecked(false)
	h.radioOption(i18n.T("ui.settings.export_both"))
	h.tap("ui.export.preview")

	if _, ok := h.a.cur.(*exportScreen); !ok || s.step != stepPreview {
		t.Fatalf("after Preview: %T step %d; texts %q", h.a.cur, s.step, h.texts())
	}
	sel := fe.sels[len(fe.sels)-1]
	if sel.From.Format(time.DateOnly) != "2026-03-02" || !sel.To.IsZero() || !slices.Equal(sel.People, []string{"Tanaka"}) ||
		!sel.Recordings || !sel.Attachments || sel.Hours || sel.Metadata {
		t.Errorf("selection %+v", sel)
	}
	for _, want := range []string{i18n.T("ui.export.counts", 1, 1, 0, 0), "2026-03-02  about Tanaka",
		i18n.T("ui.export.summary_path", filepath.Join(dir, "kiroku-bundle-20260401")), i18n.T("ui.export.summary_lang", i18n.T("ui.settings.export_both"))} {
		if !h.hasText(want) {
			t.Errorf("preview lacks %q; texts %q", want, h.texts())
		}
	}
	if h.hasText("third entry") {
		t.Error("preview lists an entry the selection leaves out")
	}
	if !h.hasText(i18n.T("ui.export.plain_warning")) {
		t.Errorf("a folder export is not said to be unencrypted; texts %q", h.texts())
	}
	if f, ok := s.focus().(*widget.Button); !ok || f.Text != i18n.T("ui.export.write") {
		t.Errorf("preview focuses %v, want the Write button", s.focus())
	}

	h.tap("ui.export.write")
	if s.step != stepDone {
		t.Fatalf("after Write: step %d; texts %q", s.step, h.texts())
	}
	if o := fe.opts[0]; o.Dir != dir || o.Name != "kiroku-bundle-20260401" || o.Form != app.FormFolder || o.Lang != "both" {
		t.Errorf("export options %+v", o)
	}
	out := filepath.Join(dir, "kiroku-bundle-20260401")
	if b, err := os.ReadFile(filepath.Join(out, "entries.txt")); err != nil || string(b) != "about Tanaka\n" {
		t.Errorf("bundle holds %q, %v", b, err)
	}
	if !h.hasText(out) || !h.hasText(i18n.T("ui.export.done_title")) {
		t.Errorf("done step does not say where; texts %q", h.texts())
	}
	h.tap("ui.export.check")
	if !h.hasText(i18n.T("ui.export.check_unanchored")) || !h.hasText("VERIFIED en") || len(fe.verified) != 1 || fe.verified[0] != out {
		t.Errorf("check: verified %q; texts %q", fe.verified, h.texts())
	}
	// The result follows a language switch.
	h.a.SetLanguage("ja")
	if !h.hasText(i18n.T("ui.export.check_unanchored")) || !h.hasText("VERIFIED ja") {
		t.Errorf("after switching to Japanese: texts %q", h.texts())
	}
	h.a.SetLanguage("en")

	fe.verifyOK = false
	h.tap("ui.export.check")
	if !h.hasText(i18n.T("ui.export.check_bad", 2)) || !h.hasText("changed: data/entries.json en") {
		t.Errorf("a failed check is not shown; texts %q", h.texts())
	}

	// Again: the name moves on, since the first is taken.
	h.tap("ui.export.another")
	if s.step != stepChoose || s.name.Text != "kiroku-bundle-20260401-2" {
		t.Errorf("export again: step %d, name %q", s.step, s.name.Text)
	}
}

func TestExportValidation(t *testing.T) {
	h, fe := exportHarness(t)
	s := h.openExport()
	dir := t.TempDir()
	s.dir.SetText(dir)
	for _, tt := range []struct {
		name string
		set  func()
		want string
	}{
		{"bad date", func() { s.from.SetText("2026-13-40") }, i18n.T("ui.export.err.date", "2026-13-40")},
		{"range", func() { s.from.SetText("2026-03-03"); s.to.SetText("2026-03-01") }, i18n.T("ui.export.err.range")},
		{"no folder", func() { s.from.SetText(""); s.to.SetText(""); s.dir.SetText(filepath.Join(dir, "nope")) },
			i18n.T("ui.export.err.no_folder", filepath.Join(dir, "nope"))},
		{"bad name", func() { s.dir.SetText(dir); s.name.SetText("a/b") }, i18n.T("ui.export.err.name")},
		{"exists", func() {
			s.name.SetText("taken")
			if err := os.Mkdir(filepath.Join(dir, "taken"), 0o700); err != nil {
				t.Fatal(err)
			}
		}, i18n.T("ui.export.err.exists", "taken")},
		{"pick none", func() {
			s.name.SetText("fresh")
			s.pickOnly = true
			clear(s.picked)
		}, i18n.T("ui.export.err.pick")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.set()
			h.tap("ui.export.preview")
			if s.step != stepChoose || !h.hasText(tt.want) {
				t.Errorf("step %d; want %q in %q", s.step, tt.want, h.texts())
			}
		})
	}
	if len(fe.sels) != 0 {
		t.Errorf("planned despite errors: %+v", fe.sels)
	}

	// Encrypted: the lawyer's passphrase twice, explained.
	s.pickOnly = false
	h.radioOption(i18n.T("ui.export.form_age"))
	if !h.hasText(i18n.T("ui.export.age_hint")) {
		t.Errorf("no explanation of age; texts %q", h.texts())
	}
	test.Type(s.pass.first, "copper meadow violin 42 sunrise")
	test.Type(s.pass.second, "copper meadow violin 42 sunrisf")
	h.tap("ui.export.preview")
	if s.step != stepChoose || !h.hasText(i18n.T("ui.pass.err.mismatch")) {
		t.Errorf("mismatched passphrases: step %d; texts %q", s.step, h.texts())
	}
	s.pass.second.SetText("copper meadow violin 42 sunrise")
	h.tap("ui.export.preview")
	if h.hasText(i18n.T("ui.export.plain_warning")) {
		t.Error("an encrypted export is said to be unencrypted")
	}
	h.tap("ui.export.write")
	if s.step != stepDone || len(fe.opts) != 1 {
		t.Fatalf("encrypted export: step %d; texts %q", s.step, h.texts())
	}
	if o := fe.opts[0]; o.Form != app.FormEncrypted || string(o.Passphrase) != "copper meadow violin 42 sunrise" {
		t.Errorf("options %+v", o)
	}
	if _, err := os.Stat(filepath.Join(dir, "fresh.zip.age")); err != nil {
		t.Error(err)
	}
	if s.pass.first.Text != "" || s.pass.second.Text != "" {
		t.Error("the lawyer's passphrase stays in its fields after the export")
	}
	if b := h.button(i18n.T("ui.export.check")); b == nil || !b.Disabled() {
		t.Error("Check it now should wait until an encrypted bundle is decrypted")
	}
	if !h.hasText(i18n.T("ui.export.done_age", "fresh.zip.age", "fresh.zip")) {
		t.Errorf("no instructions for the lawyer; texts %q", h.texts())
	}
}

func TestExportCancel(t *testing.T) {
	h, fe := exportHarness(t)
	fe.gate, fe.started = make(chan struct{}), make(chan struct{})
	s := h.openExport()
	dir := t.TempDir()
	s.dir.SetText(dir)
	h.tap("ui.export.preview")
	test.Tap(h.button(i18n.T("ui.export.write")))
	<-fe.started
	// The progress callback's refresh runs on the UI queue.
	for _, f := range h.queue.drain() {
		f()
	}
	if s.step != stepRunning || !h.hasText(i18n.T("ui.export.running_title")) {
		t.Fatalf("step %d while exporting; texts %q", s.step, h.texts())
	}
	if s.bar == nil || s.bar.Value != 0.5 {
		t.Errorf("progress bar at %v, want 0.5", s.bar)
	}
	h.tap("ui.export.cancel")
	if s.step != stepPreview || !h.hasText(i18n.T("ui.export.cancelled")) {
		t.Errorf("after Cancel: step %d; texts %q", s.step, h.texts())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("cancelled export left %v", ents)
	}
}

// The timeline's selected entry is ready to be chosen alone; a Store
// that cannot export says so.
func TestExportFromTimelineSelection(t *testing.T) {
	h, fe := exportHarness(t)
	m := h.a.cur.(*mainScreen)
	m.list.Select(1) // newest first: "about Tanaka", id 2
	h.settle()
	if m.selected != 2 {
		t.Fatalf("selected %d", m.selected)
	}
	s := h.openExport()
	s.dir.SetText(t.TempDir())
	s.acc.Open(2)
	h.checkBox(i18n.T("ui.export.pick_only")).SetChecked(true)
	h.settle()
	if !h.hasText(i18n.T("ui.export.entries") + " — " + i18n.T("ui.export.n_chosen", 1)) {
		t.Errorf("the title does not count the timeline's selection; texts %q", h.texts())
	}
	s.list.Resize(fyne.NewSize(600, 260))
	if !h.checkBox("2026-03-02  about Tanaka").Checked || h.checkBox("2026-03-01  first entry").Checked {
		t.Errorf("the timeline's selection is not ticked; texts %q", h.texts())
	}
	h.tap("ui.export.preview")
	if sel := fe.sels[0]; !slices.Equal(sel.Entries, []int64{2}) {
		t.Errorf("entries %v, want [2]", sel.Entries)
	}

	v, _ := vaultWith("x")
	h2 := newHarness(t, v, Options{VaultPath: testPath})
	h2.unlock()
	h2.openExport()
	if !h2.hasText(i18n.T("ui.export.unavailable")) {
		t.Errorf("no note that this vault cannot export; texts %q", h2.texts())
	}
}

func TestExportRealVault(t *testing.T) {
	dir := t.TempDir()
	seal.TestUseLowCostKDF(t)
	h := newHarness(t, realVaults(dir), Options{})
	createRealVault(t, h)
	st := h.a.store.(realStore)
	for i, text := range []string{"会議で「お前なんか辞めてしまえ」と怒鳴られた", "second"} {
		if _, err := st.Add(record.Fields{EventTime: time.Date(2026, 3, 1+i, 10, 0, 0, 0, jst), EventZone: "Asia/Tokyo", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	s := h.openExport()
	out := t.TempDir()
	s.dir.SetText(out)
	s.name.SetText("bag")
	h.tap("ui.export.preview")
	if !h.hasText(i18n.T("ui.export.counts", 2, 0, 0, 0)) || !h.hasText("2026-03-01  会議で「お前なんか辞めてしまえ」と怒鳴られた") {
		t.Fatalf("preview of the real vault; texts %q", h.texts())
	}
	h.tap("ui.export.write")
	if s.step != stepDone {
		t.Fatalf("step %d; texts %q", s.step, h.texts())
	}
	bag := filepath.Join(out, "bag")
	if _, err := os.Stat(filepath.Join(bag, "manifest-sha256.txt")); err != nil {
		t.Fatal(err)
	}
	h.tap("ui.export.check")
	// No timestamp authority: consistent, and said to be no more.
	if !h.hasText(i18n.T("ui.export.check_unanchored")) {
		t.Fatalf("the real bundle does not check out as consistent and unanchored; texts %q", h.texts())
	}
	// A changed file is found, and said in the user's language.
	if err := os.WriteFile(filepath.Join(bag, "data", "entries.csv"), []byte("changed"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.a.SetLanguage("ja")
	h.tap("ui.export.check")
	if s.verified == nil || s.verified.OK || !h.hasText(i18n.T("ui.export.check_bad", s.verified.Problems)) || !h.hasText("data/entries.csv") {
		t.Errorf("a changed bundle passed or is not explained; texts %q", h.texts())
	}
	h.a.SetLanguage("en")
}

// Errors of export and timestamps read as sentences.
func TestExportErrorMessages(t *testing.T) {
	for _, err := range []error{apperr.ErrReadOnly, errors.Join(errors.New("x"), apperr.ErrReadOnly)} {
		if got := messageFor(err); got == i18n.T("ui.err.unexpected", err.Error()) {
			t.Errorf("messageFor(%v) = %q", err, got)
		}
	}
}

// Leaving the wizard while it writes and coming back shows the same
// export, not a fresh wizard; a later lock forgets it.
func TestExportComesBack(t *testing.T) {
	h, fe := exportHarness(t)
	fe.gate, fe.started = make(chan struct{}), make(chan struct{})
	s := h.openExport()
	s.dir.SetText(t.TempDir())
	h.tap("ui.export.preview")
	test.Tap(h.button(i18n.T("ui.export.write")))
	<-fe.started
	h.a.openNav(0)
	close(fe.gate)
	h.settle()
	if again := h.openExport(); again != s || s.step != stepDone {
		t.Errorf("came back to %p step %d, want the same wizard done", again, s.step)
	}
	h.a.Lock()
	h.unlock()
	if again := h.openExport(); again == s {
		t.Error("the wizard of a locked session came back")
	}
}
