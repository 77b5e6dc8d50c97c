package local_test

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/settings"
)

// A draft round-trips through the vault sealed: its words are nowhere in
// the file, it is no entry, and it survives closing and reopening.
func TestDraftSealedRoundTrip(t *testing.T) {
	st, path := hoursStore(t)
	if _, ok, err := st.Draft(); ok || err != nil {
		t.Fatalf("new vault has a draft (%v)", err)
	}
	const marker = "MARKER-draft-e41b"
	d := app.Draft{EntryID: 0, SavedAt: time.Date(2026, 4, 1, 15, 5, 0, 0, time.UTC), When: "2026-04-01 14:30",
		Zone: "Asia/Tokyo", Place: "Room 3", People: []record.Person{{Name: "Tanaka", Role: "superior"}},
		Text: marker + " he shouted", Quote: "無能", Witnesses: "Sato, Suzuki", Categories: []string{"power-harassment"},
		Impact: "could not sleep"}
	if err := st.SaveDraft(d); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(marker)) || bytes.Contains(b, []byte("Tanaka")) {
		t.Fatal("draft in the vault file in the clear")
	}

	s, err := local.Vaults{}.Open(path, []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, ok, err := s.Draft()
	if err != nil || !ok || !reflect.DeepEqual(got, d) {
		t.Fatalf("draft read back: %+v %v %v\nwant %+v", got, ok, err, d)
	}
	if ents, err := s.Entries(); err != nil || len(ents) != 0 {
		t.Fatalf("a draft made entries: %d (%v)", len(ents), err)
	}
	if err := s.ClearDraft(); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Draft(); ok || err != nil {
		t.Fatalf("draft after ClearDraft (%v)", err)
	}
	if err := s.ClearDraft(); err != nil {
		t.Fatal("clearing twice:", err)
	}
}

// A draft of a newer format is refused, not misread.
func TestDraftNewerVersionRefused(t *testing.T) {
	st, _ := hoursStore(t)
	defer st.Close()
	if err := st.Vault.SetSetting(settings.KeyDraft, `{"v":2,"text":"x"}`); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := st.Draft(); ok || !errors.Is(err, apperr.ErrUnsupportedVersion) {
		t.Fatalf("newer draft: ok %v, err %v", ok, err)
	}
}

// A backup looked at read-only neither offers nor keeps drafts.
func TestDraftReadOnly(t *testing.T) {
	st, path := hoursStore(t)
	if err := st.SaveDraft(app.Draft{Text: "MARKER-x"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	ro, err := local.Vaults{}.OpenReadOnly(path, []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, ok, err := ro.Draft(); ok || err != nil {
		t.Errorf("read-only offers a draft (%v)", err)
	}
	if err := ro.SaveDraft(app.Draft{Text: "y"}); !errors.Is(err, apperr.ErrReadOnly) {
		t.Errorf("read-only SaveDraft: %v", err)
	}
}
