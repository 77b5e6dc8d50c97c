package sleepwatch

import "testing"

func TestPowerEvent(t *testing.T) {
	for _, tt := range []struct {
		typ  uint32
		want Event
		ok   bool
	}{
		{pbtAPMSuspend, Sleep, true},
		{pbtAPMResumeSuspend, 0, false},
		{pbtAPMResumeAutomatic, 0, false},
		{0xA, 0, false}, // PBT_APMPOWERSTATUSCHANGE
		{0x8013, 0, false},
	} {
		if got, ok := powerEvent(tt.typ); got != tt.want || ok != tt.ok {
			t.Errorf("powerEvent(%#x) = %v, %v; want %v, %v", tt.typ, got, ok, tt.want, tt.ok)
		}
	}
}
