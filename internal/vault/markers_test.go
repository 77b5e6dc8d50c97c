package vault_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// twoMarkers records 1.5 s with two markers, the first unlabelled, and
// labels the first while the recording still runs.
func twoMarkers(t *testing.T, v *vault.Vault) int64 {
	t.Helper()
	w, err := v.StartRecording(mono48, "dev", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(tone(0, 48000))
	if _, err := w.Marker(500*time.Millisecond, ""); err != nil {
		t.Fatal(err)
	}
	w.Write(tone(48000, 24000))
	if _, err := w.Marker(1200*time.Millisecond, "door closed"); err != nil {
		t.Fatal(err)
	}
	ms, err := v.Markers(w.ID())
	if err != nil || len(ms) != 2 {
		t.Fatalf("markers while recording: %v %v", ms, err)
	}
	if _, err := v.LabelMarker(w.ID(), ms[0].ID, "  he started shouting "); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	return w.ID()
}

func TestMarkerLabels(t *testing.T) {
	v, path, _ := newVault(t)
	record3s(t, v, true) // recording 1, marker 1
	id := twoMarkers(t, v)
	ms, err := v.Markers(id)
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].ID != 2 || ms[1].ID != 3 || ms[0].Index != 0 || ms[1].Index != 1 {
		t.Fatalf("ids: %+v", ms)
	}
	// The end record keeps the markers as placed.
	r, _ := v.Recording(id)
	if r.End.Markers[0].Label != "" || r.End.Markers[1].Label != "door closed" {
		t.Fatalf("end record changed: %+v", r.End.Markers)
	}
	time.Sleep(2 * time.Millisecond)
	if _, err := v.LabelMarker(id, ms[0].ID, "he started shouting at me"); err != nil {
		t.Fatal(err)
	}
	m, err := v.LabelMarker(id, ms[1].ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if m.Current() != "" || m.Label != "door closed" || len(m.Labels) != 1 {
		t.Fatalf("cleared: %+v", m)
	}
	// The same label again writes nothing.
	seq, _, _ := v.Head()
	if _, err := v.LabelMarker(id, ms[1].ID, ""); err != nil {
		t.Fatal(err)
	}
	if s2, _, _ := v.Head(); s2 != seq {
		t.Fatalf("an unchanged label wrote a record")
	}

	check := func(v *vault.Vault) {
		t.Helper()
		ms, err := v.Markers(id)
		if err != nil {
			t.Fatal(err)
		}
		first := ms[0]
		if first.Current() != "he started shouting at me" || len(first.Labels) != 2 ||
			first.Labels[0].Label != "he started shouting" || first.Label != "" {
			t.Fatalf("history: %+v", first)
		}
		for _, l := range first.Labels {
			if l.At != 500*time.Millisecond || !l.Wall.Equal(first.Wall) || l.MarkerID != first.ID || l.RecordingID != id {
				t.Fatalf("event time not the marker's: %+v", l)
			}
		}
		if !first.Labels[1].RecordedAt.After(first.Labels[0].RecordedAt) {
			t.Fatalf("recorded times: %v %v", first.Labels[0].RecordedAt, first.Labels[1].RecordedAt)
		}
		all, err := v.MarkerLabels()
		if err != nil || len(all) != 3 {
			t.Fatalf("MarkerLabels = %d, %v", len(all), err)
		}
		links, _ := v.Links()
		n := 0
		for _, l := range links {
			if l.Kind != vault.LinkMarkerLabel {
				continue
			}
			n++
			canon, err := v.RecordCanonical(l.Ref)
			if err != nil {
				t.Fatal(err)
			}
			if ledger.Hash(record.Hash(canon)) != l.RecordHash {
				t.Fatalf("%s does not hash to its link", l.Ref)
			}
		}
		if n != 3 {
			t.Fatalf("%d marker_label links", n)
		}
		if _, breaks := ledger.Verify(v.ID(), links); len(breaks) > 0 {
			t.Fatalf("chain: %+v", breaks)
		}
		mustCheck(t, v)
	}
	check(v)
	check(reopen(t, v, path))
}

func TestLabelMarkerErrors(t *testing.T) {
	v, _, _ := newVault(t)
	record3s(t, v, true)
	id := twoMarkers(t, v)
	tests := []struct {
		name      string
		rec, mark int64
		label     string
		wantErr   error
	}{
		{"unknown marker", id, 99, "x", apperr.ErrNotFound},
		{"marker of another recording", id, 1, "x", apperr.ErrNotFound},
		{"unknown recording", 9, 1, "x", apperr.ErrNotFound},
		{"two lines", id, 2, "a\nb", apperr.ErrInvalidInput},
		{"too long", id, 2, strings.Repeat("x", record.MaxMarkerLabel+1), apperr.ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := v.LabelMarker(tt.rec, tt.mark, tt.label); !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
	v.Lock()
	if _, err := v.LabelMarker(id, 2, "x"); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	if _, err := v.Markers(id); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
}

// Check names a label whose row was changed outside Kiroku, and only it.
func TestMarkerLabelTamper(t *testing.T) {
	tests := []struct {
		name string
		sql  []string
		ref  string
	}{
		{"flipped body", []string{"UPDATE marker_labels SET body = CAST(substr(body, 1, 40) || CASE WHEN substr(body, 41, 1) = x'00' THEN x'01' ELSE x'00' END || substr(body, 42) AS BLOB) WHERE id = 2"}, "marker_label:2"},
		{"swapped bodies", []string{
			"UPDATE marker_labels SET body = (SELECT body FROM marker_labels WHERE id = 1) WHERE id = 3"}, "marker_label:3"},
		{"moved to another marker", []string{"UPDATE marker_labels SET marker_id = 3 WHERE id = 2"}, "marker_label:2"},
		{"deleted", []string{"DELETE FROM marker_labels WHERE id = 2"}, "marker_label:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, path, _ := newVault(t)
			id := twoMarkers(t, v)
			ms, _ := v.Markers(id)
			v.LabelMarker(id, ms[0].ID, "relabelled")
			v.LabelMarker(id, ms[1].ID, "second")
			mustCheck(t, v)
			v.Close()
			raw(t, path, tt.sql...)
			v2, err := vault.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer v2.Close()
			if err := v2.Unlock(pass); err != nil {
				t.Fatal(err)
			}
			rep, err := v2.Check()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range rep.Problems {
				found = found || p.Ref == tt.ref
				if strings.HasPrefix(p.Ref, "marker_label:") && p.Ref != tt.ref {
					t.Errorf("undamaged label reported: %+v", p)
				}
			}
			if !found {
				t.Fatalf("%s not reported: %+v", tt.ref, rep.Problems)
			}
			if _, err := v2.Markers(id); tt.name != "deleted" && !errors.Is(err, apperr.ErrDamaged) {
				t.Fatalf("Markers: %v", err)
			}
		})
	}
}

// A format-3 vault migrates to format 4 keeping every record and link;
// its marker can then be labelled and the chain still verifies.
func TestMigrateV3MarkerLabel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v3.kiroku")
	copyFile(t, filepath.Join("testdata", "golden-v3.kiroku"), path)
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
		t.Fatal(err)
	}
	before, _ := v.Links()
	want := map[string][]byte{}
	for _, l := range before {
		if c, err := v.RecordCanonical(l.Ref); err == nil {
			want[l.Ref] = c
		}
	}
	recs, err := v.Recordings()
	if err != nil || len(recs) != 1 {
		t.Fatalf("recordings: %v %v", recs, err)
	}
	ms, err := v.Markers(recs[0].ID)
	if err != nil || len(ms) != 1 || ms[0].Label != "raised voice" {
		t.Fatalf("markers: %+v %v", ms, err)
	}
	if _, err := v.LabelMarker(recs[0].ID, ms[0].ID, "上司が声を荒げた"); err != nil {
		t.Fatal(err)
	}
	after, _ := v.Links()
	if len(after) != len(before)+1 || after[len(after)-1].Kind != vault.LinkMarkerLabel {
		t.Fatalf("links: %d then %d", len(before), len(after))
	}
	for i, l := range before {
		if after[i] != l {
			t.Fatalf("link %d changed", l.Seq)
		}
		if c, ok := want[l.Ref]; ok {
			if got, err := v.RecordCanonical(l.Ref); err != nil || string(got) != string(c) {
				t.Fatalf("%s changed: %v", l.Ref, err)
			}
		}
	}
	mustCheck(t, v)
}
