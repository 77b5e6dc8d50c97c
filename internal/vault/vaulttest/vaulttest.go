// Package vaulttest changes a closed vault file the way someone with the
// sqlite3 shell would, for the tests of every package that must cope with
// a damaged vault (vault, backup, export, the app).
package vaulttest

import (
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3" // the driver the vault uses
)

// FlipRevisionBody changes one bit in the middle of the sealed body of the
// revision row chosen by where (an SQL condition on the revisions table,
// e.g. "id = 2"), so that it no longer opens.
func FlipRevisionBody(t testing.TB, path, where string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b []byte
	if err := db.QueryRow(`SELECT body FROM revisions WHERE ` + where).Scan(&b); err != nil {
		t.Fatalf("revisions where %s: %v", where, err)
	}
	b[len(b)/2] ^= 1
	if _, err := db.Exec(`UPDATE revisions SET body = ? WHERE `+where, b); err != nil {
		t.Fatal(err)
	}
}

// FlipChunkBody changes one bit in the middle of the sealed body of chunk
// seq of recording id, so that it no longer opens.
func FlipChunkBody(t testing.TB, path string, id, seq int64) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b []byte
	if err := db.QueryRow(`SELECT body FROM recording_chunks WHERE recording_id = ? AND seq = ?`, id, seq).Scan(&b); err != nil {
		t.Fatalf("chunk %d of recording %d: %v", seq, id, err)
	}
	b[len(b)/2] ^= 1
	if _, err := db.Exec(`UPDATE recording_chunks SET body = ? WHERE recording_id = ? AND seq = ?`, b, id, seq); err != nil {
		t.Fatal(err)
	}
}
