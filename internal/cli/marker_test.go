package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/cli"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func TestMarkerLabel(t *testing.T) {
	path := lowCostVault(t)
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	v.Unlock([]byte("pw"))
	w, err := v.StartRecording(record.AudioFormat{Codec: "pcm_s16le", SampleRate: 8000, Channels: 1, Bits: 16}, "dev", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]byte, 16000))
	w.Marker(500*time.Millisecond, "")
	w.Marker(700*time.Millisecond, "door")
	if _, err := w.Finish(); err != nil {
		t.Fatal(err)
	}
	v.Close()

	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"label", []string{"--recording", "1", "--marker", "1", "--label", "上司が怒鳴った"}, cli.ExitOK, "上司が怒鳴った"},
		{"relabel", []string{"--recording", "1", "--marker", "1", "--label", "shouted"}, cli.ExitOK, "shouted"},
		{"clear", []string{"--recording", "1", "--marker", "2", "--label", ""}, cli.ExitOK, "cleared"},
		{"list", nil, cli.ExitOK, "placed with"},
		{"no such marker", []string{"--recording", "1", "--marker", "9", "--label", "x"}, cli.ExitNotVault, ""},
		{"two lines", []string{"--recording", "1", "--marker", "1", "--label", "a\nb"}, cli.ExitInvalidInput, ""},
		{"marker without label", []string{"--recording", "1", "--marker", "1"}, cli.ExitUsage, ""},
		{"label without marker", []string{"--recording", "1", "--label", "x"}, cli.ExitUsage, ""},
		{"no recording", []string{"--marker", "1", "--label", "x"}, cli.ExitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"marker", "--vault", path, "--passphrase-stdin"}, tt.args...)
			if tt.name == "list" {
				args = append(args, "--recording", "1")
			}
			code, out, errs := runStdin(t, "pw\n", args...)
			if code != tt.code || !strings.Contains(out, tt.out) {
				t.Fatalf("exit %d (want %d)\n%s\n%s", code, tt.code, out, errs)
			}
		})
	}
	code, out, errs := runStdin(t, "pw\n", "marker", "--vault", path, "--passphrase-stdin", "--recording", "1", "--json")
	var ms []struct {
		ID           int64  `json:"id"`
		PlacedLabel  string `json:"placed_label"`
		CurrentLabel string `json:"current_label"`
		Labels       []struct {
			Label      string    `json:"label"`
			RecordedAt time.Time `json:"recorded_at"`
		} `json:"labels"`
	}
	if code != cli.ExitOK || json.Unmarshal([]byte(out), &ms) != nil {
		t.Fatalf("json: exit %d\n%s\n%s", code, out, errs)
	}
	if len(ms) != 2 || ms[0].CurrentLabel != "shouted" || len(ms[0].Labels) != 2 || ms[0].Labels[0].Label != "上司が怒鳴った" ||
		ms[1].PlacedLabel != "door" || ms[1].CurrentLabel != "" || len(ms[1].Labels) != 1 {
		t.Fatalf("markers: %+v", ms)
	}
	if code, _, errs := runStdin(t, "pw\n", "check", "--vault", path, "--passphrase-stdin"); code != cli.ExitOK {
		t.Fatalf("check after labels: exit %d\n%s", code, errs)
	}
}
