import CSQLite

/// Loads generated recordings into a freshly migrated file in one transaction, for the benchmarks (package
/// access only: not an API of the server). Drops the search indexes during the load and builds them after,
/// which is far faster than maintaining them row by row. Used from one thread, with no `StoreDatabase` open.
package final class StoreBulkLoader {
    private let connection: SQLiteConnection
    private static let searchIndexes = [
        "interactions_by_date", "interactions_by_campaign", "interactions_by_agent", "interactions_by_number",
        "interactions_by_state", "interactions_by_end", "interactions_open", "interactions_by_campaign_state",
        "interactions_by_campaign_duration",
    ]

    /// The schema version of the files it loads (benchmark files are named after it, so that a schema change
    /// makes a new one instead of migrating an old one in place).
    package static var schemaVersion: Int { StoreMigrations.latest }

    /// Opens the file (already created and migrated by `StoreDatabase.open`) and starts the load transaction.
    package init(path: String) throws(StoreError) {
        connection = try SQLiteConnection(path: path, readOnly: false)
        // No journal during the load: a failed load is simply generated again.
        try connection.execute("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY;
            PRAGMA analysis_limit = 2000
            """)
        // Their definitions as the migrations left them, to build them again in `finish`.
        let names = Self.searchIndexes.map { "'\($0)'" }.joined(separator: ", ")
        indexDefinitions = try connection.with("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name IN (\(names))") {
            s throws(StoreError) in
            var definitions: [String] = []
            while try s.step() { definitions.append(s.text(0)) }
            return definitions
        }
        try connection.execute(Self.searchIndexes.map { "DROP INDEX IF EXISTS \($0);" }.joined())
        try connection.execute("BEGIN")
    }

    /// The `CREATE INDEX` statements of the search indexes dropped for the load.
    private let indexDefinitions: [String]

    /// The last message id given out (messages take ids in load order, as the writer gives them in arrival order).
    private var lastMessageID: Int64 = 0

    /// Adds one finished or live interaction with every column the search shows. Call it before its messages, and
    /// add exactly `messageCount` of them right after: its message floor is the last message id added so far, and its
    /// newest message the one `messageCount` ids later.
    package func addInteraction(
        id: Int64, campaign: Int64, provider: Int64, number: String, incoming: Bool, state: String, agent: Int64?, subject: String?,
        enqueuedAt: Int64, takenAt: Int64?, endedAt: Int64?, messageCount: Int
    ) throws(StoreError) {
        try connection.with("""
            INSERT INTO interactions(id, campaign_id, provider_id, heynow_number, direction, state, agent_id, subject, enqueued_at,
                first_taken_at, taken_at, closed_at, abandoned_at, ended_at, duration_ms, message_count, last_message_at, message_floor,
                last_message_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, CASE WHEN ?6 = 'closed' THEN ?11 END,
                    CASE WHEN ?6 = 'abandoned' THEN ?11 END, ?11, ?11 - ?9, ?12, ?9, ?13, nullif(?13 + ?12, ?13))
            """) { s throws(StoreError) in
            s.bind(13, lastMessageID)
            s.bind(1, id)
            s.bind(2, campaign)
            s.bind(3, provider)
            s.bind(4, number)
            s.bind(5, incoming ? "incoming" : "outgoing")
            s.bind(6, state)
            s.bind(7, agent)
            s.bind(8, subject)
            s.bind(9, enqueuedAt)
            s.bind(10, takenAt)
            s.bind(11, endedAt)
            s.bind(12, messageCount)
            try s.run()
        }
        lastInteraction = id
        previousMessage = 0
    }

    /// The interaction added last and its newest message so far (the next message's link).
    private var lastInteraction: Int64 = 0
    private var previousMessage: Int64 = 0

    /// Adds a message of the interaction added last (the next message id) and indexes its text.
    package func addMessage(interaction: Int64, customer: Bool, agent: Int64?, providerMessageID: String?,
                            provider: Int64, at: Int64, body: String) throws(StoreError) {
        precondition(interaction == lastInteraction, "messages follow their interaction")
        lastMessageID += 1
        let id = lastMessageID
        try connection.with("""
            INSERT INTO messages(id, interaction_id, provider_id, provider_message_id, sender, agent_id, at, body, previous_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """) { s throws(StoreError) in
            s.bind(1, id)
            s.bind(2, interaction)
            s.bind(3, provider)
            s.bind(4, providerMessageID)
            s.bind(5, customer ? "customer" : "agent")
            s.bind(6, agent)
            s.bind(7, at)
            s.bind(8, body)
            s.bind(9, previousMessage)
            try s.run()
        }
        previousMessage = id
        // Interactions are added one after the other, so full-text rowids ascend and FTS5 takes them at once.
        try connection.with("INSERT INTO messages_fts(rowid, body) VALUES (?, ?)") { s throws(StoreError) in
            s.bind(1, MessageTextRowid.of(interaction: interaction, message: id))
            s.bind(2, body)
            try s.run()
        }
    }

    /// Commits, rebuilds the search indexes (as the migrations defined them), merges the FTS5 segments and gathers the
    /// planner's statistics.
    package func finish() throws(StoreError) {
        try connection.execute("COMMIT")
        connection.clearCache()
        try connection.execute(indexDefinitions.map { $0 + ";" }.joined(separator: "\n"))
        try connection.execute("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')")
        try connection.execute("ANALYZE")
        try connection.execute("PRAGMA journal_mode = WAL")
    }
}

@available(*, unavailable) extension StoreBulkLoader: Sendable {}
