import SwitchboardDomain

// MARK: - Recording search, count and CSV export

extension StoreDatabase {
    /// The FTS5 query for the user's words: each word quoted (so no FTS5 syntax leaks in), a trailing `*` kept as a
    /// prefix search, all words required. Nil when there is no word.
    static func ftsQuery(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).compactMap { word -> String? in
            var w = String(word.filter { $0 != "\"" })
            let prefix = w.hasSuffix("*")
            while w.hasSuffix("*") { w.removeLast() }
            guard !w.isEmpty else { return nil }
            return "\"\(w)\"" + (prefix ? "*" : "")
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// How a query's words are matched against each candidate interaction.
    enum TextFilter {
        /// Collects the interactions of every hit above the message floor once (counts and exports).
        case hitSet(floor: Int64)
        /// Looks up each candidate's messages in the full-text index (many hits: the page fills early).
        case perRow
    }

    /// The WHERE clause and its values for a query's filters (the words as `text` says; none when nil).
    static func whereClause(_ q: RecordingQuery, text: TextFilter?) -> (String, [SQLiteValue]) {
        var terms: [String] = []
        var values: [SQLiteValue] = []
        if let start = q.startDate {
            terms.append("i.enqueued_at >= ?")
            values.append(.integer(start.milliseconds))
        }
        if let end = q.finalDate {
            terms.append("i.enqueued_at <= ?")
            values.append(.integer(end.milliseconds))
        }
        if let number = q.heyNowNumber, !number.isEmpty {
            terms.append("i.heynow_number = ?")
            values.append(.text(number))
        }
        if let subject = q.subject, !subject.isEmpty {
            var escaped = ""
            for ch in subject {
                if ch == "%" || ch == "_" || ch == "\\" { escaped.append("\\") }
                escaped.append(ch)
            }
            terms.append("i.subject LIKE ? ESCAPE '\\'")
            values.append(.text("%\(escaped)%"))
        }
        if let campaigns = q.campaignIDs {
            if campaigns.isEmpty {
                terms.append("0")
            } else {
                terms.append("i.campaign_id IN (\(campaigns.map { _ in "?" }.joined(separator: ", ")))")
                values += campaigns.map { .integer($0.rawValue) }
            }
        }
        if let agent = q.agentID {
            terms.append("i.agent_id = ?")
            values.append(.integer(agent.rawValue))
        }
        if let states = q.states {
            if states.isEmpty {
                terms.append("0")
            } else {
                terms.append("i.state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
                values += states.map { .text($0.rawValue) }
            }
        }
        if let direction = q.direction {
            terms.append("i.direction = ?")
            values.append(.text(direction.rawValue))
        }
        if let text, let match = q.text.flatMap(ftsQuery) {
            switch text {
            case .hitSet(let floor):
                // Hits above the floor of the first interaction in the dates (see `StoreMigrations.version5`).
                // Not correlated, so SQLite builds the set once (inside a correlated EXISTS it would rebuild it per row).
                terms.append("""
                    i.id IN (SELECT m.interaction_id FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid
                             WHERE messages_fts MATCH ? AND f.rowid > ?)
                    """)
                values += [.text(match), .integer(floor)]
            case .perRow:
                terms.append("""
                    EXISTS (SELECT 1 FROM messages m CROSS JOIN messages_fts f ON f.rowid = m.id
                            WHERE m.interaction_id = i.id AND messages_fts MATCH ?)
                    """)
                values.append(.text(match))
            }
        }
        return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), values)
    }

    private static let rowColumns = """
        i.id, i.enqueued_at, i.heynow_number, i.campaign_id, c.name, i.agent_id, u.display_name, i.direction, i.state,
        i.duration_ms, i.message_count, i.subject
        """

    static func selectSQL(_ q: RecordingQuery, paged: Bool, text: TextFilter?) -> (String, [SQLiteValue]) {
        if paged, q.sort == .date, let split = splitSQL(q, text: text) { return split }
        if paged, q.sort.column.hasPrefix("i."), q.sort != .date { return topKeysSQL(q, text: text) }
        let (clause, values) = whereClause(q, text: text)
        let direction = q.descending ? "DESC" : "ASC"
        // Sorting on the date alone lets SQLite walk an index in order (an index entry ends with the row id,
        // so equal dates still come in a stable order); other columns add the id as the tie-breaker.
        let order = q.sort == .date ? "i.enqueued_at \(direction)" : "\(q.sort.column) \(direction), i.id \(direction)"
        let sql = """
            -- CROSS JOIN keeps interactions as the outer loop: with statistics SQLite would otherwise start from the
            -- 20 campaigns and sort every interaction instead of walking an index in date order.
            SELECT \(rowColumns) FROM interactions i CROSS JOIN campaigns c ON c.id = i.campaign_id
            LEFT JOIN users u ON u.id = i.agent_id \(clause)
            ORDER BY \(order)
            """
        // Page bounds are parameters, so the statement cache holds one statement per filter shape, not per page.
        guard paged else { return (sql, values) }
        return (sql + " LIMIT ? OFFSET ?", values + [.integer(Int64(max(1, q.limit) + 1)), .integer(Int64(max(0, q.offset)))])
    }

    /// A page sorted on a column of the interaction itself: the page's ids are chosen from the interactions
    /// alone (a bounded sort of narrow records, or an index such as (campaign, duration) in order), and only
    /// those rows are joined to their campaign and agent names.
    static func topKeysSQL(_ q: RecordingQuery, text: TextFilter?) -> (String, [SQLiteValue]) {
        let (clause, values) = whereClause(q, text: text)
        let direction = q.descending ? "DESC" : "ASC"
        let sql = """
            SELECT \(rowColumns) FROM (SELECT i.id AS id, \(q.sort.column) AS k FROM interactions i \(clause)
                                       ORDER BY \(q.sort.column) \(direction), i.id \(direction) LIMIT ? OFFSET ?) t
            JOIN interactions i ON i.id = t.id CROSS JOIN campaigns c ON c.id = i.campaign_id LEFT JOIN users u ON u.id = i.agent_id
            ORDER BY t.k \(direction), t.id \(direction)
            """
        return (sql, values + [.integer(Int64(max(1, q.limit) + 1)), .integer(Int64(max(0, q.offset)))])
    }

    /// A date-ordered page over several campaigns (or several states): SQLite cannot merge several ranges of one
    /// index in order, so it would sort every matching row. Instead each value gets its own branch that walks its
    /// index range in date order and stops after `offset + limit + 1` rows; the page is the top of their union.
    static func splitSQL(_ q: RecordingQuery, text: TextFilter?) -> (String, [SQLiteValue])? {
        var branches: [RecordingQuery] = []
        if let campaigns = q.campaignIDs, campaigns.count > 1 {
            branches = Set(campaigns).sorted().map { var b = q; b.campaignIDs = [$0]; return b }
        } else if let states = q.states, states.count > 1 {
            branches = Set(states.map(\.rawValue)).sorted().compactMap(InteractionState.init).map { var b = q; b.states = [$0]; return b }
        } else {
            return nil
        }
        let direction = q.descending ? "DESC" : "ASC"
        let depth = Int64(max(0, q.offset) + max(1, q.limit) + 1)
        var parts: [String] = [], values: [SQLiteValue] = []
        for branch in branches {
            let (clause, branchValues) = whereClause(branch, text: text)
            parts.append("""
                SELECT * FROM (SELECT i.id AS id, i.enqueued_at AS at FROM interactions i \(clause)
                               ORDER BY i.enqueued_at \(direction) LIMIT ?)
                """)
            values += branchValues + [.integer(depth)]
        }
        let sql = """
            SELECT \(rowColumns) FROM (\(parts.joined(separator: " UNION ALL "))) t JOIN interactions i ON i.id = t.id
            CROSS JOIN campaigns c ON c.id = i.campaign_id LEFT JOIN users u ON u.id = i.agent_id
            ORDER BY t.at \(direction), t.id \(direction) LIMIT ? OFFSET ?
            """
        return (sql, values + [.integer(Int64(max(1, q.limit) + 1)), .integer(Int64(max(0, q.offset)))])
    }

    static func readRow(_ s: SQLiteStatement) -> RecordingRow {
        RecordingRow(
            id: InteractionID(s.int64(0)), date: Timestamp(milliseconds: s.int64(1)), heyNowNumber: s.text(2),
            campaignID: CampaignID(s.int64(3)), campaignName: s.text(4), agentID: s.optionalInt64(5).map(AgentID.init),
            agentName: s.optionalText(6), address: InteractionDirection(rawValue: s.text(7)) ?? .incoming,
            state: InteractionState(rawValue: s.text(8)) ?? .closed, durationMilliseconds: s.optionalInt64(9),
            messageCount: s.int(10), subject: s.optionalText(11))
    }

    /// One page of recordings matching the query.
    /// - Returns: the rows and whether more follow.
    public func searchRecordings(_ query: RecordingQuery) async throws(StoreError) -> RecordingPage {
        let limit = max(1, query.limit)
        return try await read { c throws(StoreError) in
            var text: TextFilter?
            if let match = query.text.flatMap(Self.ftsQuery) {
                guard let floor = try Self.messageFloor(query, c) else { return RecordingPage(rows: [], hasMore: false) }
                if Self.walksTextHits(query) { return try Self.searchByTextHits(query, match: match, floor: floor, c) }
                if let hits = try Self.hitSet(match, floor: floor, cap: Self.hitSetCap, c) {
                    return try Self.searchCheckingHits(query, hits: hits, c)
                }
                text = .perRow
            }
            let (sql, values) = Self.selectSQL(query, paged: true, text: text)
            return try c.with(sql) { s throws(StoreError) in
                s.bind(values)
                var rows: [RecordingRow] = []
                while try s.step() { rows.append(Self.readRow(s)) }
                let more = rows.count > limit
                if more { rows.removeLast() }
                return RecordingPage(rows: rows, hasMore: more)
            }
        }
    }

    /// Above this many hits the words are checked per candidate row instead of collected into a set.
    static let hitSetCap = 20_000

    /// The ids of the messages above `floor` holding the words (FTS5 doclists only), nil when there are more than `cap`.
    static func hitSet(_ match: String, floor: Int64, cap: Int, _ c: SQLiteConnection) throws(StoreError) -> Set<Int64>? {
        try c.with("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? AND rowid > ? LIMIT ?") { s throws(StoreError) in
            s.bind(1, match)
            s.bind(2, floor)
            s.bind(3, cap + 1)
            var hits = Set<Int64>(minimumCapacity: 1024)
            while try s.step() {
                guard hits.count < cap else { return nil }
                hits.insert(s.int64(0))
            }
            return hits
        }
    }

    /// Streams the ids matching the other filters in the query's order and keeps those with a message among
    /// `hits` (its ids come from `messages_by_interaction`, no message row is read) until the page is full; then
    /// reads the page's rows. (SQLite would rebuild an `IN (SELECT ...)` list inside a correlated EXISTS for
    /// every row.) Sorting on the interaction's own columns, the id stream often comes from an index alone.
    static func searchCheckingHits(_ q: RecordingQuery, hits: Set<Int64>, _ c: SQLiteConnection) throws(StoreError) -> RecordingPage {
        let limit = max(1, q.limit), wanted = max(0, q.offset) + limit + 1
        guard !hits.isEmpty else { return RecordingPage(rows: [], hasMore: false) }
        let (clause, values) = whereClause(q, text: nil)
        let direction = q.descending ? "DESC" : "ASC"
        let candidates = q.sort.column.hasPrefix("i.")
            ? "SELECT i.id FROM interactions i \(clause) ORDER BY \(q.sort.column) \(direction), i.id \(direction)"
            : selectSQL(q, paged: false, text: nil).0
        var page: [Int64] = []
        try c.with(candidates) { s throws(StoreError) in
            try c.with(.messageIDs, "SELECT id FROM messages WHERE interaction_id = ?") { ids throws(StoreError) in
                s.bind(values)
                var matched = 0
                while matched < wanted, try s.step() {
                    let candidate = s.int64(0)
                    ids.bind(1, candidate)
                    var hit = false
                    while !hit, try ids.step() { hit = hits.contains(ids.int64(0)) }
                    ids.reset()
                    guard hit else { continue }
                    matched += 1
                    if matched > max(0, q.offset) { page.append(candidate) }
                }
            }
        }
        let row = "SELECT \(rowColumns) FROM interactions i CROSS JOIN campaigns c ON c.id = i.campaign_id "
            + "LEFT JOIN users u ON u.id = i.agent_id WHERE i.id = ?"
        var rows: [RecordingRow] = []
        try c.with(row) { s throws(StoreError) in
            for id in page {
                s.bind(1, id)
                if try s.step() { rows.append(readRow(s)) }
                s.reset()
            }
        }
        let more = rows.count > limit
        if more { rows.removeLast() }
        return RecordingPage(rows: rows, hasMore: more)
    }

    /// Whether a query is answered by walking its full-text hits newest first: date order, no end date (hits
    /// newer than the range would be walked for nothing), and no agent or number filter (those are selective
    /// enough for their own index).
    static func walksTextHits(_ q: RecordingQuery) -> Bool {
        q.sort == .date && q.descending && q.finalDate == nil && q.agentID == nil && (q.heyNowNumber ?? "").isEmpty
            && q.text.flatMap(ftsQuery) != nil
    }

    /// The message floor of the first interaction enqueued at or after the start date (every message of the
    /// interactions in the dates is above it); 0 without a start date, nil when nothing matches the dates.
    static func messageFloor(_ q: RecordingQuery, _ c: SQLiteConnection) throws(StoreError) -> Int64? {
        if let end = q.finalDate {
            guard try c.scalar("SELECT 1 FROM interactions WHERE enqueued_at <= ? LIMIT 1", [.integer(end.milliseconds)]) != nil
            else { return nil }
        }
        guard let start = q.startDate else { return 0 }
        return try c.scalar("SELECT message_floor FROM interactions WHERE enqueued_at >= ? ORDER BY enqueued_at, id LIMIT 1",
                            [.integer(start.milliseconds)])
    }

    /// Walks the FTS5 hits newest first, checks each new interaction against the other filters with one
    /// primary-key lookup, and keeps the best `offset + limit + 1`. It stops at a hit at or below the message
    /// floor of the last one kept: every later hit belongs to an interaction with a lower floor, hence a lower
    /// id, hence an earlier date. The cost follows the page, not the number of hits.
    static func searchByTextHits(_ q: RecordingQuery, match: String, floor: Int64, _ c: SQLiteConnection)
        throws(StoreError) -> RecordingPage {
        let limit = max(1, q.limit), wanted = max(0, q.offset) + limit + 1
        let (clause, values) = whereClause(q, text: nil)
        let check = """
            SELECT \(rowColumns), i.message_floor FROM interactions i CROSS JOIN campaigns c ON c.id = i.campaign_id
            LEFT JOIN users u ON u.id = i.agent_id \(clause.isEmpty ? "WHERE" : clause + " AND") i.id = ?
            """
        let hits = """
            SELECT m.interaction_id, f.rowid FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid
            WHERE messages_fts MATCH ? AND f.rowid > ? ORDER BY f.rowid DESC
            """
        return try c.with(check) { checker throws(StoreError) in
            try c.with(hits) { walker throws(StoreError) in
                walker.bind(1, match)
                walker.bind(2, floor)
                var kept: [(row: RecordingRow, floor: Int64)] = [], seen = Set<Int64>()
                while try walker.step() {
                    if kept.count == wanted, kept[wanted - 1].floor >= walker.int64(1) { break }
                    let interaction = walker.int64(0)
                    guard seen.insert(interaction).inserted else { continue }
                    checker.bind(values + [.integer(interaction)])
                    defer { checker.reset() }
                    guard try checker.step() else { continue }
                    let row = readRow(checker)
                    // Newest (highest id, so latest date) first; only the best `wanted` are kept.
                    let at = kept.firstIndex { $0.row.id.rawValue < interaction } ?? kept.count
                    guard at < wanted else { continue }
                    kept.insert((row, checker.int64(12)), at: at)
                    if kept.count > wanted { kept.removeLast() }
                }
                var rows = kept.dropFirst(max(0, q.offset)).map(\.row)
                let more = rows.count > limit
                if more { rows.removeLast() }
                return RecordingPage(rows: rows, hasMore: more)
            }
        }
    }

    /// How many recordings match the query's filters (slower than a page on broad filters: it counts them all).
    public func countRecordings(_ query: RecordingQuery) async throws(StoreError) -> Int {
        let (clause, values) = Self.whereClause(query, text: .hitSet(floor: 0))
        return try await read { c throws(StoreError) in
            Int(try c.scalar("SELECT count(*) FROM interactions i \(clause)", values) ?? 0)
        }
    }

    /// Streams every recording matching the query's filters (its offset and limit ignored) as CSV: the header,
    /// then one line per row handed to `sink` as it is read, on a reader thread; nothing is collected in memory.
    /// - Parameters:
    ///   - query: filters and order.
    ///   - sink: receives each line (CRLF included); return false to stop early.
    /// - Returns: the number of data rows written.
    @discardableResult
    public func exportRecordingsCSV(_ query: RecordingQuery, sink: @escaping @Sendable (String) -> Bool) async throws(StoreError) -> Int {
        let (sql, values) = Self.selectSQL(query, paged: false, text: .hitSet(floor: 0))
        return try await read { c throws(StoreError) in
            guard sink(RecordingCSV.header) else { return 0 }
            return try c.withUncached(sql) { s throws(StoreError) in
                s.bind(values)
                var count = 0
                while try s.step() {
                    guard sink(RecordingCSV.line(Self.readRow(s))) else { break }
                    count += 1
                }
                return count
            }
        }
    }
}
