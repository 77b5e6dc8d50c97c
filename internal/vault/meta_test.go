package vault_test

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func day(date, start, end string, brk int) record.Hours {
	return record.Hours{Date: date, Start: start, End: end, BreakMinutes: brk, DayType: record.DayWorkday, Source: "app"}
}

func TestHoursLog(t *testing.T) {
	v, path, _ := newVault(t)
	v.Add(fields("an entry first"))
	got, err := v.AddHours([]record.Hours{day("2026-10-01", "09:00", "18:00", 60), day("2026-10-02", "22:00", "07:00", 60)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].HoursID != 1 || got[1].HoursID != 2 || got[0].RecordedAt.IsZero() || len(got[0].Salt) != 64 {
		t.Fatalf("AddHours = %+v", got)
	}
	// All or nothing: one bad day keeps the whole batch out.
	_, err = v.AddHours([]record.Hours{day("2026-10-03", "09:00", "18:00", 60), day("2026-10-04", "09:00", "09:00", 0)})
	if !errors.Is(err, apperr.ErrInvalidInput) || !strings.Contains(err.Error(), "day 2 (2026-10-04)") {
		t.Fatalf("bad batch: %v", err)
	}
	// A later record supersedes; a removal drops the date.
	if _, err := v.AddHours([]record.Hours{day("2026-10-01", "09:00", "20:00", 60), {Date: "2026-10-02", Removed: true}}); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	log, err := v.HoursLog()
	if err != nil || len(log) != 4 {
		t.Fatalf("log: %d %v", len(log), err)
	}
	cur := vault.CurrentHours(log)
	if len(cur) != 1 || cur[0].Date != "2026-10-01" || cur[0].End != "20:00" {
		t.Fatalf("current: %+v", cur)
	}
	canon, err := v.HoursCanonical(3)
	if err != nil {
		t.Fatal(err)
	}
	links, _ := v.Links()
	if l := links[len(links)-2]; l.Ref != "hours:3" || l.RecordHash != ledger.Hash(record.Hash(canon)) {
		t.Fatalf("link of hours:3: %+v", l)
	}
	mustCheck(t, v)
	v.Lock()
	if _, err := v.HoursLog(); !errors.Is(err, apperr.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
}

func TestSettingsAnchorsBackupLog(t *testing.T) {
	v, path, _ := newVault(t)
	if _, ok, err := v.Setting("tsa.url"); ok || err != nil {
		t.Fatalf("unset setting: %v %v", ok, err)
	}
	if err := v.SetSetting("tsa.url", "https://tsa.example/"); err != nil {
		t.Fatal(err)
	}
	e, _ := v.Add(fields("x"))
	seq, link, _ := v.Head()
	// A token for a link that is not this vault's is refused.
	if _, err := v.SaveAnchor(vault.Anchor{Seq: seq, Link: ledger.Hash{1}, Response: []byte("t")}); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("foreign link: %v", err)
	}
	if _, err := v.SaveAnchor(vault.Anchor{Seq: seq + 1, Link: link, Response: []byte("t")}); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("future seq: %v", err)
	}
	a, err := v.SaveAnchor(vault.Anchor{Seq: seq, Link: link, TSA: "https://tsa.example/", Response: []byte("token"), GenTime: time.Now()})
	if err != nil || a.ID != 1 {
		t.Fatalf("SaveAnchor: %+v %v", a, err)
	}
	v.Edit(e.ID, fields("y"), "more")
	if err := v.LogBackup(vault.BackupLog{At: time.Now(), Dest: "/media/usb", File: "x.kiroku", Size: 10}); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	if val, ok, err := v.Setting("tsa.url"); val != "https://tsa.example/" || !ok || err != nil {
		t.Fatalf("setting after reopen: %q %v %v", val, ok, err)
	}
	if n, err := v.LastAnchorSeq(); n != seq || err != nil {
		t.Fatalf("LastAnchorSeq = %d %v", n, err)
	}
	as, err := v.Anchors()
	if err != nil || len(as) != 1 || string(as[0].Response) != "token" || as[0].Link != link {
		t.Fatalf("anchors: %+v %v", as, err)
	}
	bl, err := v.BackupLogs()
	if err != nil || len(bl) != 1 || bl[0].Dest != "/media/usb" {
		t.Fatalf("backup log: %+v %v", bl, err)
	}
	mustCheck(t, v)
	if err := v.SetSetting("tsa.url", ""); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := v.Setting("tsa.url"); ok {
		t.Fatal("empty value did not remove the setting")
	}
	v.Close()

	// A sealed anchor moved to another seq no longer opens, and Check names it.
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE anchors SET seq = seq + 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	v2, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	v2.Unlock(pass)
	rep, err := v2.Check()
	if err != nil || rep.OK() || rep.Problems[0].Ref != "anchor:1" {
		t.Fatalf("check after moving an anchor: %+v %v", rep.Problems, err)
	}
}

// RecordCanonical returns, for every link of a vault holding each kind of
// record, the bytes whose hash the link holds.
func TestRecordCanonicalMatchesLedger(t *testing.T) {
	v, _, _ := newVault(t)
	a, _ := v.Add(fields("one"))
	v.Edit(a.ID, fields("two"), "fix")
	b, _ := v.Add(fields("purge me"))
	v.Purge(b.ID)
	w, err := v.StartRecording(mono48, "dev", a.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(tone(0, 4800))
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ImportReader(strings.NewReader("file"), "f.txt", time.Time{}, a.ID); err != nil {
		t.Fatal(err)
	}
	v.AddHours([]record.Hours{day("2026-10-01", "09:00", "18:00", 60)})
	links, _ := v.Links()
	kinds := map[string]bool{}
	for _, l := range links {
		canon, err := v.RecordCanonical(l.Ref)
		if l.Ref == "revision:3" { // purged
			if !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("purged revision: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", l.Ref, err)
		}
		if ledger.Hash(record.Hash(canon)) != l.RecordHash {
			t.Fatalf("%s: bytes do not hash to the link", l.Ref)
		}
		kinds[l.Kind] = true
	}
	if len(kinds) != 5 {
		t.Fatalf("kinds covered: %v", kinds)
	}
	refs, err := v.RevisionRefs(a.ID)
	if err != nil || len(refs) != 2 || refs[0] != "revision:1" || refs[1] != "revision:2" {
		t.Fatalf("RevisionRefs = %v %v", refs, err)
	}
	for _, bad := range []string{"revision", "revision:x", "nope:1", "revision:0"} {
		if _, err := v.RecordCanonical(bad); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Fatalf("%q: %v", bad, err)
		}
	}
	if _, err := v.RecordCanonical("hours:99"); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
}

// A reopened vault uses no shared-memory file (EXCLUSIVE before the first
// WAL access), as a new one never did: nothing beside the vault and its WAL.
func TestNoSharedMemoryFile(t *testing.T) {
	v, path, _ := newVault(t)
	v.Add(fields("x"))
	v = reopen(t, v, path)
	v.Add(fields("y"))
	if _, err := os.Stat(path + "-shm"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a -shm file exists while the vault is open: %v", err)
	}
}

// OpenReadOnly looks at a vault (a backup on a USB stick) without changing
// one byte of it, even when a recording was cut off in it.
func TestOpenReadOnly(t *testing.T) {
	v, path, _ := newVault(t)
	v.Add(fields("kept"))
	w, err := v.StartRecording(mono48, "", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(tone(0, 4800))
	// Simulate a crash mid-recording: copy the file while the recording runs.
	v.Close()
	before, _ := os.ReadFile(path)

	ro, err := vault.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ro.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	if es, err := ro.Entries(); err != nil || len(es) != 1 {
		t.Fatalf("entries: %v %v", es, err)
	}
	recs, _ := ro.Recordings()
	if len(recs) != 1 || recs[0].State != "recording" {
		t.Fatalf("the cut-off recording was changed: %+v", recs)
	}
	if _, err := ro.Add(fields("new")); !errors.Is(err, apperr.ErrReadOnly) {
		t.Fatalf("Add on a read-only vault: %v", err)
	}
	if err := ro.SetSetting("x", "y"); !errors.Is(err, apperr.ErrReadOnly) {
		t.Fatalf("SetSetting: %v", err)
	}
	ro.Close()
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("OpenReadOnly changed the file")
	}
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + s); err == nil {
			t.Fatalf("%s left behind", s)
		}
	}
	// A normal open then finishes the recording as interrupted.
	v2, _ := vault.Open(path)
	defer v2.Close()
	v2.Unlock(pass)
	if recs, _ := v2.Recordings(); recs[0].State != "interrupted" {
		t.Fatalf("normal open: %+v", recs[0])
	}
}
