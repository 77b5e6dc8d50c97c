package vault_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
	"github.com/kiroku-app/kiroku/internal/vault"
)

func benchFields(i int) record.Fields {
	f := fields(fmt.Sprintf("entry %d: he said it again in front of everyone at the morning meeting", i))
	f.EventTime = f.EventTime.Add(time.Duration(i) * time.Minute)
	return f
}

// BenchmarkAdd is one durable entry (one transaction, fsynced) per op.
func BenchmarkAdd(b *testing.B) {
	v, _, err := vault.Create(filepath.Join(b.TempDir(), "b.kiroku"), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := v.Add(benchFields(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlainSQLiteAdd stores the same fields as plaintext JSON, one
// transaction each, with the same pragmas: the floor Kiroku is compared to.
func BenchmarkPlainSQLiteAdd(b *testing.B) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "p.db")+"?_journal_mode=WAL&_synchronous=FULL&_secure_delete=true")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	db.Exec("CREATE TABLE entries (id INTEGER PRIMARY KEY, body BLOB)")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		body, _ := json.Marshal(benchFields(i))
		tx, _ := db.Begin()
		if _, err := tx.Exec("INSERT INTO entries (body) VALUES (?)", body); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

const listSize = 10000

// BenchmarkList10k lists (decrypts, parses, sorts) 10,000 entries.
func BenchmarkList10k(b *testing.B) {
	v, _, err := vault.Create(filepath.Join(b.TempDir(), "b.kiroku"), pass, vault.Options{KDF: seal.LowCost})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	var batch []record.Fields
	for i := 0; i < listSize; i++ {
		batch = append(batch, benchFields(i))
	}
	if err := v.AddMany(batch); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		list, err := v.Entries()
		if err != nil || len(list) != listSize {
			b.Fatal(len(list), err)
		}
	}
}

// BenchmarkPlainSQLiteList10k reads and parses the same 10,000 rows as
// plaintext JSON.
func BenchmarkPlainSQLiteList10k(b *testing.B) {
	db, _ := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "p.db")+"?_journal_mode=WAL")
	defer db.Close()
	db.SetMaxOpenConns(1)
	db.Exec("CREATE TABLE entries (id INTEGER PRIMARY KEY, body BLOB)")
	tx, _ := db.Begin()
	for i := 0; i < listSize; i++ {
		body, _ := json.Marshal(benchFields(i))
		tx.Exec("INSERT INTO entries (body) VALUES (?)", body)
	}
	tx.Commit()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, _ := db.Query("SELECT id, body FROM entries ORDER BY id DESC")
		n := 0
		for rows.Next() {
			var id int64
			var body []byte
			rows.Scan(&id, &body)
			var f record.Fields
			if err := json.Unmarshal(body, &f); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rows.Close()
		if n != listSize {
			b.Fatal(n)
		}
	}
}

// BenchmarkUnlockDefault is unlocking with the parameters a new vault gets
// on this machine (calibrated to about one second).
func BenchmarkUnlockDefault(b *testing.B) {
	path := filepath.Join(b.TempDir(), "u.kiroku")
	v, _, err := vault.Create(path, pass, vault.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ps, _ := v.KDFParams()
	b.Logf("default parameters on this machine: %v", ps[0])
	v.Lock()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Unlock(pass); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	v.Close()
}
