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
        /// Collects the interactions with a hit in the rowid range once (counts and exports).
        case hitSet(ClosedRange<Int64>)
        /// Probes each candidate's own rowid range in the full-text index (many hits: the page fills early).
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
            case .hitSet(let rowids):
                // Not correlated, so SQLite builds the set once (inside a correlated EXISTS it would rebuild it per row).
                terms.append("i.id IN (SELECT rowid >> 32 FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ?)")
                values += [.text(match), .integer(rowids.lowerBound), .integer(rowids.upperBound)]
            case .perRow:
                terms.append("""
                    EXISTS (SELECT 1 FROM messages_fts WHERE messages_fts MATCH ?
                            AND rowid BETWEEN i.id << 32 AND (i.id << 32) + 4294967295)
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
                guard let rowids = try Self.textRowids(query, c) else { return RecordingPage(rows: [], hasMore: false) }
                if Self.walksTextHits(query) { return try Self.searchByTextHits(query, match: match, rowids: rowids, c) }
                if let hits = try Self.hitInteractions(match, rowids: rowids, cap: Self.hitSetCap, c) {
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

    /// The interactions with a hit in `rowids` (FTS5 doclists only: no message is read), nil when there are more
    /// than `cap` hits.
    static func hitInteractions(_ match: String, rowids: ClosedRange<Int64>, cap: Int, _ c: SQLiteConnection)
        throws(StoreError) -> Set<Int64>? {
        try c.with("SELECT rowid >> 32 FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?") {
            s throws(StoreError) in
            s.bind(1, match)
            s.bind(2, rowids.lowerBound)
            s.bind(3, rowids.upperBound)
            s.bind(4, cap + 1)
            var hits = Set<Int64>(minimumCapacity: 1024)
            var count = 0, last: Int64 = -1
            while try s.step() {
                count += 1
                guard count <= cap else { return nil }
                let interaction = s.int64(0)
                if interaction != last { hits.insert(interaction) }  // an interaction's hits come together
                last = interaction
            }
            return hits
        }
    }

    /// Streams the ids matching the other filters in the query's order and keeps those among `hits` until the page
    /// is full; then reads the page's rows. (SQLite would rebuild an `IN (SELECT ...)` list inside a correlated
    /// EXISTS for every row.) Sorting on the interaction's own columns, the id stream often comes from an index alone
    /// (an agent's interactions: `interactions_by_agent`), so no table row is read before the page's own.
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
            s.bind(values)
            var matched = 0
            while matched < wanted, try s.step() {
                let candidate = s.int64(0)
                guard hits.contains(candidate) else { continue }
                matched += 1
                if matched > max(0, q.offset) { page.append(candidate) }
            }
        }
        return try readPage(page, limit: limit, c)
    }

    /// The rows of `ids`, in that order, as a page (more follow when there is one id beyond `limit`).
    static func readPage(_ ids: [Int64], limit: Int, _ c: SQLiteConnection) throws(StoreError) -> RecordingPage {
        let row = "SELECT \(rowColumns) FROM interactions i CROSS JOIN campaigns c ON c.id = i.campaign_id "
            + "LEFT JOIN users u ON u.id = i.agent_id WHERE i.id = ?"
        var rows: [RecordingRow] = []
        try c.with(row) { s throws(StoreError) in
            for id in ids {
                s.bind(1, id)
                if try s.step() { rows.append(readRow(s)) }
                s.reset()
            }
        }
        let more = rows.count > limit
        if more { rows.removeLast() }
        return RecordingPage(rows: rows, hasMore: more)
    }

    /// Whether a query is answered by walking its full-text hits newest first: date order, and no agent or number
    /// filter (those are selective enough for their own index, and then the hits are collected into a set).
    static func walksTextHits(_ q: RecordingQuery) -> Bool {
        q.sort == .date && q.descending && q.agentID == nil && (q.heyNowNumber ?? "").isEmpty && q.text.flatMap(ftsQuery) != nil
    }

    /// The full-text rowids of the interactions in the query's dates: from the first interaction enqueued at or
    /// after the start date to the last one enqueued at or before the final date (ids follow enqueue times). Nil
    /// when no interaction is in the dates.
    static func textRowids(_ q: RecordingQuery, _ c: SQLiteConnection) throws(StoreError) -> ClosedRange<Int64>? {
        var lowest: Int64 = 0, highest = Int64.max
        if let start = q.startDate {
            guard let first = try c.scalar("SELECT id FROM interactions WHERE enqueued_at >= ? ORDER BY enqueued_at, id LIMIT 1",
                                           [.integer(start.milliseconds)]) else { return nil }
            lowest = MessageTextRowid.lowest(first)
        }
        if let end = q.finalDate {
            guard let last = try c.scalar(
                "SELECT id FROM interactions WHERE enqueued_at <= ? ORDER BY enqueued_at DESC, id DESC LIMIT 1",
                [.integer(end.milliseconds)]) else { return nil }
            highest = MessageTextRowid.highest(last)
        }
        return lowest <= highest ? lowest...highest : nil
    }

    /// Walks the FTS5 hits newest first (rowid order is interaction order, so date order), checks each new
    /// interaction against the other filters with one primary-key lookup, and stops once `offset + limit + 1`
    /// passed. The cost follows the page, not the number of hits.
    static func searchByTextHits(_ q: RecordingQuery, match: String, rowids: ClosedRange<Int64>, _ c: SQLiteConnection)
        throws(StoreError) -> RecordingPage {
        let limit = max(1, q.limit), wanted = max(0, q.offset) + limit + 1
        let (clause, values) = whereClause(q, text: nil)
        let check = "SELECT 1 FROM interactions i \(clause.isEmpty ? "WHERE" : clause + " AND") i.id = ?"
        let hits = """
            SELECT rowid >> 32 FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC
            """
        var page: [Int64] = []
        try c.with(check) { checker throws(StoreError) in
            try c.with(hits) { walker throws(StoreError) in
                walker.bind(1, match)
                walker.bind(2, rowids.lowerBound)
                walker.bind(3, rowids.upperBound)
                var matched = 0, last: Int64 = -1
                while matched < wanted, try walker.step() {
                    let interaction = walker.int64(0)
                    guard interaction != last else { continue }  // an interaction's hits come together
                    last = interaction
                    checker.bind(values + [.integer(interaction)])
                    defer { checker.reset() }
                    guard try checker.step() else { continue }
                    matched += 1
                    if matched > max(0, q.offset) { page.append(interaction) }
                }
            }
        }
        return try readPage(page, limit: limit, c)
    }

    /// How many recordings match the query's filters (slower than a page on broad filters: it counts them all).
    public func countRecordings(_ query: RecordingQuery) async throws(StoreError) -> Int {
        let (clause, values) = Self.whereClause(query, text: .hitSet(0...Int64.max))
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
        let (sql, values) = Self.selectSQL(query, paged: false, text: .hitSet(0...Int64.max))
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
