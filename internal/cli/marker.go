package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

// markerJSON is the machine-readable form of a marker with its labels.
type markerJSON struct {
	ID           int64             `json:"id"`
	Recording    int64             `json:"recording"`
	Index        int               `json:"index"`
	At           float64           `json:"at_s"`
	Wall         time.Time         `json:"wall"`
	PlacedLabel  string            `json:"placed_label"`
	CurrentLabel string            `json:"current_label"`
	Labels       []markerLabelJSON `json:"labels"`
}

type markerLabelJSON struct {
	ID         int64     `json:"id"`
	Label      string    `json:"label"`
	RecordedAt time.Time `json:"recorded_at"`
}

func markerOut(m local.Marker) markerJSON {
	j := markerJSON{ID: m.ID, Recording: m.RecordingID, Index: m.Index, At: m.At.Seconds(), Wall: m.Wall,
		PlacedLabel: m.Label, CurrentLabel: m.Current(), Labels: []markerLabelJSON{}}
	for _, l := range m.Labels {
		j.Labels = append(j.Labels, markerLabelJSON{ID: l.LabelID, Label: l.Label, RecordedAt: l.RecordedAt})
	}
	return j
}

// cmdMarker lists a recording's markers with their label history, or with
// --marker and --label labels one (an empty --label clears it). The marker
// and every earlier label stay in the vault.
func cmdMarker(env *Env, args []string) error {
	fs, vf := vaultVerb("marker")
	var recID, markerID int64
	var label string
	var asJSON bool
	fs.Int64Var(&recID, "recording", 0, i18n.T("cli.flag.recording"))
	fs.Int64Var(&markerID, "marker", 0, i18n.T("cli.flag.marker"))
	fs.StringVar(&label, "label", "", i18n.T("cli.flag.marker_label"))
	fs.BoolVar(&asJSON, "json", false, i18n.T("cli.flag.json"))
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	labelSet := false
	fs.Visit(func(f *flag.Flag) { labelSet = labelSet || f.Name == "label" })
	if recID <= 0 || labelSet != (markerID != 0) || markerID < 0 {
		return usagef("cli.err.marker_usage")
	}
	if labelSet && vf.readOnly {
		return usagef("cli.err.marker_read_only")
	}
	v, err := env.openUnlocked(vf)
	if err != nil {
		return err
	}
	defer v.Close()
	if labelSet {
		m, err := v.RelabelMarker(recID, markerID, label)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(env.Stdout, markerOut(m))
		}
		if cur := m.Current(); cur != "" {
			fmt.Fprintln(env.Stdout, i18n.T("cli.out.marker_labelled", m.ID, recID, cur))
		} else {
			fmt.Fprintln(env.Stdout, i18n.T("cli.out.marker_cleared", m.ID, recID))
		}
		return nil
	}
	ms, err := v.Markers(recID)
	if err != nil {
		return err
	}
	if asJSON {
		out := []markerJSON{}
		for _, m := range ms {
			out = append(out, markerOut(m))
		}
		return writeJSON(env.Stdout, out)
	}
	tw := newTable(env.Stdout, 2)
	fmt.Fprintln(tw, i18n.T("cli.out.markers_header"))
	for _, m := range ms {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", m.ID, m.At.Round(100*time.Millisecond), m.Wall.Local().Format("2006-01-02 15:04:05"), m.Current())
		if len(m.Labels) == 0 {
			continue
		}
		if m.Label != "" {
			fmt.Fprintf(tw, "\t\t\t  %s\n", i18n.T("cli.out.marker_placed", m.Label))
		} else {
			fmt.Fprintf(tw, "\t\t\t  %s\n", i18n.T("cli.out.marker_placed_none"))
		}
		for _, l := range m.Labels {
			fmt.Fprintf(tw, "\t\t\t  %s\n", i18n.T("cli.out.marker_label", l.RecordedAt.Local().Format("2006-01-02 15:04:05"), l.Label))
		}
	}
	return tw.Flush()
}
