package record_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

// A revision with a language is version 2 and says "lang" after
// "actions"; one without stays version 1, byte for byte what earlier
// Kiroku wrote, so old records keep their hashes.
func TestRevisionLanguage(t *testing.T) {
	v1 := sample()
	b1, err := v1.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b1, []byte(`"lang"`)) || record.RevisionVersion(v1.Fields) != 1 {
		t.Fatalf("a revision without a language changed: %s", b1)
	}

	v2 := sample()
	v2.Fields.Lang = "vi"
	v2.Version = record.RevisionVersion(v2.Fields)
	if v2.Version != record.RevisionVersionLang {
		t.Fatalf("version %d", v2.Version)
	}
	b2, err := v2.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b2, []byte(`{"v":2,`)) || !bytes.Contains(b2, []byte(`"actions":"","lang":"vi"}`)) {
		t.Fatalf("canonical: %s", b2)
	}
	for name, parse := range map[string]func([]byte) (record.Revision, error){
		"ParseRevision": record.ParseRevision, "DecodeRevision": record.DecodeRevision,
	} {
		got, err := parse(b2)
		if err != nil || got.Fields.Lang != "vi" || got.Version != 2 {
			t.Fatalf("%s: %+v, %v", name, got, err)
		}
	}

	// Each revision has one canonical form: the version must match the
	// language, and the language must be a plain tag.
	for name, in := range map[string][]byte{
		"v1 with a language":  bytes.Replace(b2, []byte(`"v":2`), []byte(`"v":1`), 1),
		"v2 without one":      bytes.Replace(b1, []byte(`"v":1`), []byte(`"v":2`), 1),
		"v2 with empty lang":  bytes.Replace(b2, []byte(`"lang":"vi"`), []byte(`"lang":""`), 1),
		"lowercase script":    bytes.Replace(b2, []byte(`"lang":"vi"`), []byte(`"lang":"zh-hans"`), 1),
		"not a tag":           bytes.Replace(b2, []byte(`"lang":"vi"`), []byte(`"lang":"Vietnamese"`), 1),
		"version 3":           bytes.Replace(b2, []byte(`"v":2`), []byte(`"v":3`), 1),
		"lang before actions": bytes.Replace(b2, []byte(`"actions":"","lang":"vi"`), []byte(`"lang":"vi","actions":""`), 1),
	} {
		if _, err := record.ParseRevision(in); !errors.Is(err, apperr.ErrInvalidInput) {
			t.Errorf("%s: ParseRevision accepted: %v", name, err)
		}
		if name != "lang before actions" {
			if _, err := record.DecodeRevision(in); !errors.Is(err, apperr.ErrInvalidInput) {
				t.Errorf("%s: DecodeRevision accepted: %v", name, err)
			}
		}
	}
}

func TestIsLangTag(t *testing.T) {
	for _, c := range []struct {
		tag string
		ok  bool
	}{
		{"vi", true}, {"fil", true}, {"zh-Hans", true}, {"zh-Hant-TW", true}, {"pt-BR", true}, {"es-419", true},
		{"", false}, {"v", false}, {"VI", false}, {"zh-hans", false}, {"pt-br", false}, {"zh-Hans-TW-x", false},
		{"vietnamese", false}, {"vi_VN", false}, {"vi-", false}, {"-vi", false}, {"zh-HANS", false}, {"ne-NP-Deva", false},
		{"ベトナム", false}, {"en-US-POSIX", false}, {"pt-12", false},
	} {
		if got := record.IsLangTag(c.tag); got != c.ok {
			t.Errorf("IsLangTag(%q) = %v", c.tag, got)
		}
	}
	f := sample().Fields
	f.Lang = "Vietnamese"
	if err := f.Validate(); !errors.Is(err, apperr.ErrInvalidInput) {
		t.Fatalf("Validate accepted language %q: %v", f.Lang, err)
	}
	f.Lang = " vi "
	if f = f.Normalize(); f.Lang != "vi" || f.Validate() != nil {
		t.Fatalf("Normalize: %q %v", f.Lang, f.Validate())
	}
}
