package cli_test

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/cli"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// BenchmarkListJSON10k is kirokuctl list --json of 10,000 entries in one
// process: open, unlock (cheap KDF), decrypt, encode. make bench compares
// the whole process with sqlite3 -json; this one profiles it
// (go test -bench ListJSON -cpuprofile).
func BenchmarkListJSON10k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "l.kiroku")
	v, _, err := vault.Create(path, []byte("pw"), vault.Options{KDF: seal.LowCost})
	if err != nil {
		b.Fatal(err)
	}
	var batch []record.Fields
	for i := 0; i < 10000; i++ {
		batch = append(batch, record.Fields{EventTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour), EventZone: "Asia/Tokyo",
			Text: fmt.Sprintf("entry %d: the manager shouted in the meeting room in front of everyone", i), Place: "office"})
	}
	if err := v.AddMany(batch); err != nil {
		b.Fatal(err)
	}
	v.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var errb bytes.Buffer
		code := cli.Main([]string{"list", "--vault", path, "--passphrase-stdin", "--json"}, &cli.Env{Stdin: strings.NewReader("pw\n"), Stdout: io.Discard, Stderr: &errb})
		if code != 0 {
			b.Fatal(errb.String())
		}
	}
}

// BenchmarkAddBatch2k is kirokuctl add --batch of 2,000 entries, each its
// own durable transaction.
func BenchmarkAddBatch2k(b *testing.B) {
	var in strings.Builder
	in.WriteString("pw\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&in, `{"event_time":"2026-10-01T10:%02d:00+09:00","event_zone":"Asia/Tokyo","place":"3F meeting room","people":[{"name":"Tanaka","role":"superior"}],"text":"entry %d: he said it again in front of everyone at the morning meeting","quote":"お前なんか辞めてしまえ","witnesses":["Sato"],"categories":["power-harassment"],"impact":"could not sleep","actions":""}`+"\n", i%60, i)
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "a.kiroku")
		v, _, err := vault.Create(path, []byte("pw"), vault.Options{KDF: seal.LowCost})
		if err != nil {
			b.Fatal(err)
		}
		v.Close()
		b.StartTimer()
		var errb bytes.Buffer
		code := cli.Main([]string{"add", "--vault", path, "--passphrase-stdin", "--batch", "-"}, &cli.Env{Stdin: strings.NewReader(in.String()), Stdout: io.Discard, Stderr: &errb})
		if code != 0 {
			b.Fatal(errb.String())
		}
	}
}
