package sleepwatch

// Windows power-broadcast event types (WM_POWERBROADCAST wParam, also the
// Type of a suspend/resume notification callback).
const (
	pbtAPMSuspend         = 0x4  // PBT_APMSUSPEND: the system is suspending
	pbtAPMResumeSuspend   = 0x7  // PBT_APMRESUMESUSPEND
	pbtAPMResumeAutomatic = 0x12 // PBT_APMRESUMEAUTOMATIC
)

// powerEvent maps a Windows power-broadcast type to an Event: only the
// coming suspend matters (a resume finds the vault locked already, or the
// idle timer's wall clock locks it).
func powerEvent(typ uint32) (Event, bool) {
	if typ == pbtAPMSuspend {
		return Sleep, true
	}
	return 0, false
}
