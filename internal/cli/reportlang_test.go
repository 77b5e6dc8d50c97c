package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// --lang ja+<tag>: a shipped language is kept; one Kiroku offers but this
// build lacks falls back to Japanese and English with a note naming it;
// anything else is a usage error.
func TestExportReportLanguage(t *testing.T) {
	i18n.SetLanguage("en")
	missing := "" // offered, not shipped in this build
	for _, l := range i18n.Offer {
		if !i18n.Supported(l) {
			missing = l
			break
		}
	}
	tests := []struct {
		lang, want string
		note, bad  bool
	}{
		{"ja", "ja", false, false},
		{"en", "en", false, false},
		{"both", "both", false, false},
		{"ja+en", "ja+en", false, false},
		{"ja+fr", "ja+fr", false, true},
		{"fr", "fr", false, true},
		{"ja+ja", "ja+ja", false, true},
	}
	if missing != "" {
		tests = append(tests, struct {
			lang, want string
			note, bad  bool
		}{"ja+" + missing, "both", true, false})
	}
	for _, l := range i18n.Languages {
		if l != "ja" {
			tests = append(tests, struct {
				lang, want string
				note, bad  bool
			}{"ja+" + l, "ja+" + l, false, false})
		}
	}
	for _, tt := range tests {
		got, note := reportLanguage(tt.lang)
		if got != tt.want || (note != "") != tt.note {
			t.Errorf("reportLanguage(%q) = %q, %q; want %q, a note %v", tt.lang, got, note, tt.want, tt.note)
		}
		if tt.note && (!strings.Contains(note, missing) || !strings.Contains(note, "Japanese and English")) {
			t.Errorf("the note does not say what happens: %q", note)
		}
		f := exportFlags{lang: got, exhibitPrefix: "甲", exhibitStart: 1}
		_, err := f.options()
		if (err != nil) != tt.bad {
			t.Errorf("options(--lang %q) error %v, want an error %v", got, err, tt.bad)
		}
	}
	if slices.Contains(bilingualTags(), "ja") || !slices.Contains(bilingualTags(), "en") {
		t.Errorf("bilingualTags %q", bilingualTags())
	}
}
