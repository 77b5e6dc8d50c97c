package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Marker labels (format 4). A marker is sealed when it is placed and goes
// into its recording's end record, which the ledger commits to: neither
// ever changes. A label typed later (or a relabel, or clearing it) is a
// record of its own in marker_labels, sealed with the audio key and linked
// in the ledger in the same transaction, so the marker as placed and every
// label it was given stay, each with the time it was written.

// LinkMarkerLabel is the ledger kind of a marker label record.
const LinkMarkerLabel = "marker_label"

func markerLabelAD(id, rec, marker int64) []byte {
	return seal.AD("marker_labels", "body", strconv.FormatInt(id, 10), strconv.FormatInt(rec, 10),
		strconv.FormatInt(marker, 10), "4")
}

func markerLabelRef(id int64) string { return "marker_label:" + strconv.FormatInt(id, 10) }

// Marker is one marker of a recording with every label given to it later.
type Marker struct {
	ID          int64 // the marker's row id: what LabelMarker addresses
	RecordingID int64
	Index       int // its place among the recording's markers, from 0
	record.Marker
	Labels []record.MarkerLabel // labels written after it was placed, oldest first
}

// Current is the marker's label now: the latest label written, or the one
// it was placed with.
func (m Marker) Current() string {
	if n := len(m.Labels); n > 0 {
		return m.Labels[n-1].Label
	}
	return m.Label
}

// Markers returns the markers of recording id in order, each with its label
// history.
func (v *Vault) Markers(recordingID int64) ([]Marker, error) {
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	r, err := v.recording(ctx, recordingID)
	if err != nil {
		return nil, err
	}
	return v.recordingMarkers(ctx, r)
}

// recordingMarkers pairs the markers of r (from its end record once it has
// one) with their row ids and labels. Callers hold v.mu.
func (v *Vault) recordingMarkers(ctx context.Context, r Recording) ([]Marker, error) {
	ids, err := v.markerIDs(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	if len(ids) != len(r.Markers) {
		return nil, fmt.Errorf("%s: %d marker rows, the recording lists %d: %w", recordingRef(r.ID), len(ids), len(r.Markers), apperr.ErrDamaged)
	}
	out := make([]Marker, len(ids))
	byID := map[int64]int{}
	for i, id := range ids {
		out[i] = Marker{ID: id, RecordingID: r.ID, Index: i, Marker: r.Markers[i]}
		byID[id] = i
	}
	labels, err := v.markerLabels(ctx, `SELECT id, recording_id, marker_id, body FROM marker_labels WHERE recording_id = ? ORDER BY id`, r.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range labels {
		i, ok := byID[l.MarkerID]
		if !ok || l.Index != i || l.At != out[i].At || !l.Wall.Equal(out[i].Wall) {
			return nil, fmt.Errorf("%s does not match marker %d of %s: %w", markerLabelRef(l.LabelID), l.MarkerID, recordingRef(r.ID), apperr.ErrDamaged)
		}
		out[i].Labels = append(out[i].Labels, l)
	}
	return out, nil
}

func (v *Vault) markerIDs(ctx context.Context, rec int64) ([]int64, error) {
	rows, err := v.db.QueryContext(ctx, `SELECT id FROM recording_markers WHERE recording_id = ? ORDER BY id`, rec)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, mapSQLite(err)
		}
		ids = append(ids, id)
	}
	return ids, mapSQLite(rows.Err())
}

// markerLabels opens the label rows query selects (id, recording_id,
// marker_id, body). A label that does not open is ErrDamaged, named.
func (v *Vault) markerLabels(ctx context.Context, query string, args ...any) ([]record.MarkerLabel, error) {
	rows, err := v.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	var out []record.MarkerLabel
	for rows.Next() {
		var id, rec, mid int64
		var sealed []byte
		if err := rows.Scan(&id, &rec, &mid, &sealed); err != nil {
			return nil, mapSQLite(err)
		}
		l, _, err := v.openMarkerLabel(id, rec, mid, sealed)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, mapSQLite(rows.Err())
}

// openMarkerLabel opens a sealed label and checks that it belongs to its
// row. Callers hold v.mu.
func (v *Vault) openMarkerLabel(id, rec, marker int64, sealed []byte) (record.MarkerLabel, []byte, error) {
	k, err := v.audioKey()
	if err != nil {
		return record.MarkerLabel{}, nil, err
	}
	return openSealed(k, sealed, markerLabelAD(id, rec, marker), markerLabelRef(id), record.ParseMarkerLabel, func(l record.MarkerLabel) string {
		if l.LabelID != id || l.RecordingID != rec || l.MarkerID != marker {
			return fmt.Sprintf("label %d of marker %d of recording %d", l.LabelID, l.MarkerID, l.RecordingID)
		}
		return ""
	})
}

// LabelMarker gives marker markerID of recording recordingID a new label
// (an empty one clears it), as a new sealed record with its ledger link in
// one transaction. The marker and earlier labels stay unchanged. It works
// while the recording runs and after it ended. A label equal to the
// current one writes nothing. It returns the marker with its history.
func (v *Vault) LabelMarker(recordingID, markerID int64, label string) (Marker, error) {
	label = strings.TrimSpace(label)
	if err := record.ValidMarkerLabel(label); err != nil {
		return Marker{}, err
	}
	label = record.NFC(label)
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.audioKey()
	if err != nil {
		return Marker{}, err
	}
	r, err := v.recording(ctx, recordingID)
	if err != nil {
		return Marker{}, err
	}
	ms, err := v.recordingMarkers(ctx, r)
	if err != nil {
		return Marker{}, err
	}
	i := -1
	for j, m := range ms {
		if m.ID == markerID {
			i = j
		}
	}
	if i < 0 {
		return Marker{}, fmt.Errorf("marker %d of %s: %w", markerID, recordingRef(recordingID), apperr.ErrNotFound)
	}
	m := ms[i]
	if m.Current() == label {
		return m, nil
	}
	var l record.MarkerLabel
	err = v.write(ctx, func(tx *sql.Tx) error {
		id, err := v.nextID(ctx, tx, "marker_labels", "id")
		if err != nil {
			return err
		}
		l = record.MarkerLabel{Version: record.CanonicalVersion, Salt: newSalt(), LabelID: id, RecordingID: recordingID,
			MarkerID: markerID, Index: m.Index, At: m.At, Wall: m.Wall, Label: label,
			RecordedAt: v.now().Round(0).Truncate(time.Microsecond)}
		canon, err := l.Canonical()
		if err != nil {
			return err
		}
		if err := readsBack("the marker label", canon, record.ParseMarkerLabel); err != nil {
			return err
		}
		body := pad(canon)
		sealed := k.Seal(body, markerLabelAD(id, recordingID, markerID))
		clear(body)
		if _, err := tx.ExecContext(ctx, `INSERT INTO marker_labels (id, recording_id, marker_id, body) VALUES (?, ?, ?, ?)`,
			id, recordingID, markerID, sealed); err != nil {
			return err
		}
		_, err = v.appendLink(ctx, tx, LinkMarkerLabel, markerLabelRef(id), ledger.Hash(record.Hash(canon)))
		return err
	})
	if err != nil {
		return Marker{}, fmt.Errorf("label marker %d: %w", markerID, err)
	}
	m.Labels = append(m.Labels, l)
	return m, nil
}

// MarkerLabels returns every marker label record in the order written.
func (v *Vault) MarkerLabels() ([]record.MarkerLabel, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, err := v.audioKey(); err != nil {
		return nil, err
	}
	return v.markerLabels(context.Background(), `SELECT id, recording_id, marker_id, body FROM marker_labels ORDER BY id`)
}

// markerLabelCanonical returns the canonical bytes of label id, for export
// (RecordCanonical). Callers hold v.mu.
func (v *Vault) markerLabelCanonical(ctx context.Context, id int64) ([]byte, error) {
	var rec, mid int64
	var sealed []byte
	if err := v.db.QueryRowContext(ctx, `SELECT recording_id, marker_id, body FROM marker_labels WHERE id = ?`, id).Scan(&rec, &mid, &sealed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("%s: %w", markerLabelRef(id), apperr.ErrNotFound)
		}
		return nil, mapSQLite(err)
	}
	_, canon, err := v.openMarkerLabel(id, rec, mid, sealed)
	return canon, err
}

// checkMarkerLabels is Check's step for marker labels: every label opens
// where it is, names a marker of its recording at the place, position and
// wall time the marker has, and hashes to its ledger link.
func (v *Vault) checkMarkerLabels(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool) {
	rows, err := v.db.QueryContext(ctx, `SELECT id, recording_id, marker_id, body FROM marker_labels ORDER BY id`)
	if err != nil {
		rep.add("database", "cannot read marker labels: %v", mapSQLite(err))
		return
	}
	type row struct {
		id, rec, mid int64
		sealed       []byte
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.rec, &r.mid, &r.sealed); err != nil {
			rep.add("database", "cannot read a marker label: %v", mapSQLite(err))
			continue
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		rep.add("database", "reading marker labels stopped: %v", mapSQLite(err))
	}
	rows.Close()
	markers := map[int64][]Marker{} // by recording; nil when they do not read
	for _, r := range list {
		ref := markerLabelRef(r.id)
		seen[ref] = true
		l, canon, err := v.openMarkerLabel(r.id, r.rec, r.mid, r.sealed)
		if err != nil {
			rep.add(ref, "marker label does not open: the record is damaged or was changed outside Kiroku")
			continue
		}
		ms, ok := markers[r.rec]
		if !ok {
			ms = v.checkedMarkers(ctx, r.rec)
			markers[r.rec] = ms
		}
		if ms != nil {
			if l.Index >= len(ms) || ms[l.Index].ID != l.MarkerID || ms[l.Index].At != l.At || !ms[l.Index].Wall.Equal(l.Wall) {
				rep.add(ref, "the label does not match marker %d of %s", l.MarkerID, recordingRef(l.RecordingID))
			}
		}
		v.checkLink(rep, byRef, ref, LinkMarkerLabel, canon)
	}
}

// checkedMarkers reads the markers of recording id without their labels
// (those are being checked), or nil when they do not read (the recording
// check reports why).
func (v *Vault) checkedMarkers(ctx context.Context, id int64) []Marker {
	r, err := v.recording(ctx, id)
	if err != nil {
		return nil
	}
	ids, err := v.markerIDs(ctx, id)
	if err != nil || len(ids) != len(r.Markers) {
		return nil
	}
	out := make([]Marker, len(ids))
	for i, mid := range ids {
		out[i] = Marker{ID: mid, RecordingID: id, Index: i, Marker: r.Markers[i]}
	}
	return out
}
