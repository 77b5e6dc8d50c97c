package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/ledger"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// Export records (vault format 5): before an evidence bundle is written,
// the vault records the SHA-256 of its derived files (report, entries.json
// and .csv, hours, rules) with a ledger link, so that those renderings are
// bound to the chain like the records they were made from.

// LinkExport is the ledger kind of an export record.
const LinkExport = "export"

// exportsFormat is the vault format that added the exports table: the last
// part of an export record's AD. Said once here, since another migration
// may come before this one lands.
const exportsFormat = "5"

func exportAD(id int64) []byte {
	return seal.AD("exports", "body", strconv.FormatInt(id, 10), exportsFormat)
}

func exportRef(id int64) string { return LinkExport + ":" + strconv.FormatInt(id, 10) }

// AddExport records an export of the derived files files (sorted by path)
// made from the ledger snapshot head, in one transaction. It returns the
// record as written, its canonical bytes and its ledger link. A read-only
// vault returns apperr.ErrReadOnly: its exports are not bound.
func (v *Vault) AddExport(head record.ExportHead, files []record.ExportFile) (record.Export, []byte, ledger.Link, error) {
	if v.readOnly {
		return record.Export{}, nil, ledger.Link{}, fmt.Errorf("record the export: %w", apperr.ErrReadOnly)
	}
	ctx := context.Background()
	v.mu.Lock()
	defer v.mu.Unlock()
	k, err := v.recordsKey()
	if err != nil {
		return record.Export{}, nil, ledger.Link{}, err
	}
	var out record.Export
	var canon []byte
	var link ledger.Link
	err = v.write(ctx, func(tx *sql.Tx) error {
		id, err := v.nextID(ctx, tx, "exports", "id")
		if err != nil {
			return err
		}
		var salt [32]byte
		copy(salt[:], seal.Random(32))
		out = record.Export{Version: record.CanonicalVersion, Salt: record.SaltHex(salt), ExportID: id,
			Head: head, Files: files, RecordedAt: v.now().Round(0)}
		canon, err = out.Canonical()
		if err != nil {
			return err
		}
		body := pad(canon)
		sealed := k.Seal(body, exportAD(id))
		clear(body)
		if _, err := tx.ExecContext(ctx, `INSERT INTO exports (id, body) VALUES (?, ?)`, id, sealed); err != nil {
			return err
		}
		link, err = v.appendLink(ctx, tx, LinkExport, exportRef(id), ledger.Hash(record.Hash(canon)))
		return err
	})
	if err != nil {
		return record.Export{}, nil, ledger.Link{}, fmt.Errorf("record the export: %w", err)
	}
	out, err = record.ParseExport(canon) // the record as a reader sees it
	if err != nil {
		return record.Export{}, nil, ledger.Link{}, fmt.Errorf("record the export: %w", err)
	}
	return out, canon, link, nil
}

// exportCanonical returns the canonical bytes of export record id. Callers
// hold v.mu.
func (v *Vault) exportCanonical(ctx context.Context, id int64) ([]byte, error) {
	var sealed []byte
	if err := v.db.QueryRowContext(ctx, `SELECT body FROM exports WHERE id = ?`, id).Scan(&sealed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("%s: %w", exportRef(id), apperr.ErrNotFound)
		}
		return nil, mapSQLite(err)
	}
	_, canon, err := v.openExport(id, sealed)
	return canon, err
}

// openExport opens a sealed export record and checks that it belongs to
// row id. Callers hold v.mu.
func (v *Vault) openExport(id int64, sealed []byte) (record.Export, []byte, error) {
	k, err := v.recordsKey()
	if err != nil {
		return record.Export{}, nil, err
	}
	return openSealed(k, sealed, exportAD(id), exportRef(id), record.ParseExport, func(e record.Export) string {
		return namesOther("export", e.ExportID, id)
	})
}

// checkExports opens every export record and compares it with its link.
func (v *Vault) checkExports(ctx context.Context, rep *Report, byRef map[string]ledger.Link, seen map[string]bool) {
	v.checkRecordTable(ctx, rep, byRef, seen, recordTable{
		table: "exports", what: "export record", whats: "the export records", kind: LinkExport, ref: exportRef,
		open: func(id int64, sealed []byte) ([]byte, error) {
			_, canon, err := v.openExport(id, sealed)
			return canon, err
		},
	})
}
