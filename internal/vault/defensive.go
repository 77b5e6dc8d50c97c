package vault

/*
// macOS's linker does not accept a weak reference it cannot resolve in the
// trial link either; dynamic_lookup lets it through (untested here: no
// macOS toolchain on the build machines).
#cgo darwin LDFLAGS: -Wl,-undefined,dynamic_lookup

// SQLite itself is compiled into the binary by github.com/mattn/go-sqlite3,
// which offers no Go call for sqlite3_db_config. These declarations reach
// the same C functions at link time. They are weak so that cgo's own trial
// link of this package alone (without the SQLite objects) succeeds; in the
// program they resolve to SQLite's, and kirokuDefensiveRegister reports
// when they did not.
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_api_routines sqlite3_api_routines;
extern int sqlite3_db_config(sqlite3 *, int, ...) __attribute__((weak));
extern int sqlite3_auto_extension(void (*)(void)) __attribute__((weak));

#define KIROKU_DBCONFIG_DEFENSIVE 1010
#define KIROKU_DBCONFIG_TRUSTED_SCHEMA 1017

static int kirokuDefensiveInit(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
	(void)err; (void)api;
	int on = 0, off = 1;
	if (sqlite3_db_config(db, KIROKU_DBCONFIG_DEFENSIVE, 1, &on) != 0 || on != 1) return 1;
	if (sqlite3_db_config(db, KIROKU_DBCONFIG_TRUSTED_SCHEMA, 0, &off) != 0 || off != 0) return 1;
	return 0;
}

static int kirokuDefensiveRegister(void) {
	if (!sqlite3_db_config || !sqlite3_auto_extension) return -1;
	return sqlite3_auto_extension((void (*)(void))kirokuDefensiveInit);
}
*/
import "C"

import "fmt"

// defensiveErr is non-nil when SQLite's defensive mode could not be
// registered; configure then refuses every connection.
var defensiveErr error

// Every connection this process opens gets SQLITE_DBCONFIG_DEFENSIVE (no
// writable_schema, no direct writes to shadow tables or the schema, no
// journal_mode=OFF) and SQLITE_DBCONFIG_TRUSTED_SCHEMA off, set by an
// automatic extension that SQLite runs as each connection opens. A vault
// file is untrusted input: what is in it must not be able to turn SQL
// Kiroku runs into something else.
func init() {
	if rc := C.kirokuDefensiveRegister(); rc != 0 {
		defensiveErr = fmt.Errorf("sqlite defensive mode unavailable (code %d)", int(rc))
	}
}
