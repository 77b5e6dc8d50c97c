package local

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/backup"
	"github.com/kiroku-app/kiroku/internal/backup/drive"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/settings"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// Backups for the app: package backup behind app.Backups (on Store) and
// app.Restorer and app.ReadOnlyOpener (on Vaults).

var (
	_ app.Backups        = (*Store)(nil)
	_ app.Restorer       = Vaults{}
	_ app.ReadOnlyOpener = Vaults{}
	_ app.Store          = (*readOnlyStore)(nil)
)

// The backup writer's own options and results, for kirokuctl: its flags
// set these options, and its --json output is these results as they are.
type (
	// BackupOptions tune BackupTo.
	BackupOptions = backup.Options
	// Progress is reported while a backup, a restore or a check of one
	// runs.
	Progress = backup.Progress
	// WrittenBackup is a backup BackupTo wrote and verified.
	WrittenBackup = backup.Result
	// RestoreBackupOptions tune RestoreBackup.
	RestoreBackupOptions = backup.RestoreOptions
	// RestoredBackup is a backup RestoreBackup restored.
	RestoredBackup = backup.Restored
	// CheckedBackup is a backup VerifyBackup checked.
	CheckedBackup = backup.Checked
	// BackupVerifyError is a backup whose content did not verify.
	BackupVerifyError = backup.VerifyError
	// SumMismatchError is a backup whose bytes differ from its checksum
	// file: changed after it was written.
	SumMismatchError = backup.SumMismatchError
	// DriveNewer says that a backup's folder once held a newer state of
	// the vault.
	DriveNewer = backup.DriveNewer
	// MountedDrive is a removable drive as the system reports it.
	MountedDrive = drive.Drive
)

// How every byte of a backup was checked (RestoredBackup.Checksum,
// CheckedBackup.Checksum), and the ending of a backup's checksum file.
const (
	ChecksumFile     = backup.ChecksumFile
	ChecksumManifest = backup.ChecksumManifest
	ChecksumMissing  = backup.ChecksumMissing
	SumSuffix        = backup.SumSuffix
)

func uiDrive(d drive.Drive) app.Drive {
	return app.Drive{Path: d.Path, Label: d.Label, FS: d.FS, FAT: d.FAT(), Free: d.Free, Total: d.Total, Removable: d.Removable}
}

// RemovableDrives lists the removable drives mounted now, as the system
// reports them (kirokuctl backup --drives).
func RemovableDrives() ([]MountedDrive, error) { return drive.Drives() }

// Drives implements app.Backups.
func (s *Store) Drives() ([]app.Drive, error) {
	ds, err := RemovableDrives()
	var out []app.Drive
	for _, d := range ds {
		out = append(out, uiDrive(d))
	}
	return out, err
}

// FolderInfo implements app.Backups.
func (s *Store) FolderInfo(dir string) (app.Drive, error) {
	v, err := drive.StatFS(dir)
	if err != nil {
		return app.Drive{}, err
	}
	return uiDrive(drive.Drive{Path: dir, Label: dir, Volume: v}), nil
}

// RunBackup implements app.Backups with backup.Run, as `kirokuctl backup`
// does: keep the vault's setting, split on FAT32.
func (s *Store) RunBackup(ctx context.Context, dir string, acceptOlder bool, progress func(app.BackupProgress)) (app.BackupResult, error) {
	// Close cancels the backup and waits for it: the copy reads through
	// the vault's connection.
	ctx, done, err := s.jobs.start(ctx)
	if err != nil {
		return app.BackupResult{}, err
	}
	defer done()
	keep := settings.ReadBackup(s.Vault).Keep
	res, err := s.backupTo(ctx, dir, backup.Options{Keep: keep, AcceptOlder: acceptOlder, Progress: func(p backup.Progress) {
		if progress != nil {
			progress(app.BackupProgress{Phase: p.Phase, Done: p.Done, Total: p.Total})
		}
	}})
	if err != nil && res.Path == "" {
		return app.BackupResult{}, backupError(err)
	}
	// A backup that verified but could not be logged is still a backup:
	// the error says so.
	out := app.BackupResult{Path: res.Path, Parts: res.Parts, Size: res.Size, SHA256: res.SHA256, FS: res.FS,
		HeadSeq: res.HeadSeq, HeadLink: res.HeadLink, Removed: res.Removed, Keep: keep, Carried: len(res.Carried)}
	if res.Newer != nil {
		out.NewerSeq = res.Newer.SeenSeq
	}
	return out, err
}

// BackupTo writes a verified backup of the vault into dir with the backup
// writer's own options (kirokuctl backup: --keep, --part-size); RunBackup
// is it with the vault's settings. Close cancels it and waits.
func (s *Store) BackupTo(ctx context.Context, dir string, o BackupOptions) (WrittenBackup, error) {
	ctx, done, err := s.jobs.start(ctx)
	if err != nil {
		return WrittenBackup{}, err
	}
	defer done()
	return s.backupTo(ctx, dir, o)
}

// backupTo is BackupTo inside a job already started.
func (s *Store) backupTo(ctx context.Context, dir string, o BackupOptions) (WrittenBackup, error) {
	return backup.Run(ctx, s.Vault, dir, o)
}

// BackupLog implements app.Backups.
func (s *Store) BackupLog() ([]app.BackupLogLine, error) {
	logs, err := s.Vault.BackupLogs()
	var out []app.BackupLogLine
	for _, l := range logs {
		out = append(out, app.BackupLogLine{At: l.At, Dest: l.Dest, File: l.File, Size: l.Size, Parts: l.Parts, FS: l.FS,
			HeadSeq: l.HeadSeq, HeadLink: l.HeadLink, SHA256: l.SHA256})
	}
	return out, err
}

// BackupSettings implements app.Backups.
func (s *Store) BackupSettings() (app.BackupSettings, error) {
	b := settings.ReadBackup(s.Vault)
	return app.BackupSettings{Keep: b.Keep, RemindDays: b.RemindDays}, nil
}

// SetBackupSettings implements app.Backups; zero leaves a value as it is.
func (s *Store) SetBackupSettings(set app.BackupSettings) error {
	return settings.WriteBackup(s.Vault, settings.Backup{Keep: set.Keep, RemindDays: set.RemindDays})
}

// backupError gives a copy or part set that did not verify the shape the
// screens show: the list of what is damaged.
func backupError(err error) error {
	var ve *backup.VerifyError
	var pe *backup.PartError
	var se *backup.SumMismatchError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%w (%v)", &app.BackupDamage{Changed: se.Path}, err)
	case errors.As(err, &ve):
		d := &app.BackupDamage{Intact: ve.BytesIntact}
		for _, p := range ve.Report.Problems {
			d.What = append(d.What, p.Ref+": "+p.What)
		}
		return fmt.Errorf("%w (%v)", d, err)
	case errors.As(err, &pe):
		return fmt.Errorf("%w (%v)", &app.BackupDamage{What: []string{pe.Error()}}, err)
	}
	return err
}

// InspectBackup implements app.Restorer: the backup at path, and for a
// single file that it is a Kiroku vault at all.
func (Vaults) InspectBackup(path string) (app.BackupSource, error) {
	src, err := backup.Open(path)
	if err != nil {
		return app.BackupSource{}, backupError(err)
	}
	if m := src.Manifest; m != nil {
		return app.BackupSource{Path: src.Path, Parts: len(m.Parts), Size: m.Size}, nil
	}
	if _, err := vault.FileID(src.Path); err != nil {
		return app.BackupSource{}, err
	}
	out := app.BackupSource{Path: src.Path}
	if fi, err := statSize(src.Path); err == nil {
		out.Size = fi
	}
	return out, nil
}

// IsBackup reports whether path names a backup (a vault file, or a part
// set named by its folder, its manifest or one of its parts), not
// something else such as an evidence bundle. It goes by the names;
// FindBackup then finds out whether the backup is whole.
func IsBackup(path string) bool { return backup.IsBackup(path) }

// FindBackup finds the backup at path, as InspectBackup does, and checks
// that it is whole (every part of a set there), without a passphrase and
// changing nothing: kirokuctl refuses a wrong path before asking for one.
func (Vaults) FindBackup(path string) error {
	_, err := backup.Open(path)
	return err
}

// RestoreBackup restores the backup from as the vault file to, with the
// backup writer's own options and result (kirokuctl restore); Restore is it
// for the app.
func (Vaults) RestoreBackup(ctx context.Context, from, to string, passphrase []byte, o RestoreBackupOptions) (RestoredBackup, error) {
	return backup.Restore(ctx, from, to, passphrase, o)
}

// VerifyBackup checks the backup at path as a restore would, without
// restoring it: every byte against its checksum file or manifest, then
// the content with its passphrase (kirokuctl verify BACKUP). A part set is
// checked in a copy in the system's temporary folder.
func (Vaults) VerifyBackup(ctx context.Context, path string, passphrase []byte, progress func(Progress)) (CheckedBackup, error) {
	return backup.Verify(ctx, path, passphrase, "", progress)
}

// Restore implements app.Restorer with RestoreBackup, as `kirokuctl
// restore` does.
func (d Vaults) Restore(ctx context.Context, from, to string, passphrase []byte, opts app.RestoreOptions, progress func(app.BackupProgress)) (app.Restored, error) {
	bo := backup.RestoreOptions{Replace: opts.Replace, AcceptDamaged: opts.AcceptDamaged, Progress: func(p backup.Progress) {
		if progress != nil {
			progress(app.BackupProgress{Phase: p.Phase, Done: p.Done, Total: p.Total})
		}
	}}
	res, err := d.RestoreBackup(ctx, from, to, passphrase, bo)
	if err != nil && res.Path == "" {
		return app.Restored{}, backupError(err)
	}
	out := app.Restored{Path: res.Path, From: res.From, Parts: res.Parts, Size: res.Size, SHA256: res.SHA256,
		Records: res.Report.Records, Old: res.Old, NoChecksum: res.Checksum == backup.ChecksumMissing, Carried: res.Carried}
	if res.Newer != nil {
		out.NewerSeq = res.Newer.SeenSeq
	}
	return out, err
}

// OpenReadOnly implements app.ReadOnlyOpener: the vault at path, opened
// with vault.OpenReadOnly (nothing is ever written to the file) and
// unlocked.
func (d Vaults) OpenReadOnly(path string, passphrase []byte) (app.Store, error) {
	v, err := vault.OpenReadOnly(path)
	if err != nil {
		return nil, err
	}
	if err := v.Unlock(passphrase); err != nil {
		v.Close()
		return nil, err
	}
	return &readOnlyStore{d.store(v)}, nil
}

// readOnlyStore is a vault opened read-only. The vault refuses every
// write itself; these refuse at once, before a microphone is opened or a
// file read.
type readOnlyStore struct{ *Store }

func refuse(what string) error { return fmt.Errorf("%s: %w", what, apperr.ErrReadOnly) }

func (s *readOnlyStore) Add(record.Fields) (record.Entry, error) {
	return record.Entry{}, refuse("add")
}
func (s *readOnlyStore) Edit(int64, record.Fields, string) (record.Entry, error) {
	return record.Entry{}, refuse("edit")
}
func (s *readOnlyStore) Delete(int64, string) error { return refuse("delete") }
func (s *readOnlyStore) ChangePassphrase(_, _ []byte) (string, error) {
	return "", refuse("change passphrase")
}
func (s *readOnlyStore) NewRecoveryKey([]byte) (string, error) { return "", refuse("new recovery key") }
func (s *readOnlyStore) StartRecording(int64, record.Fields) (app.RecordingSession, error) {
	return nil, refuse("record")
}
func (s *readOnlyStore) Import(context.Context, string, int64, func(int64, int64)) (app.AttachmentInfo, error) {
	return app.AttachmentInfo{}, refuse("import")
}
func (s *readOnlyStore) RunBackup(context.Context, string, bool, func(app.BackupProgress)) (app.BackupResult, error) {
	return app.BackupResult{}, refuse("back up")
}
func (s *readOnlyStore) SetBackupSettings(app.BackupSettings) error { return refuse("settings") }

func statSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
