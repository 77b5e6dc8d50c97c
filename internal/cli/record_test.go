package cli_test

import (
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/internal/cli"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// kirokuctl record runs the app's capture loop (app/local): the microphone
// opens before the recording is made in the vault, so a missing
// microphone or audio system leaves no empty recording behind (kirokuctl
// used to make the vault record before starting the device; these paths
// fail before either, so this guards the result, not the order itself).
func TestRecordWithoutMicrophoneLeavesNothing(t *testing.T) {
	path := lowCostVault(t)
	// A PulseAudio server that is not there: miniaudio's Pulse backend
	// cannot connect.
	t.Setenv("PULSE_SERVER", "unix:"+t.TempDir()+"/no-such-server")
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no audio system", []string{"--backend", "pulse"}, "No audio system"},
		{"no such microphone", []string{"--backend", "null", "--device", "no such microphone"}, "kirokuctl devices"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"record", "--vault", path, "--passphrase-stdin", "--seconds", "1"}, tt.args...)
			code, out, errs := runStdin(t, "pw\n", args...)
			if code != cli.ExitError || !strings.Contains(errs, tt.msg) || out != "" {
				t.Fatalf("exit %d, want %d with %q\nstdout %q\nstderr %s", code, cli.ExitError, tt.msg, out, errs)
			}
		})
	}
	recs, err := unlockedVault(t, path).Recordings()
	if err != nil || len(recs) != 0 {
		t.Fatalf("%d recordings left in the vault (%v), want none", len(recs), err)
	}
}

// With the null device the loop records, commits and ends on its own
// after --seconds, and the recording is complete and labelled.
func TestRecordNullDevice(t *testing.T) {
	path := lowCostVault(t)
	code, out, errs := runStdin(t, "pw\n", "record", "--vault", path, "--passphrase-stdin", "--backend", "null",
		"--seconds", "1.2", "--label", "面談", "--rate", "16000")
	if code != cli.ExitOK || strings.TrimSpace(out) != "1" {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	recs, err := unlockedVault(t, path).Recordings()
	if err != nil || len(recs) != 1 {
		t.Fatalf("recordings %d: %v", len(recs), err)
	}
	r := recs[0]
	if r.State != "complete" || r.Start.Label != "面談" || r.Start.Format.SampleRate != 16000 || r.Duration.Seconds() < 1 {
		t.Errorf("recording %+v (start %+v)", r, r.Start)
	}
}

// unlockedVault opens a lowCostVault for a test's own reads; it is closed
// when the test ends.
func unlockedVault(t *testing.T, path string) *vault.Vault {
	t.Helper()
	v, err := vault.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Unlock([]byte("pw")); err != nil {
		t.Fatal(err)
	}
	return v
}
