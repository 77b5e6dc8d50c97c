package vault_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
)

// Every text a worker types is stored in NFC, whichever keyboard composed
// it: entry fields, the reason of an edit, recording and marker labels,
// an imported file's name, hours notes. (The file's bytes are not touched.)
func TestTextStoredInNFC(t *testing.T) {
	v, _, _ := newVault(t)
	const nfd, nfc = "Qua\u0309n ly\u0301 \u0111a\u0303 qua\u0301t to\u0302i", "Quản lý đã quát tôi"
	f := fields(nfd)
	f.People = []record.Person{{Name: "Nguye\u0302\u0303n", Role: "superior"}}
	e, err := v.Add(f)
	if err != nil {
		t.Fatal(err)
	}
	if e.Text != nfc || e.People[0].Name != "Nguyễn" {
		t.Fatalf("added: %+q %+q", e.Text, e.People[0].Name)
	}
	f.Text = nfd + " (2)"
	if _, err := v.Edit(e.ID, f, "su\u031b\u0309a"); err != nil { // sửa, decomposed
		t.Fatal(err)
	}
	h, err := v.History(e.ID)
	if err != nil || h[1].Fields.Text != nfc+" (2)" || h[1].Reason != "sửa" {
		t.Fatalf("history: %v %+q %+q", err, h[1].Fields.Text, h[1].Reason)
	}
	w, err := v.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: 8000, Channels: 1, Bits: 16}, "mic", e.ID, nfd)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]byte, 1600))
	mid, err := w.Marker(50*time.Millisecond, nfd)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Start.Label != nfc {
		t.Errorf("recording label %+q", rec.Start.Label)
	}
	m, err := v.LabelMarker(rec.ID, mid, "go\u0323i la\u0323i") // gọi lại, decomposed
	if err != nil || m.Current() != "gọi lại" {
		t.Errorf("marker label: %v %+q", err, m.Current())
	}
	ms, err := v.Markers(rec.ID)
	if err != nil || ms[0].Label != nfc {
		t.Errorf("marker placed with %+q (%v)", ms[0].Label, err)
	}
	body := "bytes stay as they are: " + nfd
	a, err := v.ImportReader(strings.NewReader(body), "Bie\u0302n ba\u0309n.txt", time.Time{}, e.ID)
	if err != nil || a.Name != "Biên bản.txt" {
		t.Fatalf("attachment name %+q (%v)", a.Name, err)
	}
	var out strings.Builder
	if _, err := v.ExportAttachment(a.ID, &out); err != nil || out.String() != body {
		t.Fatalf("attachment bytes changed: %+q (%v)", out.String(), err)
	}
	days, err := v.AddHours([]record.Hours{{Date: "2026-10-30", Start: "09:00", End: "18:00", DayType: record.DayWorkday, Note: nfd, Source: "app"}})
	if err != nil || days[0].Note != nfc {
		t.Fatalf("hours note %v (%v)", days, err)
	}
}
