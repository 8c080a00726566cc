import CSQLite

/// One SQLite connection with its cache of prepared statements. Confined to the thread that opened it
/// (the writer thread or one reader thread); never shared, hence not Sendable.
final class SQLiteConnection {
    /// The `sqlite3` handle.
    let handle: OpaquePointer
    /// Prepared statements by SQL text: every fixed statement is compiled once per connection.
    private var cache: [String: SQLiteStatement] = [:]
    /// Full-text rows and interaction counters the open transaction's message appends left for its end (the
    /// writer's only).
    let deferred = DeferredWrites()

    /// Hot statements by key: an array slot instead of hashing their SQL text on every call.
    private var keyed: [SQLiteStatement?] = Array(repeating: nil, count: Key.allCases.count)

    /// The statements run on every message: looked up by key (see `with(_:_:_:)`).
    enum Key: Int, CaseIterable {
        /// Deduplication by provider message id.
        case existingMessage
        /// The customer's open interaction in a campaign.
        case openInteraction
        /// A new interaction (an inbound message from a customer without an open one).
        case insertInteraction
        /// An interaction's newest message, which a message appended to it links to (once per transaction).
        case lastMessage
        /// An interaction's counters, once per transaction (see `DeferredWrites`).
        case addCounters
        /// The message row.
        case insertMessage
        case insertMessageWithContent
        /// The message's text into FTS5.
        case indexMessage
    }

    /// Opens (and with `create`, creates) the database file.
    /// - Parameters:
    ///   - path: the file path (":memory:" for tests of the connection itself).
    ///   - readOnly: open with SQLITE_OPEN_READONLY (reader connections).
    /// - Throws: `StoreError.sqlite` when the file cannot be opened.
    init(path: String, readOnly: Bool) throws(StoreError) {
        _ = Self.libraryConfigured
        var db: OpaquePointer?
        // NOMUTEX: each connection is confined to one thread, so SQLite's own per-connection mutex is wasted work.
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw StoreError(code: rc, message: message, sql: nil)
        }
        sqlite3_extended_result_codes(db, 1)
        self.handle = db
    }

    /// Process-wide SQLite settings, applied once before the first connection opens (the library refuses them after):
    /// no memory statistics, which would take a global mutex on every allocation of every connection.
    private static let libraryConfigured: Bool = cshim_sqlite_disable_memory_statistics() == SQLITE_OK

    deinit {
        clearCache()
        sqlite3_close_v2(handle)
    }

    /// The current error as a `StoreError`.
    func error(_ rc: Int32, sql: String?) -> StoreError {
        StoreError(code: sqlite3_extended_errcode(handle) != 0 ? sqlite3_extended_errcode(handle) : rc,
                   message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs SQL text that may hold several statements and returns no rows (DDL, PRAGMA, BEGIN/COMMIT).
    /// - Throws: `StoreError.sqlite`.
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw StoreError(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// The cached prepared statement for `sql`, compiled on first use.
    func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = cache[sql] { return cached }
        let statement = try SQLiteStatement(db: handle, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `body` with the cached statement for `sql`, then resets it (whatever `body` did).
    func with<T>(_ sql: String, _ body: (SQLiteStatement) throws(StoreError) -> T) throws(StoreError) -> T {
        let statement = try statement(sql)
        defer { statement.reset() }
        return try body(statement)
    }

    /// Runs `body` with the statement cached under `key` (compiled from `sql` on first use), then resets it.
    /// `sql` must be the same text on every call with that key.
    func with<T>(_ key: Key, _ sql: @autoclosure () -> String, _ body: (SQLiteStatement) throws(StoreError) -> T)
        throws(StoreError) -> T {
        let statement: SQLiteStatement
        if let cached = keyed[key.rawValue] {
            statement = cached
        } else {
            statement = try SQLiteStatement(db: handle, sql: sql())
            keyed[key.rawValue] = statement
        }
        defer { statement.reset() }
        return try body(statement)
    }

    /// Runs a statement assembled at run time without caching it (its text varies with the filters).
    func withUncached<T>(_ sql: String, _ body: (SQLiteStatement) throws(StoreError) -> T) throws(StoreError) -> T {
        let statement = try SQLiteStatement(db: handle, sql: sql)
        return try body(statement)
    }

    /// The first column of the first row as an integer, nil when there is no row or it is NULL.
    func scalar(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) -> Int64? {
        try with(sql) { s throws(StoreError) in
            s.bind(values)
            return try s.step() ? s.optionalInt64(0) : nil
        }
    }

    /// Runs one cached statement with `values` bound, ignoring rows.
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) {
        try with(sql) { s throws(StoreError) in
            s.bind(values)
            try s.run()
        }
    }

    /// Row id of the last INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Whether a transaction is open (autocommit off).
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Drops every cached statement (before a schema change that would invalidate them anyway, or before close).
    func clearCache() {
        cache.removeAll()
        for index in keyed.indices { keyed[index] = nil }
    }
}

@available(*, unavailable) extension SQLiteConnection: Sendable {}
