package i18n

import "github.com/kiroku-app/kiroku/internal/record"

// WritingLanguage is a language a worker may say an entry is written in:
// its BCP 47 tag (record.Fields.Lang) and its name in itself, shown
// beside the name in the app's language so that a worker finds their own.
type WritingLanguage struct {
	Tag     string
	Endonym string
}

// WritingLanguages are the languages the entry form offers, Japanese and
// English first, then the languages of the largest groups of foreign
// workers in Japan, each in a script Kiroku ships a font for (a language
// whose letters it cannot draw is not offered: its words would come out as
// boxes in the report). Each has a name in every shipped language under the
// key "language.<tag>" (a test checks it). A record may carry any tag
// record.IsLangTag accepts; one not listed here is shown as its tag.
var WritingLanguages = []WritingLanguage{
	{"ja", "日本語"},
	{"en", "English"},
	{"vi", "Tiếng Việt"},
	{"zh-Hans", "简体中文"},
	{"zh-Hant", "繁體中文"},
	{"fil", "Filipino (Tagalog)"},
	{"ne", "नेपाली"},
	{"id", "Bahasa Indonesia"},
	{"pt-BR", "Português (Brasil)"},
	{"my", "မြန်မာ"},
	{"mn", "Монгол"},
	{"ar", "العربية"},
	{"ko", "한국어"},
	{"th", "ไทย"},
	{"km", "ខ្មែរ"},
	{"hi", "हिन्दी"},
	{"ur", "اردو"},
	{"uz", "Oʻzbekcha"},
	{"ms", "Bahasa Melayu"},
	{"es", "Español"},
	{"fr", "Français"},
	{"ru", "Русский"},
	{"tr", "Türkçe"},
	{"fa", "فارسی"},
}

// WritingLanguageKnown reports whether tag is one of WritingLanguages.
func WritingLanguageKnown(tag string) bool {
	_, ok := writingIndex(tag)
	return ok
}

func writingIndex(tag string) (int, bool) {
	for i, l := range WritingLanguages {
		if l.Tag == tag {
			return i, true
		}
	}
	return 0, false
}

// LanguageName names the writing language tag in lang ("ベトナム語" for
// "vi" in Japanese); a tag without a name is returned as it is.
func (c *Catalog) LanguageName(lang, tag string) string {
	if key := "language." + tag; record.IsLangTag(tag) && (c.Has(lang, key) || c.Has(Fallback, key)) {
		return c.T(lang, key)
	}
	return tag
}

// Endonym is tag's name in itself, or "" when it is not listed.
func Endonym(tag string) string {
	if i, ok := writingIndex(tag); ok {
		return WritingLanguages[i].Endonym
	}
	return ""
}

// WritingLanguageLabel names tag in lang and in itself, "ベトナム語 —
// Tiếng Việt", as the app and kirokuctl show it; a tag Kiroku does not
// list is shown as it is.
func (c *Catalog) WritingLanguageLabel(lang, tag string) string {
	name := c.LanguageName(lang, tag)
	if e := Endonym(tag); e != "" && e != name {
		return name + " — " + e
	}
	return name
}
