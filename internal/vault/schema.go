package vault

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// applicationID marks a SQLite file as a Kiroku vault ("KRKU").
const applicationID = 0x4B524B55

// migrations turn a vault of format N into N+1, one transaction each. The
// format number is PRAGMA user_version = len(migrations). Never edit a
// released migration: append a new one, and commit a golden vault of the new
// format under testdata.
var migrations = []string{
	// 1: first format (docs/FORMAT.md, "Vault format 1").
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
) STRICT;

CREATE TABLE keyslots (
	id      INTEGER PRIMARY KEY,
	kind    TEXT NOT NULL CHECK (kind IN ('passphrase', 'recovery')),
	params  TEXT NOT NULL,
	salt    BLOB NOT NULL,
	wrapped BLOB NOT NULL
) STRICT;

CREATE TABLE entries (
	id INTEGER PRIMARY KEY
) STRICT;

CREATE TABLE revisions (
	id       INTEGER PRIMARY KEY,
	entry_id INTEGER NOT NULL REFERENCES entries (id),
	rev      INTEGER NOT NULL,
	body     BLOB,
	UNIQUE (entry_id, rev)
) STRICT;

CREATE TABLE purges (
	id       INTEGER PRIMARY KEY,
	entry_id INTEGER NOT NULL REFERENCES entries (id),
	body     BLOB NOT NULL
) STRICT;

CREATE TABLE ledger (
	seq         INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	ref         TEXT NOT NULL UNIQUE,
	record_hash BLOB NOT NULL,
	link        BLOB NOT NULL
) STRICT;
`,
	// 2: audio recordings and imported files (docs/FORMAT.md, "Vault format 2").
	`
CREATE TABLE recordings (
	id    INTEGER PRIMARY KEY,
	state TEXT NOT NULL CHECK (state IN ('recording', 'complete', 'interrupted')),
	start BLOB NOT NULL,
	end   BLOB
) STRICT;

CREATE TABLE recording_chunks (
	recording_id INTEGER NOT NULL REFERENCES recordings (id),
	seq          INTEGER NOT NULL,
	final        INTEGER NOT NULL CHECK (final IN (0, 1)),
	frames       INTEGER NOT NULL,
	body         BLOB NOT NULL,
	PRIMARY KEY (recording_id, seq)
) STRICT; -- a rowid table: 96 KB rows are far too large for WITHOUT ROWID

CREATE TABLE recording_markers (
	id           INTEGER PRIMARY KEY,
	recording_id INTEGER NOT NULL REFERENCES recordings (id),
	body         BLOB NOT NULL
) STRICT;

-- Imported files. The chunks of an import are committed before its
-- attachments row exists, hence no foreign key (see attachments.go). A
-- rowid table: with 1 MiB rows, WITHOUT ROWID measured 2.3 times slower
-- to write and 3 times slower to read.
CREATE TABLE attachments (
	id   INTEGER PRIMARY KEY,
	meta BLOB NOT NULL
) STRICT;

CREATE TABLE attachment_chunks (
	attachment_id INTEGER NOT NULL,
	seq           INTEGER NOT NULL,
	final         INTEGER NOT NULL CHECK (final IN (0, 1)),
	body          BLOB NOT NULL,
	PRIMARY KEY (attachment_id, seq)
) STRICT;
`,
	// 3: hours log, timestamp anchors, settings and the backup log
	// (docs/FORMAT.md, "Vault format 3").
	`
CREATE TABLE hours (
	id   INTEGER PRIMARY KEY,
	body BLOB NOT NULL
) STRICT;

CREATE TABLE anchors (
	id   INTEGER PRIMARY KEY,
	seq  INTEGER NOT NULL,
	body BLOB NOT NULL
) STRICT;

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
) STRICT;

CREATE TABLE backups (
	id   INTEGER PRIMARY KEY,
	body BLOB NOT NULL
) STRICT;
`,
	// 4: labels given to recording markers after they were placed
	// (docs/FORMAT.md, "Vault format 4").
	`
CREATE TABLE marker_labels (
	id           INTEGER PRIMARY KEY,
	recording_id INTEGER NOT NULL REFERENCES recordings (id),
	marker_id    INTEGER NOT NULL REFERENCES recording_markers (id),
	body         BLOB NOT NULL
) STRICT;

CREATE INDEX marker_labels_recording ON marker_labels (recording_id, id);
`,
	// 5: export records binding a bundle's derived files to the ledger
	// (docs/FORMAT.md, "Vault format 5"; exportsFormat in exports.go).
	`
CREATE TABLE exports (
	id   INTEGER PRIMARY KEY,
	body BLOB NOT NULL
) STRICT;
`,
	// 6: the sealed head also covers settings, anchors and the backup log
	// (head_meta.go; docs/FORMAT.md, "Vault format 6").
	migrationHeadDigests,
	// 7: transcripts (反訳) and translations of entries (訳文), each a
	// sealed revision with its own ledger link (docs/FORMAT.md, "Vault
	// format 7").
	`
CREATE TABLE transcripts (
	id            INTEGER PRIMARY KEY,
	transcript_id INTEGER NOT NULL,
	rev           INTEGER NOT NULL,
	body          BLOB NOT NULL,
	UNIQUE (transcript_id, rev)
) STRICT;

CREATE TABLE translations (
	id             INTEGER PRIMARY KEY,
	translation_id INTEGER NOT NULL,
	entry_id       INTEGER NOT NULL REFERENCES entries (id),
	rev            INTEGER NOT NULL,
	body           BLOB,
	UNIQUE (translation_id, rev)
) STRICT;

CREATE INDEX translations_entry ON translations (entry_id, translation_id);
`,
	// 8: recordings stored as Opus (docs/FORMAT.md, "Vault format 8").
	migrationOpus,
}

// migrationOpus changes no table: a recording's start record says which
// codec its chunks hold (record.AudioFormat), and new recordings are
// Opus by default. The number changes so that a Kiroku of format 7 or
// older, which would take Opus chunks for PCM, refuses the vault instead
// of playing noise and failing its checks.
const migrationOpus = `-- format 8: recording chunks may hold Opus packets`

// Format is the vault format this build writes.
var Format = len(migrations)

func userVersion(ctx context.Context, q querier) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, mapSQLite(err)
	}
	return v, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// migrate brings the schema to Format. A vault of a newer format is
// refused untouched.
func migrate(ctx context.Context, db *sql.DB) error {
	for {
		v, err := userVersion(ctx, db)
		if err != nil {
			return err
		}
		if v > Format {
			return fmt.Errorf("vault format %d, this Kiroku reads up to %d: %w", v, Format, apperr.ErrUnsupportedVersion)
		}
		if v == Format {
			return nil
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return mapSQLite(err)
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to format %d: %w", v+1, mapSQLite(err))
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return mapSQLite(err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate to format %d: %w", v+1, mapSQLite(err))
		}
	}
}
