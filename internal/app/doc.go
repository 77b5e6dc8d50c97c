// Package app is the contract between Kiroku's front ends and its core:
// the use cases (vaults, the unlocked session, entries, recording,
// playback, imports, export, backup and restore, working hours, trusted
// timestamps, the standing warnings) with their data types and errors.
//
// The core owns it, not a front end: package app/local implements it over
// the encrypted vault, the audio devices, the exporter and the backup
// writer; the GUI (internal/ui) uses only this package, and tests use the
// real implementation with a real vault or, where a device or a clock must
// be controlled, a fake. It imports nothing with cgo (archtest).
//
// Optional capabilities (Exporter, Backups, HoursStore, Timestamps,
// SeenStore, MetaStore on a Store; Restorer, ReadOnlyOpener on Vaults) are
// separate interfaces found by type assertion, so a fake implements only
// what its test needs.
//
// Methods that touch the disk or the KDF take from milliseconds to
// minutes: a GUI calls them from a goroutine. Errors are wrapped sentinels
// of package apperr (or the ones declared here), tested with errors.Is.
package app
