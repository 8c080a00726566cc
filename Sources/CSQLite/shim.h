// SQLite plus forwards for what Swift cannot see (the SQLITE_TRANSIENT destructor macro).
#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

static inline sqlite3_destructor_type cshim_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline int cshim_sqlite_bind_text(sqlite3_stmt *s, int i, const char *text, int n) {
    return sqlite3_bind_text(s, i, text, n, SQLITE_TRANSIENT);
}
static inline int cshim_sqlite_bind_blob(sqlite3_stmt *s, int i, const void *bytes, int n) {
    return sqlite3_bind_blob(s, i, bytes, n, SQLITE_TRANSIENT);
}
/// Turns off SQLite's memory statistics (before the library initializes): with them on, every allocation takes
/// a global mutex. Returns SQLITE_MISUSE when the library is already initialized.
static inline int cshim_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
