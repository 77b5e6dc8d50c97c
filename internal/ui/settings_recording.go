package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/record"
)

// recordingSettings chooses how new recordings are stored (issue 19):
// compact Opus by default, lossless PCM for those who want it. A vault
// setting, so it travels with the vault.
func recordingSettings(a *App) fyne.CanvasObject {
	intro := caption(i18n.T("ui.recording.codec_intro"))
	st := a.store
	rc, ok := st.(app.RecordingCodecs)
	if st == nil || !ok {
		return container.NewVBox(intro, caption(i18n.T("ui.recording.codec_locked")))
	}
	var codec string
	var err error
	a.withStore(st, func(app.Store) { codec, err = rc.RecordingCodec() })
	errMsg := errorLabel("")
	errMsg.Hide()
	if err != nil {
		errMsg.SetText(messageFor(err))
		errMsg.Show()
	}
	ids := []string{record.CodecOpus, record.CodecPCM}
	labels := []string{i18n.T("ui.recording.codec_opus"), i18n.T("ui.recording.codec_pcm")}
	choice := a.choice(ids, labels, codec, func(id string) {
		var err error
		a.withStore(st, func(app.Store) { err = rc.SetRecordingCodec(id) })
		if err != nil {
			errMsg.SetText(messageFor(err))
			errMsg.Show()
			return
		}
		a.render() // the choice compares with what it was built with
	})
	return container.NewVBox(intro, choice, paragraph(i18n.T("ui.recording.codec_note")), errMsg)
}
