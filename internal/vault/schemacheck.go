package vault

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/kiroku-app/kiroku/internal/apperr"
)

// schemaObject is one row of sqlite_schema.
type schemaObject struct {
	typ, name, table, sql string
}

func (o schemaObject) String() string {
	return o.typ + " " + o.name + " on " + o.table
}

var (
	expectedMu     sync.Mutex
	expectedByFmt  = map[int][]schemaObject{}
	expectedErrFmt = map[int]error{}
)

// expectedSchema is what sqlite_schema of a vault of the given format must
// hold, derived by running migrations[:format] on an empty in-memory
// database: a migration added later is covered without a second list to
// keep in step.
func expectedSchema(ctx context.Context, format int) ([]schemaObject, error) {
	expectedMu.Lock()
	defer expectedMu.Unlock()
	if s, ok := expectedByFmt[format]; ok {
		return s, nil
	}
	if err, ok := expectedErrFmt[format]; ok {
		return nil, err
	}
	s, err := buildExpectedSchema(ctx, format)
	if err != nil {
		expectedErrFmt[format] = err
		return nil, err
	}
	expectedByFmt[format] = s
	return s, nil
}

func buildExpectedSchema(ctx context.Context, format int) ([]schemaObject, error) {
	if format < 0 || format > len(migrations) {
		return nil, fmt.Errorf("no schema for vault format %d: %w", format, apperr.ErrUnsupportedVersion)
	}
	db, err := sql.Open(driverName, ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	for i, m := range migrations[:format] {
		if _, err := conn.ExecContext(ctx, m); err != nil {
			return nil, fmt.Errorf("expected schema, migration %d: %w", i+1, err)
		}
	}
	return readSchema(ctx, conn)
}

type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readSchema(ctx context.Context, q rowsQuerier) ([]schemaObject, error) {
	rows, err := q.QueryContext(ctx, `SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		return nil, mapSQLite(err)
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.typ, &o.name, &o.table, &o.sql); err != nil {
			return nil, mapSQLite(err)
		}
		out = append(out, o)
	}
	return out, mapSQLite(rows.Err())
}

// schemaDiff lists, in words, every object of got that is not exactly in
// want and every object of want that got lacks.
func schemaDiff(got, want []schemaObject) []string {
	w := map[string]schemaObject{}
	for _, o := range want {
		w[o.typ+"\x00"+o.name] = o
	}
	var out []string
	for _, o := range got {
		k := o.typ + "\x00" + o.name
		e, ok := w[k]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("unexpected %s", o))
		case e != o:
			out = append(out, fmt.Sprintf("changed %s", o))
		}
		delete(w, k)
	}
	for _, o := range want {
		if _, ok := w[o.typ+"\x00"+o.name]; ok {
			out = append(out, fmt.Sprintf("missing %s", o))
		}
	}
	return out
}

// checkSchema refuses a vault whose sqlite_schema is not exactly the one
// Kiroku's migrations made for its format. A trigger, view or index planted
// by someone with the file could copy content before it is purged, change
// rows as they are written, or run functions when the schema is read; a
// vault is Kiroku's and nothing else, so anything extra is damage.
func checkSchema(ctx context.Context, q rowsQuerier, format int) error {
	want, err := expectedSchema(ctx, format)
	if err != nil {
		return err
	}
	got, err := readSchema(ctx, q)
	if err != nil {
		return err
	}
	if d := schemaDiff(got, want); len(d) > 0 {
		return fmt.Errorf("vault schema was changed outside Kiroku (%s): %w", strings.Join(d, "; "), apperr.ErrDamaged)
	}
	return nil
}
