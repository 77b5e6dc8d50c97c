//go:build !linux || !cgo

package media

// systemAMR: no AMR-NB decoder is looked for on this system yet (Windows'
// Media Foundation and macOS's AudioToolbox are not wired in), so AMR
// files are named as a codec this computer cannot decode.
func systemAMR() amrCodec { return nil }
