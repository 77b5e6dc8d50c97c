package ui

import (
	"errors"
	"io/fs"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/i18n"
	"github.com/kiroku-app/kiroku/internal/tsa"
)

// errorKeys maps the sentinels of package apperr (and of app, tsa, fs) to
// messages, in the order they are tested. It is the only such table.
var errorKeys = []struct {
	err error
	key string
}{
	{apperr.ErrWrongPassphrase, "ui.err.wrong_passphrase"},
	{apperr.ErrBadRecoveryKey, "ui.err.bad_recovery_key"},
	{apperr.ErrKeySlotDamaged, "keys.ui.err.key_slot_damaged"},
	{apperr.ErrBusy, "keys.ui.err.busy"},
	{apperr.ErrVaultInUse, "ui.err.in_use"},
	{apperr.ErrNotVault, "ui.err.not_vault"},
	{apperr.ErrDamaged, "ui.err.damaged"},
	{apperr.ErrUnsupportedVersion, "ui.err.newer_version"},
	{apperr.ErrExists, "ui.err.exists"},
	{apperr.ErrNotFound, "ui.err.not_found"},
	{apperr.ErrDiskFull, "ui.err.disk_full"},
	{apperr.ErrLocked, "ui.err.locked"},
	{apperr.ErrWeakPassphrase, "ui.err.weak_passphrase"},
	{apperr.ErrInvalidText, "ui.err.invalid_text"}, // before ErrInvalidInput, which it also is
	{apperr.ErrInvalidInput, "ui.err.invalid"},
	{apperr.ErrReadOnly, "ui.readonly.refused"}, // a backup opened read-only
	{app.ErrNoMicrophone, "ui.err.no_microphone"},
	{app.ErrMicrophoneLost, "ui.err.mic_lost"},
	{app.ErrMicrophoneDenied, "ui.err.mic_denied"},
	{app.ErrNoAudioSystem, "ui.err.no_audio_system"},
	{app.ErrNoAudioOutput, "ui.err.no_audio_output"},
	{app.ErrTooLarge, "ui.err.too_large"},
	{app.ErrAudioTooLong, "ui.err.audio_too_long"},
	{app.ErrNotAudio, "ui.err.not_audio"},
	{app.ErrAudioUndecodable, "ui.err.audio_undecodable"},
	{tsa.ErrUnreachable, "ui.tsa.err.unreachable"},
	{tsa.ErrRefused, "ui.tsa.err.refused"},
	{tsa.ErrBadResponse, "ui.tsa.err.bad_response"},
	{tsa.ErrRedirect, "ui.tsa.err.redirect"},
	{fs.ErrNotExist, "ui.err.no_file"},
	{fs.ErrPermission, "ui.err.permission"},
}

// messageFor is the one place where errors from Vaults and Store become a
// sentence in the user's language. It never includes entry contents: the
// domain packages keep those out of error texts, and only the unexpected
// case shows the error text at all.
func messageFor(err error) string {
	if err == nil {
		return ""
	}
	if codec, ok := app.CodecMissing(err); ok {
		return i18n.T("ui.err.codec_missing", codec)
	}
	for _, e := range errorKeys {
		if errors.Is(err, e.err) {
			return i18n.T(e.key)
		}
	}
	return i18n.T("ui.err.unexpected", err.Error())
}
