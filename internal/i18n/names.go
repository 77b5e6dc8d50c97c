package i18n

// endonyms name each language of Offer in itself, so that a worker finds
// their own language in a list written in one they cannot read.
var endonyms = map[string]string{
	"en":        "English",
	"ja":        "日本語",
	"ja-x-easy": "やさしい にほんご",
	"vi":        "Tiếng Việt",
	"zh-Hans":   "简体中文",
	"tl":        "Tagalog",
	"ne":        "नेपाली",
	"id":        "Bahasa Indonesia",
	"pt-BR":     "Português (Brasil)",
	"my":        "မြန်မာ",
	"mn":        "Монгол",
	"ar":        "العربية",
}

// Keys of assets/i18n/<lang>/languages-ui.json.
const (
	keyEasyJapanese = "ui.languages.ja-x-easy"
	keyUnreviewed   = "ui.languages.unreviewed"
)

// AppEndonym is the name of app language tag (one of Offer) in itself.
func AppEndonym(tag string) string {
	if e, ok := endonyms[tag]; ok {
		return e
	}
	return tag
}

// AppLanguageName names app language tag in lang: the names of writing
// languages ("language.<tag>", with Tagalog under its writing tag "fil"),
// and easy Japanese under its own key.
func (c *Catalog) AppLanguageName(lang, tag string) string {
	switch tag {
	case "ja-x-easy":
		return c.T(lang, keyEasyJapanese)
	case "tl":
		return c.LanguageName(lang, "fil")
	}
	return c.LanguageName(lang, tag)
}

// AppLanguageLabel is how a language menu shows tag to a reader of lang:
// the endonym, the name in lang where it differs, and "translation not yet
// reviewed" in tag's own words where no native speaker has reviewed it:
// "Tiếng Việt — ベトナム語 · bản dịch chưa được kiểm tra".
func (c *Catalog) AppLanguageLabel(lang, tag string) string {
	s := AppEndonym(tag)
	if n := c.AppLanguageName(lang, tag); n != s && n != tag {
		s += " — " + n
	}
	if !c.Reviewed(tag) {
		s += " · " + c.T(tag, keyUnreviewed)
	}
	return s
}

// AppLanguageLabel labels tag for the current language's reader.
func AppLanguageLabel(tag string) string { return def.AppLanguageLabel(Language(), tag) }

// UnreviewedNote is the current language's note that its translation has
// not been reviewed by a native speaker, or "" when it has.
func UnreviewedNote() string {
	if l := Language(); !def.Reviewed(l) {
		return T("ui.languages.unreviewed_note")
	}
	return ""
}
