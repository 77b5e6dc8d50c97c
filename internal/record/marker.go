package record

import (
	"fmt"
	"time"
)

// MaxMarkerLabel bounds a marker label, in bytes of UTF-8.
const MaxMarkerLabel = 1024

// MarkerLabel labels (or relabels, or with an empty Label clears) a marker
// after it was placed. A marker and its end record never change: each label
// is a record of its own with its own ledger link, so every label a marker
// ever had stays, each with the time it was written. Its event time is the
// marker's (At, Wall, copied from the marker); RecordedAt is when the label
// was written. Index is the marker's place in the recording's markers (as
// its RecordingEnd lists them), so a bundle verifier can tie the label to
// the marker without the vault's row ids.
type MarkerLabel struct {
	Version     int           `json:"v"`
	Salt        string        `json:"n"`
	LabelID     int64         `json:"marker_label"`
	RecordingID int64         `json:"recording"`
	MarkerID    int64         `json:"marker"` // the vault's marker row id
	Index       int           `json:"index"`  // 0 for the recording's first marker
	At          time.Duration `json:"at_ns"`  // the marker's position in the recording
	Wall        time.Time     `json:"wall"`   // the system clock when the marker was placed
	Label       string        `json:"label"`  // empty: the label was cleared
	RecordedAt  time.Time     `json:"recorded_at"`
}

// Canonical returns the canonical encoding of l.
func (l MarkerLabel) Canonical() ([]byte, error) {
	if err := checkHeader(l.Version, l.Salt); err != nil {
		return nil, err
	}
	if l.LabelID <= 0 || l.RecordingID <= 0 || l.MarkerID <= 0 || l.Index < 0 || l.At < 0 {
		return nil, fmt.Errorf("%w: marker label out of range", errInvalid)
	}
	if err := ValidMarkerLabel(l.Label); err != nil {
		return nil, err
	}
	l.Wall = l.Wall.Round(0)
	l.RecordedAt = l.RecordedAt.Round(0)
	return canonical(l)
}

// ValidMarkerLabel checks a label's text: UTF-8, at most MaxMarkerLabel
// bytes, no line breaks or other control characters.
func ValidMarkerLabel(s string) error {
	if err := ValidText("marker label", s); err != nil {
		return err
	}
	if len(s) > MaxMarkerLabel {
		return fmt.Errorf("%w: a marker label is UTF-8 of at most %d bytes", errInvalid, MaxMarkerLabel)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%w: a marker label is one line of text", errInvalid)
		}
	}
	return nil
}

// ParseMarkerLabel decodes canonical bytes.
func ParseMarkerLabel(b []byte) (MarkerLabel, error) {
	var l MarkerLabel
	if err := parseCanonical(b, &l, func() ([]byte, error) { return l.Canonical() }); err != nil {
		return MarkerLabel{}, err
	}
	return l, nil
}
