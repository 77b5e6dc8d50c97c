package ui

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// fakeCodecs keeps the recording codec as the desktop adapter does (a
// vault setting).
type fakeCodecs struct {
	app.Store
	mu    sync.Mutex
	codec string
	sets  []string
}

func (f *fakeCodecs) RecordingCodec() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.codec == "" {
		return record.CodecOpus, nil
	}
	return f.codec, nil
}

func (f *fakeCodecs) SetRecordingCodec(c string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.codec = c
	f.sets = append(f.sets, c)
	return nil
}

// Settings -> Recording: compact Opus is chosen by default, lossless PCM
// can be chosen, and back again; the section says what compact leaves
// out and why that is fine for evidence.
func TestRecordingCodecSettings(t *testing.T) {
	v, _ := vaultWith("x")
	fc := &fakeCodecs{}
	h := newHarness(t, wrapVaults{Vaults: v, wrap: func(st app.Store) app.Store { fc.Store = st; return fc }}, Options{VaultPath: testPath})
	h.unlock()
	h.openSettings()
	for _, key := range []string{"ui.settings.recording", "ui.recording.codec_intro", "ui.recording.codec_note"} {
		if !h.hasText(i18n.T(key)) {
			t.Errorf("section lacks %s; texts %q", key, h.texts())
		}
	}
	opus, pcm := i18n.T("ui.recording.codec_opus"), i18n.T("ui.recording.codec_pcm")
	h.radioOption(pcm)
	h.radioOption(opus)
	if len(fc.sets) != 2 || fc.sets[0] != record.CodecPCM || fc.sets[1] != record.CodecOpus {
		t.Fatalf("codecs set %q, want PCM then Opus", fc.sets)
	}
}

// With KIROKU_SHOTS set to a folder, the section is drawn there in
// English and Japanese (<lang>-settings-recording.png), to look at: it
// sits below the fold of the settings screenshots.
func TestRecordingCodecSettingsShot(t *testing.T) {
	dir := os.Getenv("KIROKU_SHOTS")
	if dir == "" {
		t.Skip("KIROKU_SHOTS not set")
	}
	defer i18n.SetLanguage(i18n.Language())
	for _, lang := range []string{"en", "ja"} {
		v, _ := vaultWith("x")
		fc := &fakeCodecs{}
		h := newHarness(t, wrapVaults{Vaults: v, wrap: func(st app.Store) app.Store { fc.Store = st; return fc }}, Options{VaultPath: testPath})
		h.unlock()
		i18n.SetLanguage(lang) // the harness starts in English
		test.ApplyTheme(t, NewThemeVariant(theme.VariantLight))
		body := container.NewVBox(heading(i18n.T("ui.settings.recording")), recordingSettings(h.a))
		w := test.NewTempWindow(t, body)
		w.Resize(fyne.NewSize(640, body.MinSize().Height+16))
		var buf bytes.Buffer
		if err := png.Encode(&buf, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, lang+"-settings-recording.png"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
