package record_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

func sampleAttachment() record.Attachment {
	return record.Attachment{
		Version: 1, Salt: strings.Repeat("ef", 32), AttachmentID: 4, Name: "録音 <2026-10-03>.m4a", Size: 3145745,
		ModTime:    time.Date(2026, 10, 3, 14, 31, 2, 123456789, time.FixedZone("", 9*3600)),
		SHA256:     strings.Repeat("0a", 32),
		MediaType:  "audio/mp4",
		ImportedAt: time.Date(2026, 11, 21, 0, 37, 59, 0, time.UTC),
		EntryID:    7,
		Chunks:     4,
	}
}

func TestAttachmentCanonical(t *testing.T) {
	a := sampleAttachment()
	b, err := a.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"n":"` + strings.Repeat("ef", 32) + `","attachment":4,"name":"録音 <2026-10-03>.m4a","size":3145745,` +
		`"mod_time":"2026-10-03T14:31:02.123456789+09:00","sha256":"` + strings.Repeat("0a", 32) + `",` +
		`"media_type":"audio/mp4","imported_at":"2026-11-21T00:37:59Z","entry":7,"chunks":4}`
	if string(b) != want {
		t.Fatalf("canonical:\n%s\nwant:\n%s", b, want)
	}
	got, err := record.ParseAttachment(b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := got.Canonical()
	if !bytes.Equal(again, b) || got.Name != a.Name || got.Size != a.Size || !got.ModTime.Equal(a.ModTime) {
		t.Fatalf("round trip: %+v", got)
	}
	// The zero time (a file read from a pipe has no modification time).
	a.ModTime = time.Time{}
	if b, err := a.Canonical(); err != nil {
		t.Fatal(err)
	} else if _, err := record.ParseAttachment(b); err != nil {
		t.Fatal(err)
	}
}

func TestAttachmentRejects(t *testing.T) {
	b, _ := sampleAttachment().Canonical()
	tests := map[string][]byte{
		"whitespace":    append([]byte(" "), b...),
		"trailing":      append(append([]byte{}, b...), '{', '}'),
		"unknown field": bytes.Replace(b, []byte(`"v":1,`), []byte(`"v":1,"x":2,`), 1),
		"reordered":     bytes.Replace(b, []byte(`"size":3145745,"mod_time"`), []byte(`"mod_time"`), 1),
		"version 2":     bytes.Replace(b, []byte(`"v":1`), []byte(`"v":2`), 1),
		"upper hex":     bytes.Replace(b, []byte(strings.Repeat("0a", 32)), []byte(strings.Repeat("0A", 32)), 1),
		"short hash":    bytes.Replace(b, []byte(strings.Repeat("0a", 32)), []byte("0a"), 1),
		"negative size": bytes.Replace(b, []byte(`"size":3145745`), []byte(`"size":-1`), 1),
		"zero id":       bytes.Replace(b, []byte(`"attachment":4`), []byte(`"attachment":0`), 1),
		"empty name":    bytes.Replace(b, []byte(`"name":"録音 <2026-10-03>.m4a"`), []byte(`"name":""`), 1),
		"escaped":       bytes.Replace(b, []byte("<2026"), []byte(`\u003c2026`), 1),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := record.ParseAttachment(in); !errors.Is(err, apperr.ErrInvalidInput) {
				t.Fatalf("accepted: %v", err)
			}
		})
	}
	bad := sampleAttachment()
	bad.Name = "a\xffb"
	if _, err := bad.Canonical(); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("invalid UTF-8 name accepted: %v", err)
	}
}

func FuzzParseAttachment(f *testing.F) {
	b, _ := sampleAttachment().Canonical()
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"v":1}`))
	f.Add(bytes.Replace(b, []byte(`"name":"録音`), []byte(`"name":"\ud800`), 1))
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := record.ParseAttachment(in)
		if err != nil {
			return
		}
		out, err := a.Canonical()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("accepted bytes are not canonical")
		}
		if a.AttachmentID <= 0 || a.Size < 0 || a.Name == "" || len(a.SHA256) != 64 {
			t.Fatalf("accepted an out-of-range record: %+v", a)
		}
	})
}
