import CSQLite

/// A value bound to a statement parameter, for statements assembled at run time (the recording search).
enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null
}

/// A prepared statement owned by one `SQLiteConnection` (and so by that connection's thread).
/// Cached statements are reset and their bindings cleared after each use by `SQLiteConnection.with(_:_:)`.
final class SQLiteStatement {
    /// The `sqlite3_stmt` handle.
    let handle: OpaquePointer
    /// The SQL text, for error messages.
    let sql: String
    /// The connection's handle, for error messages.
    private let db: OpaquePointer

    init(db: OpaquePointer, sql: String) throws(StoreError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw StoreError(code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)), sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    /// The failure SQLite reports for this statement.
    func error(_ rc: Int32) -> StoreError {
        StoreError(code: sqlite3_extended_errcode(db) != 0 ? sqlite3_extended_errcode(db) : rc,
                   message: String(cString: sqlite3_errmsg(db)), sql: sql)
    }

    // MARK: - Binding (1-based indexes, as SQLite)

    /// Binds an integer, or NULL for nil.
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds an integer.
    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }

    /// Binds a Boolean as 0 or 1.
    func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }

    /// Binds UTF-8 text (copied by SQLite: SQLITE_TRANSIENT), or NULL for nil.
    func bind(_ index: Int32, _ value: String?) {
        guard var value else { sqlite3_bind_null(handle, index); return }
        let h = handle
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = cshim_sqlite_bind_text(h, index, base, Int32(chars.count))
                } else {
                    _ = cshim_sqlite_bind_text(h, index, "", 0)
                }
            }
        }
    }

    /// Binds bytes as a BLOB (copied by SQLite).
    func bind(_ index: Int32, blob: [UInt8]) {
        let h = handle
        guard !blob.isEmpty else { sqlite3_bind_zeroblob(h, index, 0); return }  // empty, yet a BLOB, not NULL
        blob.withUnsafeBytes { raw in
            _ = cshim_sqlite_bind_blob(h, index, raw.baseAddress, Int32(raw.count))
        }
    }

    /// Binds one dynamic value.
    func bind(_ index: Int32, value: SQLiteValue) {
        switch value {
        case .integer(let v): sqlite3_bind_int64(handle, index, v)
        case .text(let v): bind(index, v)
        case .blob(let v): bind(index, blob: v)
        case .null: sqlite3_bind_null(handle, index)
        }
    }

    /// Binds dynamic values to parameters 1...n.
    func bind(_ values: [SQLiteValue]) {
        for (offset, value) in values.enumerated() { bind(Int32(offset + 1), value: value) }
    }

    // MARK: - Stepping

    /// Steps once: true when a row is available, false when done.
    /// - Throws: `StoreError.sqlite` with the statement's SQL.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw error(rc)
    }

    /// Steps to completion, ignoring rows (an INSERT, UPDATE or DELETE).
    func run() throws(StoreError) {
        while try step() {}
    }

    /// Resets the statement and clears its bindings so the cache can hand it out again.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: - Columns (0-based, as SQLite)

    /// Whether the column is NULL in the current row.
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column as an integer (0 for NULL).
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The column as an integer, nil for NULL.
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : sqlite3_column_int64(handle, column) }

    /// The column as an Int (0 for NULL).
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    /// The column as an optional Int.
    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : Int(sqlite3_column_int64(handle, column)) }

    /// The column as a Boolean (non-zero is true).
    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(handle, column) != 0 }

    /// The column as text ("" for NULL).
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column as text, nil for NULL.
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// The column as bytes (empty for NULL).
    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let raw = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: count))
    }
}

@available(*, unavailable) extension SQLiteStatement: Sendable {}
