/// A failure of the store: SQLite's own result code and message, and the statement involved.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite's extended result code.
    public let code: Int32
    /// SQLite's message for the failure.
    public let message: String
    /// The SQL that failed, when a statement was involved.
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        sql.map { "SQLite error \(code): \(message) in \($0)" } ?? "SQLite error \(code): \(message)"
    }
}
