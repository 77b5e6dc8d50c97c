package report_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/report"
)

func TestCheckLanguage(t *testing.T) {
	tests := []struct {
		lang string
		ok   bool
	}{
		{"ja", true}, {"en", true}, {"both", true}, {"", true}, {"ja+en", true},
		{"fr", false}, {"ja+ja", false}, {"ja+fr", false}, {"ja+", false}, {"en+ja", false},
		{"ja+vi+en", false}, {"JA+en", false},
	}
	for _, l := range i18n.Offer {
		if l != "ja" && l != "en" {
			// Japanese beside any shipped language; one only offered is refused.
			tests = append(tests, struct {
				lang string
				ok   bool
			}{report.Bilingual(l), i18n.Supported(l)})
		}
	}
	for _, tt := range tests {
		err := report.CheckLanguage(tt.lang)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, report.ErrLanguage)) {
			t.Errorf("CheckLanguage(%q) = %v, want ok %v", tt.lang, err, tt.ok)
		}
	}
	for lang, want := range map[string]string{"ja": "en", "en": "en", "both": "en", "": "en", "ja+en": "en", "ja+vi": "vi", "ja+pt-BR": "pt-BR"} {
		if got := report.Second(lang); got != want {
			t.Errorf("Second(%q) = %q, want %q", lang, got, want)
		}
	}
}

// "ja+en" is the Japanese and English report, byte for byte.
func TestBilingualEnglishIsBoth(t *testing.T) {
	if !bytes.Equal(render(t, sample("ja+en")), render(t, sample(report.LangBoth))) {
		t.Error("ja+en differs from both")
	}
}

// A "ja+<tag>" report puts the Japanese labels and headings beside those
// of the worker's language, for every shipped language (pdftotext).
func TestWriteBilingual(t *testing.T) {
	cat := i18n.Default()
	n := 0
	for _, tag := range i18n.Languages {
		if tag == "ja" || tag == "en" {
			continue
		}
		n++
		t.Run(tag, func(t *testing.T) {
			text := unmark(pdftotext(t, render(t, sample(report.Bilingual(tag)))))
			for _, key := range []string{"report.title", "report.cover.period", "report.cover.entries", "report.cover.vault"} {
				for _, l := range []string{"ja", tag} {
					if want := unmark(cat.T(l, key)); !strings.Contains(text, want) {
						t.Errorf("%s: no %s text of %s: %q", tag, l, key, cat.T(l, key))
					}
				}
			}
			if en := unmark(cat.T("en", "report.cover.vault")); en != unmark(cat.T(tag, "report.cover.vault")) && strings.Contains(text, en) {
				t.Errorf("%s: the English label is in a ja+%s report", tag, tag)
			}
		})
	}
	if n == 0 {
		t.Skip("no language besides ja and en ships in this build (assets/i18n/<tag>/REVIEW.md)")
	}
}
