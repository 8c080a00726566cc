import SwitchboardDomain

/// A failure of the store: SQLite's own failures and the store's typed refusals, each with what the caller needs
/// to answer (the REST layer maps these to status codes in one place).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite failed: its extended result code, its message, and the SQL involved when a statement was.
    case sqlite(code: Int32, message: String, sql: String?)
    /// The system SQLite was built without FTS5, which the recordings' full-text index needs.
    case fts5Unavailable(sqliteVersion: String)
    /// The file was written by a newer Switchboard (its schema version is above the newest migration known here).
    case schemaTooNew(found: Int, supported: Int)
    /// No row with that identity (e.g. "provider 7").
    case notFound(String)
    /// A provider cannot be deleted while campaigns use it; the names of those campaigns.
    case providerInUse(ProviderID, campaigns: [String])
    /// A campaign cannot be deleted once interactions were recorded in it (disable it instead).
    case campaignHasRecordings(CampaignID, interactions: Int)
    /// A unique value is already taken (e.g. "username alice").
    case conflict(String)
    /// An argument the store refuses before touching SQLite (e.g. a cloud provider created without its access token).
    case invalidArgument(String)
    /// The interaction's state does not allow that event (e.g. closing a queued interaction).
    case invalidTransition(InteractionID, from: InteractionState)
    /// The store was closed; no further work is accepted.
    case closed

    /// A SQLite failure, as `.sqlite`.
    /// - Parameters:
    ///   - code: SQLite's extended result code.
    ///   - message: SQLite's message.
    ///   - sql: the statement, when one was involved.
    public init(code: Int32, message: String, sql: String? = nil) {
        self = .sqlite(code: code, message: message, sql: sql)
    }

    /// Human-readable text for logs.
    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql):
            return sql.map { "SQLite error \(code): \(message) in \($0)" } ?? "SQLite error \(code): \(message)"
        case .fts5Unavailable(let version):
            return "SQLite \(version) lacks FTS5; install a libsqlite3 built with SQLITE_ENABLE_FTS5 (Debian's is)"
        case .schemaTooNew(let found, let supported):
            return "database schema version \(found) is newer than this build supports (\(supported))"
        case .notFound(let what):
            return "\(what) not found"
        case .providerInUse(let id, let campaigns):
            return "provider \(id) is used by campaigns: \(campaigns.joined(separator: ", "))"
        case .campaignHasRecordings(let id, let count):
            return "campaign \(id) has \(count) recorded interactions; disable it instead"
        case .conflict(let what):
            return "\(what) already exists"
        case .invalidArgument(let why):
            return "invalid argument: \(why)"
        case .invalidTransition(let id, let state):
            return "interaction \(id) is \(state.rawValue)"
        case .closed:
            return "the store is closed"
        }
    }
}
