package ui

import (
	"encoding/json"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Fyne draws some text of its own: the buttons of the file and confirm
// dialogs, the file dialog's "New Folder" and "Show Hidden Files", the
// entries' context menu, weekday names. It translates them with
// fyne.io/fyne/v2/lang, which has no Japanese and follows the system
// locale, not the language chosen in Kiroku. So whenever Kiroku's language
// is set, fyneLanguage hands Fyne our own texts for it (the "fyne.*" keys
// of assets/i18n/<lang>/fyne.json) under every locale Fyne might pick.

// fynePrefix marks our keys that hold Fyne's texts: "fyne.Cancel" is
// Fyne's "Cancel".
const fynePrefix = "fyne."

// fynePluralForms are the CLDR plural categories. Our key
// "fyne.file.name.other" is the "other" form of Fyne's plural message
// "file.name", written as Fyne's own files do: {"file.name": {"other": ...}}.
var fynePluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// fyneBuiltinLocales are the locales Fyne 2.7.1 ships translations for
// (fyne.io/fyne/v2/lang/translations/base.<locale>.json); Fyne's matcher
// may pick any of them, so each gets our texts too. TestFyneLocalesKnown
// compares the list with the Fyne in go.mod.
var fyneBuiltinLocales = []fyne.Locale{"cs", "de", "el", "en", "es", "fr", "pl", "pt", "pt_BR", "ru", "sv", "ta", "uk", "zh_Hans"}

// fyneMessages builds Fyne's translation file (JSON, as in lang's
// base.en.json) for our language l from the catalog.
func fyneMessages(c *i18n.Catalog, l string) ([]byte, error) {
	out := map[string]any{}
	for _, k := range c.Keys(i18n.Fallback) { // every key; T falls back to English
		id, ok := strings.CutPrefix(k, fynePrefix)
		if !ok {
			continue
		}
		text := c.T(l, k)
		if base, form, ok := cutPluralForm(id); ok {
			forms, _ := out[base].(map[string]string)
			if forms == nil {
				forms = map[string]string{}
				out[base] = forms
			}
			forms[form] = text
			continue
		}
		out[id] = text
	}
	return json.Marshal(out)
}

// cutPluralForm splits "file.name.other" into "file.name" and "other".
func cutPluralForm(id string) (base, form string, ok bool) {
	i := strings.LastIndexByte(id, '.')
	if i <= 0 {
		return "", "", false
	}
	for _, f := range fynePluralForms {
		if id[i+1:] == f {
			return id[:i], f, true
		}
	}
	return "", "", false
}

// fyneLanguage makes Fyne's own texts follow Kiroku's current language,
// whatever locale Fyne matched from the system: it registers our texts for
// en, ja, each of Fyne's built-in locales and the system's locale. Fyne
// then re-reads the system locales and picks one of them.
func fyneLanguage() {
	quietCLocale()
	data, err := fyneMessages(i18n.Default(), i18n.Language())
	if err != nil {
		fyne.LogError("Fyne translations", err)
		return
	}
	locales := append([]fyne.Locale{"ja"}, fyneBuiltinLocales...)
	if sys := lang.SystemLocale(); sys != "" {
		locales = append(locales, sys)
	}
	seen := map[fyne.Locale]bool{}
	for _, l := range locales {
		if seen[l] {
			continue
		}
		seen[l] = true
		if err := lang.AddTranslationsForLocale(data, l); err != nil {
			fyne.LogError("Fyne translations for "+l.String(), err)
		}
	}
}

// showFileDialog shows one of Fyne's file or folder dialogs with a title
// from our translations: Fyne builds its own from two words ("Open" +
// "File"), in English word order.
//
// Fyne's dialog also remembers the last folder it showed in the app's
// preferences, a plain file outside the vault: where a worker keeps the
// evidence is not for that file, so it is forgotten when the dialog closes.
func showFileDialog(d *dialog.FileDialog, titleKey string) {
	d.SetTitleText(i18n.T(titleKey))
	d.SetOnClosed(forgetDialogFolder)
	d.Show()
}

// chooseFolder opens the folder dialog at the folder typed in field (if
// it exists) and puts the chosen folder's path into field.
func (a *App) chooseFolder(field *textEntry) {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		a.touch()
		if err != nil || dir == nil {
			return
		}
		field.SetText(dir.Path())
	}, a.win)
	if dir, err := storage.ListerForURI(storage.NewFileURI(strings.TrimSpace(field.Text))); err == nil {
		d.SetLocation(dir)
	}
	d.Resize(dialogSize(a.win))
	showFileDialog(d, "ui.dialog.open_folder")
}

// fyneLastFolderKey is where Fyne's file dialog keeps its last folder
// (fyne.io/fyne/v2/dialog, lastFolderKey).
const fyneLastFolderKey = "fyne:fileDialogLastFolder"

func forgetDialogFolder() {
	if app := fyne.CurrentApp(); app != nil {
		app.Preferences().RemoveValue(fyneLastFolderKey)
	}
}

// quietCLocale: under the C locale (LANG=C.UTF-8, usual in containers and
// services) Fyne's locale library reports "C" as a language, and Fyne logs
// "Error parsing user locale C" each time translations are added: 15
// lines per language change. The C locale means no language preference
// (Kiroku then speaks English, i18n.DetectFromEnv); LANGUAGE=en says so in
// words that library reads. Only when LANGUAGE is unset.
func quietCLocale() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		s := os.Getenv(v)
		if s == "" {
			continue
		}
		if base, _, _ := strings.Cut(s, "."); base == "C" || base == "POSIX" {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
