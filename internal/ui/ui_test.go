package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

func TestCreateFlow(t *testing.T) {
	strong := "violet harbour pencil thunder"
	tests := []struct {
		name         string
		file         string
		pass1, pass2 string
		wantErr      string // i18n key; "" means the vault is created
	}{
		{"empty", "diary.kiroku", "", "", "ui.pass.err.empty"},
		{"weak", "diary.kiroku", "password1", "password1", "ui.pass.err.weak"},
		{"weak japanese", "diary.kiroku", "パスワード", "パスワード", "ui.pass.err.weak"},
		{"mismatch", "diary.kiroku", strong, strong + "s", "ui.pass.err.mismatch"},
		{"bad file name", "diary.txt", strong, strong, "ui.create.err.name"},
		{"exists", "taken.kiroku", strong, strong, "ui.err.exists"},
		{"ok", "diary.kiroku", strong, strong, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newFakeVaults()
			v.add("/media/usb/taken.kiroku", "x", "y")
			h := newHarness(t, v, Options{VaultPath: v.def})
			if !h.hasText(i18n.T("ui.welcome.intro")) {
				t.Fatalf("no welcome screen; texts %q", h.texts())
			}
			h.tap("ui.welcome.create")
			s, ok := h.a.cur.(*createScreen)
			if !ok {
				t.Fatalf("screen is %T, want create", h.a.cur)
			}
			s.folder.SetText("/media/usb")
			s.name.SetText(tt.file)
			test.Type(s.pass.first, tt.pass1)
			test.Type(s.pass.second, tt.pass2)
			h.tap("ui.create.button")

			if tt.wantErr != "" {
				if h.a.cur != s {
					t.Fatalf("screen changed to %T", h.a.cur)
				}
				want := i18n.T(tt.wantErr)
				if tt.wantErr == "ui.create.err.name" {
					want = i18n.T(tt.wantErr, vaultExt)
				}
				if !h.hasText(want) {
					t.Errorf("message %q not shown; texts %q", want, h.texts())
				}
				if v.Exists("/media/usb/diary.kiroku") {
					t.Error("vault created anyway")
				}
				return
			}
			k, ok := h.a.cur.(*recoveryKeyScreen)
			if !ok {
				t.Fatalf("screen is %T, want recovery key; texts %q", h.a.cur, h.texts())
			}
			shown := false
			for _, s := range h.texts() {
				shown = shown || strings.ReplaceAll(s, "\n", "") == "KRK1-ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2-3456"
			}
			if !shown {
				t.Error("recovery key not shown")
			}
			if !v.Exists("/media/usb/diary.kiroku") {
				t.Error("vault not created at the chosen path")
			}
			cont := h.button(i18n.T("ui.key.continue"))
			if !cont.Disabled() {
				t.Fatal("Continue enabled before confirming")
			}
			test.Tap(cont)
			if h.a.cur != k {
				t.Fatal("Continue worked while disabled")
			}
			var check *widget.Check
			walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
				if c, ok := o.(*widget.Check); ok {
					check = c
				}
			})
			test.Tap(check)
			if h.button(i18n.T("ui.key.continue")).Disabled() {
				t.Fatal("Continue still disabled after confirming")
			}
			h.tap("ui.key.continue")
			if _, ok := h.a.cur.(*mainScreen); !ok {
				t.Fatalf("screen is %T, want main", h.a.cur)
			}
			if !h.hasText(i18n.T("ui.main.empty")) {
				t.Error("empty timeline message missing")
			}
			assertWiped(t, v)
		})
	}
}

func assertWiped(t *testing.T, v *fakeVaults) {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.seen) == 0 {
		t.Fatal("no passphrase reached the vault")
	}
	for _, b := range v.seen {
		for _, c := range b {
			if c != 0 {
				t.Fatalf("passphrase bytes not wiped: %d bytes", len(b))
			}
		}
	}
}

func TestUnlock(t *testing.T) {
	tests := []struct {
		name    string
		pass    string
		openErr error
		wantMsg string // i18n key; "" means success
	}{
		{"wrong passphrase", "not it", nil, "ui.err.wrong_passphrase"},
		{"empty", "", nil, "ui.unlock.empty"},
		{"in use", testPass, apperr.ErrVaultInUse, "ui.err.in_use"},
		{"not a vault", testPass, apperr.ErrNotVault, "ui.err.not_vault"},
		{"damaged", testPass, apperr.ErrDamaged, "ui.err.damaged"},
		{"newer version", testPass, apperr.ErrUnsupportedVersion, "ui.err.newer_version"},
		{"ok", testPass, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st := vaultWith("MARKER-first incident")
			v.openErr = tt.openErr
			h := newHarness(t, v, Options{VaultPath: testPath})
			s := h.a.cur.(*unlockScreen)
			test.Type(s.pass, tt.pass)
			h.tap("ui.unlock.button")
			if tt.wantMsg != "" {
				if h.a.cur != s {
					t.Fatalf("screen changed to %T", h.a.cur)
				}
				if !h.hasText(i18n.T(tt.wantMsg)) {
					t.Errorf("message %q not shown; texts %q", i18n.T(tt.wantMsg), h.texts())
				}
				if s.pass.Text != "" {
					t.Error("passphrase entry not cleared")
				}
				if s.pass.Disabled() || h.button(i18n.T("ui.unlock.button")).Disabled() {
					t.Error("unlock controls still disabled")
				}
				if !st.isClosed() {
					t.Error("store opened")
				}
				return
			}
			if _, ok := h.a.cur.(*mainScreen); !ok {
				t.Fatalf("screen is %T, want main", h.a.cur)
			}
			if !h.hasText("MARKER-first incident") {
				t.Errorf("timeline does not show the entry; texts %q", h.texts())
			}
			if h.w.Title() != i18n.T("app.name") {
				t.Errorf("title %q", h.w.Title())
			}
			if got := h.a.fa.Preferences().String(prefVaultPath); got != testPath {
				t.Errorf("last vault path pref = %q", got)
			}
			assertWiped(t, v)
		})
	}
}

func TestRecover(t *testing.T) {
	strong := "violet harbour pencil thunder"
	for _, tt := range []struct {
		name, key string
		wantMsg   string
	}{
		{"bad key", "KRK1-WRONG", "ui.err.bad_recovery_key"},
		{"empty key", "", "ui.recover.err.key"},
		{"ok", testKey, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, st := vaultWith("MARKER-x")
			h := newHarness(t, v, Options{VaultPath: testPath})
			h.tap("ui.unlock.recover")
			s := h.a.cur.(*recoverScreen)
			test.Type(s.key, tt.key)
			test.Type(s.pass.first, strong)
			test.Type(s.pass.second, strong)
			h.tap("ui.recover.button")
			if tt.wantMsg != "" {
				if h.a.cur != s || !h.hasText(i18n.T(tt.wantMsg)) {
					t.Fatalf("want message %q on recover screen; texts %q", i18n.T(tt.wantMsg), h.texts())
				}
				return
			}
			if _, ok := h.a.cur.(*mainScreen); !ok {
				t.Fatalf("screen is %T, want main", h.a.cur)
			}
			if st.pass != strong {
				t.Error("new passphrase not set")
			}
			if !h.hasText(i18n.T("ui.recover.done")) {
				t.Errorf("no word that the passphrase changed; texts %q", h.texts())
			}
			assertWiped(t, v)
		})
	}
}

func TestAddEntryNewestFirst(t *testing.T) {
	v, st := vaultWith("MARKER-old one", "MARKER-old two")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.tap("ui.main.new")
	f, ok := h.a.cur.(*formScreen)
	if !ok {
		t.Fatalf("screen is %T, want form", h.a.cur)
	}
	if want := "2026-04-01 15:00"; f.when.Text != want {
		t.Errorf("default time %q, want %q", f.when.Text, want)
	}
	f.when.SetText("2026-03-31 09:15")
	f.place.SetText("Meeting room 3")
	f.people[0].name.SetText("Tanaka")
	f.people[0].role = "superior"
	test.Type(f.text, "MARKER-new: shouted at me in front of the team\nsecond line")
	test.Type(f.quotes[0].words, "You are useless")
	f.witnesses.SetText("Sato、Suzuki\nIto")
	h.tick("Power harassment")
	h.tick("Verbal abuse, insults and threats")
	h.tap("ui.form.save")

	m, ok := h.a.cur.(*mainScreen)
	if !ok {
		t.Fatalf("screen is %T, want main; texts %q", h.a.cur, h.texts())
	}
	if len(m.entries) != 3 || !strings.HasPrefix(m.entries[0].Text, "MARKER-new") {
		t.Fatalf("timeline not newest first: %d entries, first %q", len(m.entries), m.entries[0].Text)
	}
	if m.list.Length() != 3 {
		t.Errorf("list length %d", m.list.Length())
	}
	got := st.revisions(m.entries[0].ID)[0].Fields
	if got.EventZone != "" || !got.EventTime.Equal(time.Date(2026, 3, 31, 9, 15, 0, 0, jst)) {
		t.Errorf("event time %v zone %q", got.EventTime, got.EventZone)
	}
	if strings.Join(got.Witnesses, "|") != "Sato|Suzuki|Ito" {
		t.Errorf("witnesses %q", got.Witnesses)
	}
	if len(got.People) != 1 || got.People[0] != (record.Person{Name: "Tanaka", Role: "superior"}) {
		t.Errorf("people %v", got.People)
	}
	// The new entry is selected and shown with both times, labelled apart.
	for _, want := range []string{i18n.T("ui.field.happened"), i18n.T("ui.field.recorded"), "You are useless", i18n.T("ui.role.superior")} {
		if !h.hasText(want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	// The first visible row shows the first line only.
	row := firstRow(t, m)
	if row.summary.Text != "MARKER-new: shouted at me in front of the team" {
		t.Errorf("row summary %q", row.summary.Text)
	}
	if !strings.Contains(row.meta.Text, "[Verbal abuse, insults and threats]") || !strings.Contains(row.meta.Text, "Meeting room 3") {
		t.Errorf("row meta %q", row.meta.Text)
	}
	if row.edited.Visible() {
		t.Error("new entry marked edited")
	}
}

func firstRow(t *testing.T, m *mainScreen) *timelineRow {
	t.Helper()
	var rows []*timelineRow
	walk(m.list, func(o fyne.CanvasObject) {
		if r, ok := o.(*timelineRow); ok && r.Visible() {
			rows = append(rows, r)
		}
	})
	if len(rows) == 0 {
		t.Fatal("no rows rendered")
	}
	best := rows[0]
	for _, r := range rows {
		if r.Position().Y < best.Position().Y {
			best = r
		}
	}
	return best
}

func TestFormValidation(t *testing.T) {
	tests := []struct {
		name, when, text, cats string
		field, want            string
	}{
		{"unreadable time", "yesterday", "x", "", "when", i18n.T("ui.form.err.when", "2026-04-01 14:30")},
		{"future", "2026-04-02 09:00", "x", "", "when", i18n.T("ui.form.err.future")},
		{"nothing said", "2026-03-31 09:00", "  ", "", "what", i18n.T("ui.form.err.what")},
		{"bad category", "2026-03-31 09:00", "x", "power-harassment, Verbal Abuse", "categories", i18n.T("ui.form.err.categories", "Verbal Abuse")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st := vaultWith()
			h := newHarness(t, v, Options{VaultPath: testPath})
			h.unlock()
			h.tap("ui.main.new")
			f := h.a.cur.(*formScreen)
			f.when.SetText(tt.when)
			f.text.SetText(tt.text)
			f.setCategories(splitList(tt.cats)) // an older entry's ids
			h.settle()
			f.scroll.ScrollToBottom() // as after filling in the last fields
			h.tap("ui.form.save")
			if h.a.cur != f {
				t.Fatalf("form left: screen %T", h.a.cur)
			}
			l := f.errLabels[tt.field]
			if !l.Visible() || l.Text != tt.want {
				t.Errorf("field %s shows %q (visible %v), want %q", tt.field, l.Text, l.Visible(), tt.want)
			}
			// The message is scrolled into view.
			d := fyne.CurrentApp().Driver()
			y, top := d.AbsolutePositionForObject(l).Y, d.AbsolutePositionForObject(f.scroll).Y
			if y < top || y+l.Size().Height > top+f.scroll.Size().Height {
				t.Errorf("field %s's message at y=%.0f, the form shows %.0f..%.0f", tt.field, y, top, top+f.scroll.Size().Height)
			}
			if g := f.errLabels["general"]; !g.Visible() {
				t.Error("no general hint that nothing was saved")
			}
			if n := len(st.revs); n != 0 {
				t.Errorf("%d entries saved", n)
			}
		})
	}
}

func TestEditKeepsHistory(t *testing.T) {
	v, st := vaultWith("MARKER-original text")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.tap("ui.detail.edit")
	if _, ok := h.a.cur.(*formScreen); !ok {
		t.Fatalf("edit opened %T", h.a.cur)
	}
	if !h.hasText(i18n.T("ui.form.recorded")) {
		t.Error("recorded time not shown in edit form")
	}

	// Saving without a change writes nothing.
	h.tap("ui.form.save")
	if n := len(st.revisions(1)); n != 1 {
		t.Fatalf("unchanged save wrote %d revisions", n)
	}
	if _, ok := h.a.cur.(*mainScreen); !ok {
		t.Fatalf("after an unchanged save: %T", h.a.cur)
	}
	h.shortcut(ctrl(fyne.KeyE)) // Ctrl+E edits the selected entry, as the button does
	f := h.a.cur.(*formScreen)
	f.text.SetText("MARKER-corrected text")
	test.Type(f.reason, "typo")
	h.tap("ui.form.save")

	revs := st.revisions(1)
	if len(revs) != 2 || revs[0].Kind != record.KindCreate || revs[1].Kind != record.KindEdit || revs[1].Reason != "typo" {
		t.Fatalf("revisions %+v", revs)
	}
	if !revs[1].Fields.EventTime.Equal(revs[0].Fields.EventTime) {
		t.Error("editing the text changed the event time")
	}
	m = h.a.cur.(*mainScreen)
	if !firstRow(t, m).edited.Visible() {
		t.Error("edited badge missing")
	}
	if !h.hasText(i18n.T("ui.field.edited")) {
		t.Error("last-changed time missing")
	}
	h.shortcut(ctrl(fyne.KeyH)) // Ctrl+H: the selected entry's history
	h.settle()
	var titles []string
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if acc, ok := o.(*widget.Accordion); ok {
			for _, it := range acc.Items {
				titles = append(titles, it.Title)
			}
		}
	})
	if len(titles) != 2 || !strings.Contains(titles[0], i18n.T("ui.kind.create")) || !strings.Contains(titles[1], i18n.T("ui.kind.edit")) {
		t.Fatalf("history titles %q", titles)
	}
	for _, want := range []string{"MARKER-original text", "MARKER-corrected text", "typo"} {
		if !h.hasText(want) {
			t.Errorf("history lacks %q", want)
		}
	}
}

func TestLock(t *testing.T) {
	ctrlL := &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierControl}
	tests := []struct {
		name string
		lock func(h *harness)
	}{
		{"toolbar button", func(h *harness) { h.tapLock() }},
		{"ctrl+L on canvas", func(h *harness) { h.w.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlL) }},
		{"ctrl+L in the form", func(h *harness) {
			h.tap("ui.main.new")
			f := h.a.cur.(*formScreen)
			test.Type(f.text, "MARKER-unsaved draft")
			f.text.TypedShortcut(ctrlL)
		}},
		{"idle", func(h *harness) {
			h.clock.Advance(DefaultAutoLock - time.Second)
			h.a.checkIdle()
			if h.a.store == nil {
				h.t.Fatal("locked before the idle time")
			}
			h.clock.Advance(time.Second)
			h.a.checkIdle()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st := vaultWith("MARKER-secret one", "MARKER-secret two")
			h := newHarness(t, v, Options{VaultPath: testPath})
			m := h.unlock()
			m.list.Select(0)
			h.tap("ui.detail.history")
			if !h.hasText("MARKER-secret") {
				t.Fatal("entry text not shown before locking")
			}
			tt.lock(h)
			h.settle()
			if _, ok := h.a.cur.(*unlockScreen); !ok {
				t.Fatalf("screen is %T, want unlock", h.a.cur)
			}
			if !st.isClosed() || h.a.store != nil {
				t.Error("store not closed")
			}
			for _, s := range h.texts() {
				if strings.Contains(s, "MARKER") {
					t.Errorf("entry text %q still in the widget tree", s)
				}
			}
			if h.w.Title() != i18n.T("app.name") {
				t.Errorf("title %q", h.w.Title())
			}
			// The unlock screen says when the lock was the auto-lock.
			idle := i18n.T("ui.unlock.idle", int(DefaultAutoLock.Minutes()))
			if h.hasText(idle) != (tt.name == "idle") {
				t.Errorf("auto-lock note shown: %v; texts %q", h.hasText(idle), h.texts())
			}
			// And it opens again (the form typed in comes back: drafts_test.go).
			h.unlockTo()
			if h.hasText(idle) {
				t.Error("the auto-lock note outlives the unlock")
			}
		})
	}
}

func TestIdleActivityDefersLock(t *testing.T) {
	v, _ := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: testPath, AutoLock: time.Minute})
	h.unlock()
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	for range 3 {
		h.clock.Advance(50 * time.Second)
		test.Type(f.text, "x") // typing is activity
		h.a.checkIdle()
	}
	if h.a.store == nil {
		t.Fatal("locked while the user was typing")
	}
	h.clock.Advance(time.Minute)
	h.a.checkIdle()
	if h.a.store != nil {
		t.Fatal("not locked after a idle minute")
	}
}

func TestLanguageSwitch(t *testing.T) {
	v, _ := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: testPath, Language: "en"})
	switchTo := func(lang string) {
		t.Helper()
		var sel *widget.Select
		walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
			if s, ok := o.(*widget.Select); ok && sel == nil && len(s.Options) == len(i18n.Languages) {
				sel = s
			}
		})
		for i, l := range i18n.Languages {
			if l == lang {
				sel.SetSelected(sel.Options[i])
			}
		}
		if i18n.Language() != lang {
			t.Fatalf("language is %q, want %q", i18n.Language(), lang)
		}
	}
	if !h.hasText("Unlock") {
		t.Fatal("no English unlock button")
	}
	s := h.a.cur.(*unlockScreen)
	test.Type(s.pass, "typed before switching")
	switchTo("ja")
	if !h.hasText("開く") || h.hasText("Unlock") {
		t.Errorf("unlock screen not in Japanese: %q", h.texts())
	}
	if h.w.Title() != "記録 Kiroku" {
		t.Errorf("title %q", h.w.Title())
	}
	if s.pass.Text != "typed before switching" {
		t.Error("switching language lost the typed passphrase")
	}
	if got := h.a.fa.Preferences().String(prefLanguage); got != "ja" {
		t.Errorf("language pref %q", got)
	}
	s.pass.SetText("")
	h.unlock()
	if !h.hasText("新しい記録") || !h.hasText("（") {
		t.Errorf("main screen not in Japanese: %q", h.texts())
	}
	h.tap("ui.main.new")
	f := h.a.cur.(*formScreen)
	test.Type(f.text, "MARKER-draft")
	switchTo("en")
	if h.a.cur != f || f.text.Text != "MARKER-draft" || !h.hasText("When did it happen?") {
		t.Errorf("form lost its text or was not re-rendered; texts %q", h.texts())
	}
}

func TestLanguagePreferenceWins(t *testing.T) {
	v, _ := vaultWith()
	i18n.SetLanguage("en")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	fa := test.NewTempApp(t)
	fa.Preferences().SetString(prefLanguage, "ja")
	w := test.NewTempWindow(t, nil)
	a := newApp(fa, w, v, Options{VaultPath: testPath, Language: "en"})
	t.Cleanup(a.shutdown)
	if i18n.Language() != "ja" {
		t.Errorf("language %q, want the saved ja", i18n.Language())
	}
}

func TestTimelineScales(t *testing.T) {
	v := newFakeVaults()
	st := v.add(testPath, testPass, testKey)
	base := time.Date(2020, 1, 1, 9, 0, 0, 0, jst)
	const n = 10000
	for i := range n {
		ev := base.Add(time.Duration(i) * time.Hour)
		st.put(record.Fields{EventTime: ev, Text: fmt.Sprintf("MARKER-%05d", i)}, ev)
	}
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	if m.list == nil || m.list.Length() != n {
		t.Fatalf("list missing or wrong length")
	}
	if got := firstRow(t, m).summary.Text; got != fmt.Sprintf("MARKER-%05d", n-1) {
		t.Errorf("first row %q, want the newest", got)
	}
	m.list.ScrollToBottom()
	m.list.ScrollTo(n / 2)
	walk(m.list, func(fyne.CanvasObject) {})
	if m.rowsCreated == 0 || m.rowsCreated > 50 {
		t.Errorf("%d row widgets created for %d entries", m.rowsCreated, n)
	}
	if rows := count[*timelineRow](h.w.Canvas().Content()); rows > 50 {
		t.Errorf("%d rows in the widget tree", rows)
	}
}

func TestOpenOther(t *testing.T) {
	v, _ := vaultWith("MARKER-a")
	h := newHarness(t, v, Options{VaultPath: "/nowhere/none.kiroku"})
	if !h.hasText(i18n.T("ui.welcome.intro")) {
		t.Fatal("want welcome when no vault")
	}
	h.tap("ui.unlock.open_other")
	s := h.a.cur.(*openScreen)
	s.path.SetText("/nowhere/else.kiroku")
	h.tap("ui.open.button")
	if h.a.cur != s || !h.hasText(i18n.T("ui.err.no_file")) {
		t.Fatalf("missing file accepted; texts %q", h.texts())
	}
	s.path.SetText(testPath)
	h.tap("ui.open.button")
	if _, ok := h.a.cur.(*unlockScreen); !ok || !h.hasText(testPath) {
		t.Fatalf("screen %T, texts %q", h.a.cur, h.texts())
	}
	h.unlock()
}

func TestMessageFor(t *testing.T) {
	for _, lang := range i18n.Languages {
		i18n.SetLanguage(lang)
		for _, e := range errorKeys {
			got := messageFor(fmt.Errorf("open /x: %w", e.err))
			if got != i18n.T(e.key) || strings.HasPrefix(got, "ui.") {
				t.Errorf("%s: %v -> %q", lang, e.err, got)
			}
		}
		if got := messageFor(errors.New("boom")); !strings.Contains(got, "boom") {
			t.Errorf("%s: unexpected error -> %q", lang, got)
		}
	}
	i18n.SetLanguage("en")
	if messageFor(nil) != "" {
		t.Error("nil error has a message")
	}
}

func TestEstimate(t *testing.T) {
	tests := []struct {
		pass     string
		min, max int
	}{
		{"", 0, 0},
		{"password", 0, 1},
		{"qwertyuiop", 0, 1},
		{"kiroku2026", 0, 1},
		{"パスワード", 0, 1},
		{"violet harbour pencil thunder", 3, 4},
		{"sakura neko", 0, 1}, // common romaji words: not strong
		{"tanaka tokyo", 0, 1},
		{"kawa no soba de neko to hanashita ame no hi", 3, 4}, // a long romaji sentence still is
		{"雨の日に古い駅で猫と話した", 2, 4},
		{strings.Repeat("a", 500), 0, 1},
	}
	for _, tt := range tests {
		s := estimate(tt.pass, []string{"kiroku"})
		if s.Score < tt.min || s.Score > tt.max {
			t.Errorf("estimate(%.20q) = %d, want %d..%d", tt.pass, s.Score, tt.min, tt.max)
		}
		if !i18n.Default().Has("ja", s.Hint) {
			t.Errorf("hint %q has no translation", s.Hint)
		}
	}
}

func TestParseEventTime(t *testing.T) {
	want := time.Date(2026, 4, 1, 9, 5, 0, 0, jst)
	for _, in := range []string{
		"2026-04-01 09:05", "2026-4-1 9:05", "2026/04/01 09:05", " 2026-04-01   09:05 ",
		"２０２６／０４／０１　０９：０５", "2026-04-01 09:05:00",
	} {
		got, err := parseEventTime(in, jst)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseEventTime(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "yesterday", "2026-13-01 10:00", "2026-04-01", "10:00"} {
		if _, err := parseEventTime(in, jst); err == nil {
			t.Errorf("parseEventTime(%q) accepted", in)
		}
	}
}

func TestSplitList(t *testing.T) {
	got := splitList(" Sato, Suzuki、Ito\n\nTanaka；Kato ,")
	if strings.Join(got, "|") != "Sato|Suzuki|Ito|Tanaka|Kato" {
		t.Errorf("splitList = %q", got)
	}
}

func TestGroupKey(t *testing.T) {
	for in, want := range map[string]string{
		"AAAA-BBBB-CCCC-DDDD-EEEE-FFFF": "AAAA-BBBB-CCCC-DDDD-\nEEEE-FFFF",
		"AAAA-BBBB":                     "AAAA-BBBB",
		"a b c d e":                     "a b c d \ne",
		"AAAA-BBBB-CCCC-DDDD-":          "AAAA-BBBB-CCCC-DDDD-",
	} {
		if got := groupKey(in, 4); got != want {
			t.Errorf("groupKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// The strength bar's colour says what its words say: red while the
// passphrase would be refused, amber when just enough, green when strong.
func TestStrengthMeterColour(t *testing.T) {
	h := newHarness(t, newFakeVaults(), Options{})
	h.tap("ui.welcome.create")
	s := h.a.cur.(*createScreen)
	for _, c := range []struct {
		pass string
		want fyne.ThemeColorName
	}{
		{"password", theme.ColorNameError},
		{"violet harbour pencil thunder", theme.ColorNameSuccess},
		{"", theme.ColorNameError},
	} {
		s.pass.first.SetText(c.pass)
		got := s.pass.barTheme.Theme.(meterTheme).colour
		if got != c.want || got != meterColour(s.pass.estimate().Score) {
			t.Errorf("%q (score %d): bar coloured %s, want %s", c.pass, s.pass.estimate().Score, got, c.want)
		}
	}
	for score, want := range []fyne.ThemeColorName{theme.ColorNameError, theme.ColorNameError, theme.ColorNameWarning, theme.ColorNameSuccess, theme.ColorNameSuccess} {
		if got := meterColour(score); got != want {
			t.Errorf("score %d coloured %s, want %s", score, got, want)
		}
	}
}

// An error about the passphrase goes once the worker mends it, not only at
// the next press of Create (a fresh user saw "do not match" stay).
func TestPassphraseErrorClearsWhenMended(t *testing.T) {
	strong := "violet harbour pencil thunder"
	h := newHarness(t, newFakeVaults(), Options{})
	h.tap("ui.welcome.create")
	s := h.a.cur.(*createScreen)
	test.Type(s.pass.first, strong)
	test.Type(s.pass.second, strong+"x")
	s.pass.second.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if !h.hasText(i18n.T("ui.pass.err.mismatch")) {
		t.Fatalf("no mismatch message; texts %q", h.texts())
	}
	s.pass.second.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	h.settle()
	if h.hasText(i18n.T("ui.pass.err.mismatch")) {
		t.Error("the mismatch message stays after the confirmation was mended")
	}
}

// A laptop brought from home may still be on its home time zone: Settings
// picks the zone times are shown and new entries written in, and the
// choice is kept for the next start.
func TestZoneSetting(t *testing.T) {
	v, st := vaultWith("MARKER-one")
	h := newHarness(t, v, Options{VaultPath: testPath})
	h.unlock()
	h.shortcut(navShortcut(t, "settings"))
	var sel *widget.Select
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && sel == nil && slices.ContainsFunc(s.Options, func(l string) bool { return strings.HasPrefix(l, "Asia/Manila") }) {
			sel = s
		}
	})
	if sel == nil {
		t.Fatalf("no time zone choice in Settings; texts %q", h.texts())
	}
	if !strings.HasPrefix(sel.Options[0], i18n.T("ui.settings.zone_computer", "")) || sel.Selected != sel.Options[0] {
		t.Errorf("first choice %q, selected %q: want the computer's zone, chosen", sel.Options[0], sel.Selected)
	}
	for _, o := range sel.Options {
		if strings.HasPrefix(o, "Asia/Manila") {
			sel.SetSelected(o)
		}
	}
	h.settle()
	if h.a.loc.String() != "Asia/Manila" {
		t.Fatalf("zone %s after choosing Asia/Manila", h.a.loc)
	}
	h.a.showForm(nil)
	f := h.a.cur.(*formScreen)
	if f.zone != "Asia/Manila" {
		t.Errorf("a new entry's zone %q", f.zone)
	}
	f.text.SetText("MARKER-written in Manila time")
	h.tap("ui.form.save")
	h.settle()
	zone := ""
	for _, revs := range st.revs {
		for _, r := range revs {
			if r.Fields.Text == "MARKER-written in Manila time" {
				zone = r.Fields.EventZone
			}
		}
	}
	if zone != "Asia/Manila" {
		t.Fatalf("saved zone %q", zone)
	}
	// The next start uses it.
	if loc := prefLocation(h.a.fa.Preferences()); loc == nil || loc.String() != "Asia/Manila" {
		t.Errorf("remembered zone %v", loc)
	}
	a2 := newApp(h.a.fa, h.w, v, Options{})
	if a2.loc.String() != "Asia/Manila" {
		t.Errorf("a new start uses %s", a2.loc)
	}
	// Back to the computer's.
	h.a.SetZone("")
	if h.a.loc != time.Local || h.a.fa.Preferences().String(prefZone) != "" {
		t.Errorf("the computer's zone: %s, pref %q", h.a.loc, h.a.fa.Preferences().String(prefZone))
	}
}
