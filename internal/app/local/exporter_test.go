package local

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

var jst = time.FixedZone("JST", 9*60*60)

// newStore creates a real vault through the adapter, with entries on
// March 1, 2, 3... of 2026.
func newStore(t *testing.T, texts ...string) *Store {
	t.Helper()
	seal.TestUseLowCostKDF(t)
	st, _, err := Vaults{KDF: seal.LowCost}.Create(filepath.Join(t.TempDir(), "diary.kiroku"), []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	s := st.(*Store)
	t.Cleanup(func() { s.Close() })
	for i, text := range texts {
		f := record.Fields{EventTime: time.Date(2026, 3, 1+i, 10, 0, 0, 0, jst), EventZone: "Asia/Tokyo", Text: text}
		if i == 1 {
			f.Categories = []string{"sexual-harassment"}
			f.People = []record.Person{{Name: "Tanaka", Role: "superior"}}
		}
		if _, err := s.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestPlanAndExport(t *testing.T) {
	s := newStore(t, "会議で怒鳴られた", "second\nmore", "third")
	for _, tt := range []struct {
		name string
		sel  app.ExportSelection
		want []string
	}{
		{"all", app.ExportSelection{}, []string{"会議で怒鳴られた", "second\nmore", "third"}},
		{"from", app.ExportSelection{From: time.Date(2026, 3, 2, 0, 0, 0, 0, jst)}, []string{"second\nmore", "third"}},
		{"category", app.ExportSelection{Categories: []string{"sexual-harassment"}}, []string{"second\nmore"}},
		{"person", app.ExportSelection{People: []string{"tanaka"}}, []string{"second\nmore"}},
		{"entry", app.ExportSelection{Entries: []int64{3}}, []string{"third"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.PlanExport(tt.sel)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range p.Entries {
				got = append(got, e.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || p.Bytes <= 0 {
				t.Errorf("plan %q (%d bytes), want %q", got, p.Bytes, tt.want)
			}
		})
	}
	if _, err := s.PlanExport(app.ExportSelection{From: time.Date(2026, 3, 3, 0, 0, 0, 0, jst), To: time.Date(2026, 3, 1, 0, 0, 0, 0, jst)}); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Errorf("reversed range: %v", err)
	}

	dir := t.TempDir()
	plan, err := s.PlanExport(app.ExportSelection{Recordings: true, Attachments: true, Hours: true})
	if err != nil {
		t.Fatal(err)
	}
	var calls int
	var last, total int64
	res, err := s.Export(context.Background(), plan, app.ExportOptions{Dir: dir, Name: "bag", Form: app.FormFolder, Lang: "both"},
		func(done, tot int64) { calls++; last, total = done, tot })
	if err != nil {
		t.Fatal(err)
	}
	// The head shown is the bag's: the 3 entries' links, then the export record's.
	if res.Path != filepath.Join(dir, "bag") || res.Entries != 3 || res.HeadSeq != 4 || len(res.HeadLink) != 64 {
		t.Errorf("result %+v", res)
	}
	if info, _ := os.ReadFile(filepath.Join(res.Path, "bag-info.txt")); !strings.Contains(string(info), "Kiroku-Ledger-Head: 4 "+res.HeadLink+"\n") {
		t.Errorf("the head shown is not the bag's:\n%s", info)
	}
	if calls == 0 || last <= 0 || total <= 0 {
		t.Errorf("progress: %d calls, last %d of %d", calls, last, total)
	}
	if sha, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command(sha, "-c", "manifest-sha256.txt")
		cmd.Dir = res.Path
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c: %v\n%s", err, out)
		}
	}
	v, err := s.VerifyBundle(context.Background(), res.Path)
	if err != nil || !v.OK || v.Problems != 0 || !strings.Contains(v.Report("en"), "RESULT: CONSISTENT") {
		t.Fatalf("verify: %v %+v\n%s", err, v, v.Report("en"))
	}

	// The same bundle changed: found, and told in Japanese too.
	if err := os.WriteFile(filepath.Join(res.Path, "data", "entries.csv"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	v, err = s.VerifyBundle(context.Background(), res.Path)
	if err != nil || v.OK || v.Problems == 0 || !strings.Contains(v.Report("ja"), "data/entries.csv") || v.Report("ja") == v.Report("en") {
		t.Errorf("changed bundle: %v %+v\n%s", err, v, v.Report("ja"))
	}
	// Not a bundle at all: a result, not an error.
	v, err = s.VerifyBundle(context.Background(), dir)
	if err != nil || v.OK || v.Report("en") == "" {
		t.Errorf("not a bundle: %v %+v", err, v)
	}

	// A zip, and an encrypted zip that leaves no plain zip behind.
	res, err = s.Export(context.Background(), plan, app.ExportOptions{Dir: dir, Name: "z", Form: app.FormZip, Lang: "ja"}, nil)
	if err != nil || res.Path != filepath.Join(dir, "z.zip") {
		t.Fatalf("zip: %v %+v", err, res)
	}
	if v, err := s.VerifyBundle(context.Background(), res.Path); err != nil || !v.OK {
		t.Errorf("zip verify: %v %+v", err, v)
	}
	res, err = s.Export(context.Background(), plan, app.ExportOptions{Dir: dir, Name: "e", Form: app.FormEncrypted, Passphrase: []byte("pw for the lawyer"), Lang: "en"}, nil)
	if err != nil || res.Path != filepath.Join(dir, "e.zip.age") {
		t.Fatalf("encrypted: %v %+v", err, res)
	}
	if _, err := os.Stat(filepath.Join(dir, "e.zip")); err == nil {
		t.Error("a plain zip is left beside the encrypted one")
	}
	// Never over an existing bundle.
	if _, err := s.Export(context.Background(), plan, app.ExportOptions{Dir: dir, Name: "bag", Form: app.FormFolder, Lang: "en"}, nil); !errors.Is(err, apperr.ErrExists) {
		t.Errorf("export over an existing bundle: %v", err)
	}
}

// Cancelling, or closing the vault (locking) in the middle, leaves
// nothing behind.
func TestExportCancelAndClose(t *testing.T) {
	s := newStore(t, "one", "two")
	plan, err := s.PlanExport(app.ExportSelection{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = s.Export(ctx, plan, app.ExportOptions{Dir: dir, Name: "c", Form: app.FormZip, Lang: "en"}, func(int64, int64) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled export: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("cancelled export left %v", ents)
	}

	started := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		var once bool
		_, err := s.Export(context.Background(), plan, app.ExportOptions{Dir: dir, Name: "d", Form: app.FormFolder, Lang: "en"}, func(int64, int64) {
			if !once {
				once = true
				close(started)
				time.Sleep(200 * time.Millisecond) // Close waits meanwhile
			}
		})
		errc <- err
	}()
	<-started
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("export cut by Close: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("export cut by Close left %v", ents)
	}
	if _, err := s.Export(context.Background(), plan, app.ExportOptions{Dir: dir, Name: "e", Form: app.FormFolder}, nil); err == nil {
		t.Error("export after Close worked")
	}
}
