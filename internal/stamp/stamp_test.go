package stamp

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/tsa"
	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func TestStampAndAnchorer(t *testing.T) {
	srv := tsatest.New(t)
	v, _, err := vault.Create(filepath.Join(t.TempDir(), "s.kiroku"), []byte("pw"), vault.Options{KDF: seal.LowCost})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	add := func() {
		if _, err := v.Add(record.Fields{EventTime: time.Now(), Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	add()
	if _, _, err := Now(context.Background(), v); !errors.Is(err, ErrOff) {
		t.Fatalf("off by default: %v", err)
	}
	if err := settings.SetTSAURL(v, "file:///etc/passwd"); err == nil {
		t.Fatal("file URL accepted")
	}
	if err := settings.SetTSAURL(v, " "+srv.URL+"\n"); err != nil {
		t.Fatal(err)
	}
	a, fresh, err := Now(context.Background(), v)
	if err != nil || !fresh || a.Seq != 1 {
		t.Fatalf("Now: %+v %v %v", a, fresh, err)
	}
	if _, fresh, _ := Now(context.Background(), v); fresh {
		t.Fatal("the same head was stamped twice")
	}
	if err := Recheck(v, a); err != nil {
		t.Fatal(err)
	}
	// The app's background anchorer through the same Store.
	add()
	add()
	an := &tsa.Anchorer{Client: &tsa.Client{URL: srv.URL}, Store: Store{V: v, TSA: srv.URL}, Delay: time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- an.Run(ctx) }()
	an.Notify()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if n, _ := v.LastAnchorSeq(); n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("anchorer did not stamp the head: %+v", an.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	as, _ := v.Anchors()
	if len(as) != 2 {
		t.Fatalf("anchors: %d", len(as))
	}
	for _, a := range as {
		if err := Recheck(v, a); err != nil {
			t.Fatal(err)
		}
	}
	if rep, _ := v.Check(); !rep.OK() {
		t.Fatalf("check: %+v", rep.Problems)
	}
}
