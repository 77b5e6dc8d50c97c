// Package opus encodes Kiroku's recordings as Opus, stores them as a
// canonical Ogg Opus file and decodes them back to PCM.
//
// # Why Opus, and which encoder
//
// 48 kHz 16-bit PCM takes 345.6 MB per hour; Opus in VoIP mode at
// 24 kbit/s takes about 11 MB and keeps speech intelligible (it is what
// WebRTC and phone apps use). The encoder is github.com/thesyncim/gopus,
// a pure-Go port of libopus already used to decode phone recordings
// (internal/media): nothing to install, no cgo, the same code on Linux,
// Windows and macOS. Its bytes differ across CPU architectures, which
// does not matter here: the vault stores the packets the encoder made,
// and the canonical file is built from those stored packets, so
// verification never encodes again.
//
// # The canonical Ogg Opus file
//
// WriteOgg's output is a function of its inputs only (serial, channels,
// pre-skip, the packets and the sample count), so the SHA-256 in a
// recording's end record can be checked against the file in a bundle
// and against a file made again from the vault, years later. RFC 7845:
//
//   - page 0: OpusHead alone (BOS), version 1, 48 kHz input rate, no gain,
//     mapping family 0;
//   - page 1: OpusTags alone, vendor "Kiroku", no comments (no clock, no
//     program version: the same packets always give the same bytes);
//   - audio pages of about one second: a page is closed after the packet
//     that brings it to 48000 samples or more, or before a packet that
//     would take it past 255 lacing values; a packet never spans pages;
//   - granule positions count 48 kHz samples including pre-skip; the last
//     page (EOS) is trimmed to pre-skip + the exact sample count.
//
// Reader parses such files strictly (CRC, sequence, serial, header
// fields, granule positions that agree with the packets, nothing after
// EOS), with bounded memory, for verification and extraction.
package opus
