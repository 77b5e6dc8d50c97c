package vault_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// The golden vault of format 4 holds entry 1 (revisions 1, 2), entry 2
// (revisions 3, 4: deleted), entry 3 (revision 5, purged by purge 1),
// entry 4 (revision 6) and recording 1 (complete, one marker).
//
// Someone with the file but no key erases or hides content by changing
// clear columns. Each attack must be named by Check, shown as damage by the
// listings, and must never pass for a purge; unlocking must go on.
func TestClearColumnAttacks(t *testing.T) {
	tests := []struct {
		name     string
		sql      string
		problems []string // refs Check must name
		listed   []string // refs the entry listing must name as damaged
		history  int64    // entry whose History must say ErrDamaged (0: none)
	}{
		{"another entry erased under the purged entry's id",
			"UPDATE revisions SET entry_id = 3, rev = 100 + id, body = NULL WHERE entry_id = 4",
			[]string{"revision:6", "entry:4"}, []string{"revision:6", "entry:4"}, 4},
		{"latest revision erased without a purge",
			"UPDATE revisions SET body = NULL WHERE id = 2",
			[]string{"revision:2"}, []string{"revision:2"}, 1},
		{"whole entry erased without a purge",
			"UPDATE revisions SET body = NULL WHERE entry_id = 4",
			[]string{"revision:6"}, []string{"revision:6"}, 4},
		{"purge record removed",
			"DELETE FROM purges",
			[]string{"revision:5", "purge:1"}, []string{"revision:5"}, 3},
		{"purge record moved to another entry",
			"UPDATE purges SET entry_id = 4",
			[]string{"revision:5", "purge:1"}, []string{"revision:5"}, 3},
		{"purged revision moved to another entry",
			"UPDATE revisions SET entry_id = 4, rev = 2 WHERE id = 5",
			[]string{"revision:5", "entry:3"}, []string{"entry:3"}, 4},
		{"an entry's revisions removed",
			"DELETE FROM revisions WHERE entry_id = 4",
			[]string{"revision:6", "entry:4"}, []string{"entry:4"}, 4},
		{"ended recording set back to recording",
			"UPDATE recordings SET state = 'recording'",
			[]string{"recording:1"}, nil, 0},
		{"ended recording's end removed, set to recording",
			"UPDATE recordings SET state = 'recording', end = NULL",
			[]string{"recording:1"}, nil, 0},
		{"ended recording's end removed",
			"UPDATE recordings SET end = NULL",
			[]string{"recording:1"}, nil, 0},
		{"marker removed",
			"DELETE FROM recording_markers; DELETE FROM marker_labels",
			[]string{"recording:1"}, nil, 0},
	}
	dir := fastTempDir(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "attack.kiroku")
			os.Remove(path + "-wal")
			copyFile(t, filepath.Join("testdata", "golden-v4.kiroku"), path)
			stmts := strings.Split(tt.sql, "; ")
			if !applyMutation(t, path, mutation{tt.name, stmts}) {
				t.Fatalf("SQLite refused %q", tt.sql)
			}
			v, err := vault.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if err := v.Unlock([]byte(goldenPassphrase)); err != nil {
				t.Fatalf("unlock: %v", err)
			}
			rep, err := v.Check()
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, p := range rep.Problems {
				refs = append(refs, p.Ref)
			}
			for _, want := range tt.problems {
				if !slices.Contains(refs, want) {
					t.Errorf("check does not name %s: %+v", want, rep.Problems)
				}
			}
			_, err = v.AllEntries()
			var de *vault.DamageError
			if len(tt.listed) == 0 && err != nil {
				t.Errorf("entries: %v", err)
			}
			if len(tt.listed) > 0 {
				if !errors.As(err, &de) {
					t.Fatalf("entries: %v, want the damage named", err)
				}
				for _, want := range tt.listed {
					if !slices.Contains(de.Refs, want) {
						t.Errorf("entries name %v, want %s among them", de.Refs, want)
					}
				}
			}
			if tt.history != 0 {
				if _, err := v.History(tt.history); !errors.Is(err, apperr.ErrDamaged) {
					t.Errorf("history of entry %d: %v, want ErrDamaged", tt.history, err)
				}
			}
			if _, err := v.Recordings(); err != nil && !errors.As(err, &de) {
				t.Errorf("recordings: %v", err)
			}
		})
	}
}

// A real purge still reads as purged (not damage) everywhere.
func TestPurgeStillPurged(t *testing.T) {
	v, _, _ := newVault(t)
	a, _ := v.Add(fields("keep"))
	b, _ := v.Add(fields("erase"))
	if _, err := v.Edit(b.ID, fields("erase, edited"), "typo"); err != nil {
		t.Fatal(err)
	}
	if err := v.Purge(b.ID); err != nil {
		t.Fatal(err)
	}
	rep := mustCheck(t, v)
	if rep.Purged != 2 {
		t.Errorf("purged %d revisions, want 2", rep.Purged)
	}
	list, err := v.AllEntries()
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("entries %+v, %v", list, err)
	}
	if _, err := v.History(b.ID); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("history of the purged entry: %v, want ErrNotFound", err)
	}
	refs, _ := v.RevisionRefs(a.ID)
	if _, err := v.RecordCanonical("revision:3"); !errors.Is(err, apperr.ErrNotFound) || len(refs) != 1 {
		t.Errorf("canonical of a purged revision: %v", err)
	}
}
