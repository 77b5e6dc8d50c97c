package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/backup"
	"github.com/kiroku-app/kiroku/internal/backup/drive"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/ui"
	"github.com/kiroku-app/kiroku/internal/vault"
)

// Backups for the app: package backup behind ui.Backups (on Store) and
// ui.Restorer and ui.ReadOnlyOpener (on Vaults).

var (
	_ ui.Backups        = (*Store)(nil)
	_ ui.Restorer       = Vaults{}
	_ ui.ReadOnlyOpener = Vaults{}
	_ ui.Store          = (*readOnlyStore)(nil)
)

func uiDrive(d drive.Drive) ui.Drive {
	return ui.Drive{Path: d.Path, Label: d.Label, FS: d.FS, FAT: d.FAT(), Free: d.Free, Total: d.Total, Removable: d.Removable}
}

// Drives implements ui.Backups.
func (s *Store) Drives() ([]ui.Drive, error) {
	ds, err := drive.Drives()
	var out []ui.Drive
	for _, d := range ds {
		out = append(out, uiDrive(d))
	}
	return out, err
}

// FolderInfo implements ui.Backups.
func (s *Store) FolderInfo(dir string) (ui.Drive, error) {
	v, err := drive.StatFS(dir)
	if err != nil {
		return ui.Drive{}, err
	}
	return uiDrive(drive.Drive{Path: dir, Label: dir, Volume: v}), nil
}

// RunBackup implements ui.Backups with backup.Run, as `kirokuctl backup`
// does: keep the vault's setting, split on FAT32.
func (s *Store) RunBackup(ctx context.Context, dir string, acceptOlder bool, progress func(ui.BackupProgress)) (ui.BackupResult, error) {
	// Close cancels the backup and waits for it: the copy reads through
	// the vault's connection.
	ctx, done, err := s.jobs.start(ctx)
	if err != nil {
		return ui.BackupResult{}, err
	}
	defer done()
	keep := setting(s.Vault, backup.SettingKeep, backup.DefaultKeep)
	res, err := backup.Run(ctx, s.Vault, dir, backup.Options{Keep: keep, AcceptOlder: acceptOlder, Progress: func(p backup.Progress) {
		if progress != nil {
			progress(ui.BackupProgress{Phase: p.Phase, Done: p.Done, Total: p.Total})
		}
	}})
	if err != nil && res.Path == "" {
		return ui.BackupResult{}, backupError(err)
	}
	// A backup that verified but could not be logged is still a backup:
	// the error says so.
	out := ui.BackupResult{Path: res.Path, Parts: res.Parts, Size: res.Size, SHA256: res.SHA256, FS: res.FS,
		HeadSeq: res.HeadSeq, HeadLink: res.HeadLink, Removed: res.Removed, Keep: keep, Carried: len(res.Carried)}
	if res.Newer != nil {
		out.NewerSeq = res.Newer.SeenSeq
	}
	return out, err
}

// BackupLog implements ui.Backups.
func (s *Store) BackupLog() ([]ui.BackupLogLine, error) {
	logs, err := s.Vault.BackupLogs()
	var out []ui.BackupLogLine
	for _, l := range logs {
		out = append(out, ui.BackupLogLine{At: l.At, Dest: l.Dest, File: l.File, Size: l.Size, Parts: l.Parts, FS: l.FS,
			HeadSeq: l.HeadSeq, HeadLink: l.HeadLink, SHA256: l.SHA256})
	}
	return out, err
}

// BackupSettings implements ui.Backups.
func (s *Store) BackupSettings() (ui.BackupSettings, error) {
	return ui.BackupSettings{Keep: setting(s.Vault, backup.SettingKeep, backup.DefaultKeep),
		RemindDays: setting(s.Vault, backup.SettingRemindDays, backup.DefaultRemindDays)}, nil
}

// SetBackupSettings implements ui.Backups; zero leaves a value as it is.
func (s *Store) SetBackupSettings(set ui.BackupSettings) error {
	for _, kv := range []struct {
		key string
		n   int
	}{{backup.SettingKeep, set.Keep}, {backup.SettingRemindDays, set.RemindDays}} {
		if kv.n < 0 {
			return fmt.Errorf("%s %d: %w", kv.key, kv.n, apperr.ErrInvalidInput)
		}
		if kv.n > 0 {
			if err := s.Vault.SetSetting(kv.key, strconv.Itoa(kv.n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// setting reads a positive number setting, or def (as kirokuctl does).
func setting(v *vault.Vault, key string, def int) int {
	s, ok, err := v.Setting(key)
	if err != nil || !ok {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return def
	}
	return n
}

// backupError gives a copy or part set that did not verify the shape the
// screens show: the list of what is damaged.
func backupError(err error) error {
	var ve *backup.VerifyError
	var pe *backup.PartError
	var se *backup.SumMismatchError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%w (%v)", &ui.BackupDamage{Changed: se.Path}, err)
	case errors.As(err, &ve):
		d := &ui.BackupDamage{}
		for _, p := range ve.Report.Problems {
			d.What = append(d.What, p.Ref+": "+p.What)
		}
		return fmt.Errorf("%w (%v)", d, err)
	case errors.As(err, &pe):
		return fmt.Errorf("%w (%v)", &ui.BackupDamage{What: []string{pe.Error()}}, err)
	}
	return err
}

// InspectBackup implements ui.Restorer: the backup at path, and for a
// single file that it is a Kiroku vault at all.
func (Vaults) InspectBackup(path string) (ui.BackupSource, error) {
	src, err := backup.Open(path)
	if err != nil {
		return ui.BackupSource{}, backupError(err)
	}
	if m := src.Manifest; m != nil {
		return ui.BackupSource{Path: src.Path, Parts: len(m.Parts), Size: m.Size}, nil
	}
	if _, err := vault.FileID(src.Path); err != nil {
		return ui.BackupSource{}, err
	}
	out := ui.BackupSource{Path: src.Path}
	if fi, err := statSize(src.Path); err == nil {
		out.Size = fi
	}
	return out, nil
}

// Restore implements ui.Restorer with backup.Restore, as `kirokuctl
// restore` does.
func (Vaults) Restore(ctx context.Context, from, to string, passphrase []byte, replace bool, progress func(ui.BackupProgress)) (ui.Restored, error) {
	res, err := backup.Restore(ctx, from, to, passphrase, backup.RestoreOptions{Replace: replace, Progress: func(p backup.Progress) {
		if progress != nil {
			progress(ui.BackupProgress{Phase: p.Phase, Done: p.Done, Total: p.Total})
		}
	}})
	if err != nil && res.Path == "" {
		return ui.Restored{}, backupError(err)
	}
	out := ui.Restored{Path: res.Path, From: res.From, Parts: res.Parts, Size: res.Size, SHA256: res.SHA256,
		Records: res.Report.Records, Old: res.Old, NoChecksum: res.Checksum == backup.ChecksumMissing}
	if res.Newer != nil {
		out.NewerSeq = res.Newer.SeenSeq
	}
	return out, err
}

// OpenReadOnly implements ui.ReadOnlyOpener: the vault at path, opened
// with vault.OpenReadOnly (nothing is ever written to the file) and
// unlocked.
func (d Vaults) OpenReadOnly(path string, passphrase []byte) (ui.Store, error) {
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
func (s *readOnlyStore) StartRecording(int64, record.Fields) (ui.RecordingSession, error) {
	return nil, refuse("record")
}
func (s *readOnlyStore) Import(context.Context, string, int64, func(int64, int64)) (ui.AttachmentInfo, error) {
	return ui.AttachmentInfo{}, refuse("import")
}
func (s *readOnlyStore) RunBackup(context.Context, string, bool, func(ui.BackupProgress)) (ui.BackupResult, error) {
	return ui.BackupResult{}, refuse("back up")
}
func (s *readOnlyStore) SetBackupSettings(ui.BackupSettings) error { return refuse("settings") }

func statSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
