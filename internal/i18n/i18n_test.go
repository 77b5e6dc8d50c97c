package i18n_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

func TestLoadAndFallback(t *testing.T) {
	fsys := fstest.MapFS{
		"en/a.json": {Data: []byte(`{"hello":"Hello %[1]s","only.en":"x"}`)},
		"ja/a.json": {Data: []byte(`{"hello":"こんにちは %[1]s"}`)},
	}
	c, err := i18n.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, key, want string }{
		{"en", "hello", "Hello Aiko"},
		{"ja", "hello", "こんにちは Aiko"},
		{"ja", "only.en", "x"},
		{"ja", "nope", "nope"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, "Aiko"); tt.key == "only.en" || tt.key == "nope" {
			if got := c.T(tt.lang, tt.key); got != tt.want {
				t.Errorf("T(%s,%s)=%q want %q", tt.lang, tt.key, got, tt.want)
			}
		} else if got != tt.want {
			t.Errorf("T(%s,%s)=%q want %q", tt.lang, tt.key, got, tt.want)
		}
	}
}

func TestDuplicateKeyRefused(t *testing.T) {
	fsys := fstest.MapFS{
		"en/a.json": {Data: []byte(`{"k":"1"}`)},
		"en/b.json": {Data: []byte(`{"k":"2"}`)},
	}
	if _, err := i18n.Load(fsys); err == nil {
		t.Fatal("duplicate key accepted")
	}
}

func TestMatch(t *testing.T) {
	tests := []struct{ locale, want string }{
		{"ja_JP.UTF-8", "ja"}, {"ja-JP", "ja"}, {"JA", "ja"}, {"en_US.UTF-8", "en"},
		{"vi_VN", "vi"}, {"vi_VN.UTF-8", "vi"}, {"vi", "vi"},
		{"zh_CN.UTF-8", "zh-Hans"}, {"zh_SG", "zh-Hans"}, {"zh-Hans", "zh-Hans"}, {"zh-Hans-CN", "zh-Hans"}, {"zh", "zh-Hans"},
		{"zh_TW.UTF-8", ""}, {"zh-Hant", ""}, {"zh_HK", ""},
		{"fil_PH", "tl"}, {"fil", "tl"}, {"tl_PH.UTF-8", "tl"},
		{"pt_BR.UTF-8", "pt-BR"}, {"pt", "pt-BR"}, {"pt-PT", "pt-BR"},
		{"ne_NP", "ne"}, {"id_ID", "id"}, {"in_ID", "id"}, {"my_MM", "my"}, {"mn_MN", "mn"},
		{"ar_EG.UTF-8", "ar"}, {"ar_SA", "ar"}, {"ar", "ar"},
		{"ja-x-easy", "ja"}, // never chosen by the OS: it means Japanese
		{"C", ""}, {"POSIX", ""}, {"", ""}, {"fr_FR", ""}, {"ko_KR", ""}, {"_", ""},
	}
	for _, tt := range tests {
		if got := i18n.Match(tt.locale); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.locale, got, tt.want)
		}
	}
	for _, l := range i18n.Offer {
		if l != "ja-x-easy" && i18n.Match(l) != l {
			t.Errorf("Match(%q) = %q", l, i18n.Match(l))
		}
	}
}

func TestFromLocale(t *testing.T) {
	for in, want := range map[string]string{
		"ja_JP.UTF-8": "ja", "en_US.UTF-8": "en", "C": "en", "POSIX": "en", "": "en", "fr_FR": "en",
	} {
		if got := i18n.FromLocale(in); got != want {
			t.Errorf("FromLocale(%q)=%q want %q", in, got, want)
		}
	}
	// A language of Offer that is not shipped gives English.
	for _, l := range i18n.Offer {
		want := l
		if !i18n.Supported(l) || l == "ja-x-easy" {
			want = "en"
		}
		if l == "ja-x-easy" {
			continue
		}
		if got := i18n.FromLocale(l); got != want {
			t.Errorf("FromLocale(%q)=%q want %q", l, got, want)
		}
	}
}

// Languages are the folders with messages and a REVIEW.md, in Offer order;
// a folder outside Offer or a REVIEW.md that says neither yes nor no is
// refused.
func TestShippedLanguages(t *testing.T) {
	msgs := []byte(`{"k":"v"}`)
	tests := []struct {
		name     string
		fsys     fstest.MapFS
		want     []string
		reviewed []string
		wantErr  string
	}{
		{"order and review", fstest.MapFS{
			"vi/a.json": {Data: msgs}, "vi/REVIEW.md": {Data: []byte("Reviewed: no\nby nobody yet\n")},
			"ja/a.json": {Data: msgs}, "ja/REVIEW.md": {Data: []byte("Reviewed: yes")},
			"en/a.json": {Data: msgs}, "en/REVIEW.md": {Data: []byte("Reviewed: yes (source)\n")},
			"ja-x-easy/a.json": {Data: msgs}, "ja-x-easy/REVIEW.md": {Data: []byte("Reviewed: yes 2026-12-01 Aiko Sato\n")},
			"ar/a.json":    {Data: msgs},                     // no REVIEW.md: in progress
			"tl/REVIEW.md": {Data: []byte("Reviewed: no\n")}, // no messages
		}, []string{"en", "ja", "ja-x-easy", "vi"}, []string{"en", "ja", "ja-x-easy"}, ""},
		{"unknown folder", fstest.MapFS{
			"en/a.json": {Data: msgs}, "en/REVIEW.md": {Data: []byte("Reviewed: yes")},
			"fr/a.json": {Data: msgs}, "fr/REVIEW.md": {Data: []byte("Reviewed: no")},
		}, nil, nil, `folder "fr"`},
		{"review says neither", fstest.MapFS{
			"en/a.json": {Data: msgs}, "en/REVIEW.md": {Data: []byte("Reviewed: yes")},
			"vi/a.json": {Data: msgs}, "vi/REVIEW.md": {Data: []byte("Reviewed: partly\n")},
		}, nil, nil, "vi/REVIEW.md"},
		{"review not on the first line", fstest.MapFS{
			"en/a.json": {Data: msgs}, "en/REVIEW.md": {Data: []byte("Reviewed: yes")},
			"vi/a.json": {Data: msgs}, "vi/REVIEW.md": {Data: []byte("# Review\nReviewed: yes\n")},
		}, nil, nil, "vi/REVIEW.md"},
		{"yes without a space", fstest.MapFS{
			"en/a.json": {Data: msgs}, "en/REVIEW.md": {Data: []byte("Reviewed: yes")},
			"vi/a.json": {Data: msgs}, "vi/REVIEW.md": {Data: []byte("Reviewed: yesterday\n")},
		}, nil, nil, "vi/REVIEW.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := i18n.Load(tt.fsys)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Languages(); !slices.Equal(got, tt.want) {
				t.Errorf("Languages %q, want %q", got, tt.want)
			}
			for _, l := range tt.want {
				if got, want := c.Reviewed(l), slices.Contains(tt.reviewed, l); got != want {
					t.Errorf("Reviewed(%s) = %v", l, got)
				}
			}
		})
	}
}

// The embedded assets: English and Japanese are shipped and reviewed,
// every folder is a language of Offer (Load refuses others), and the order
// is Offer's.
func TestEmbeddedLanguages(t *testing.T) {
	if len(i18n.Languages) < 2 || i18n.Languages[0] != "en" || i18n.Languages[1] != "ja" {
		t.Fatalf("Languages %q", i18n.Languages)
	}
	if !i18n.Reviewed("en") || !i18n.Reviewed("ja") {
		t.Error("English or Japanese not counted as reviewed")
	}
	last := -1
	for _, l := range i18n.Languages {
		i := slices.Index(i18n.Offer, l)
		if i <= last {
			t.Errorf("%s out of Offer order in %q", l, i18n.Languages)
		}
		last = i
		if i18n.AppEndonym(l) == l {
			t.Errorf("%s has no endonym", l)
		}
	}
}

func TestAppLanguageLabel(t *testing.T) {
	msgs := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	c, err := i18n.Load(fstest.MapFS{
		"en/a.json":    msgs(`{"language.vi":"Vietnamese","language.fil":"Filipino (Tagalog)","ui.languages.ja-x-easy":"Easy Japanese","ui.languages.unreviewed":"translation not yet reviewed"}`),
		"en/REVIEW.md": msgs("Reviewed: yes"),
		"ja/a.json":    msgs(`{"language.vi":"ベトナム語","language.fil":"フィリピノ語（タガログ語）","ui.languages.ja-x-easy":"やさしい日本語","ui.languages.unreviewed":"未確認"}`),
		"ja/REVIEW.md": msgs("Reviewed: yes"),
		"vi/a.json":    msgs(`{"language.vi":"Tiếng Việt","ui.languages.unreviewed":"bản dịch chưa được kiểm tra"}`),
		"vi/REVIEW.md": msgs("Reviewed: no"),
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, tag, want string }{
		{"en", "en", "English"},
		{"ja", "en", "English"}, // no "language.en" in this catalog
		{"en", "ja", "日本語"},
		{"ja", "vi", "Tiếng Việt — ベトナム語 · bản dịch chưa được kiểm tra"},
		{"vi", "vi", "Tiếng Việt · bản dịch chưa được kiểm tra"},
		{"en", "tl", "Tagalog — Filipino (Tagalog) · translation not yet reviewed"},
		{"ja", "ja-x-easy", "やさしい にほんご — やさしい日本語 · translation not yet reviewed"},
	}
	for _, tt := range tests {
		if got := c.AppLanguageLabel(tt.lang, tt.tag); got != tt.want {
			t.Errorf("AppLanguageLabel(%s, %s) = %q, want %q", tt.lang, tt.tag, got, tt.want)
		}
	}
}

// Every writing language the form offers has a valid tag, an endonym and
// a name in every shipped language.
func TestWritingLanguages(t *testing.T) {
	c := i18n.Default()
	seen := map[string]bool{}
	for _, l := range i18n.WritingLanguages {
		if seen[l.Tag] || strings.TrimSpace(l.Endonym) == "" {
			t.Errorf("%q: repeated or without an endonym", l.Tag)
		}
		seen[l.Tag] = true
		for _, lang := range i18n.Languages {
			if !c.Has(lang, "language."+l.Tag) {
				t.Errorf("%s: no name for writing language %q", lang, l.Tag)
			}
		}
	}
	if got := c.LanguageName("ja", "vi"); got != "ベトナム語" {
		t.Errorf("LanguageName(ja, vi) = %q", got)
	}
	if got := c.LanguageName("en", "zh-Hant-HK"); got != "zh-Hant-HK" {
		t.Errorf("an unlisted tag: %q", got)
	}
	if got := c.LanguageName("en", "title"); got != "title" {
		t.Errorf("a tag that is not a language reads a message: %q", got)
	}
}
