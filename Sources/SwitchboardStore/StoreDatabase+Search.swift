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

    /// The WHERE clause and its values for a query's filters.
    static func whereClause(_ q: RecordingQuery, includeText: Bool = true, textIDs: ClosedRange<Int64>? = nil)
        -> (String, [SQLiteValue]) {
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
        if includeText, let text = q.text, let match = ftsQuery(text) {
            // A hit's rowid is a message id; its interaction is rowid >> 20 (no lookup in messages).
            // With dates, only hits inside the dates' id range are collected (ids follow enqueue order).
            let range = textIDs.map { _ in " AND rowid BETWEEN ? AND ?" } ?? ""
            terms.append("i.id IN (SELECT rowid >> \(MessageID.sequenceBits) FROM messages_fts WHERE messages_fts MATCH ?\(range))")
            values.append(.text(match))
            if let textIDs {
                values += [.integer(textIDs.lowerBound << MessageID.sequenceBits),
                           .integer(textIDs.upperBound << MessageID.sequenceBits | MessageID.maxSequence)]
            }
        }
        return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), values)
    }

    private static let rowColumns = """
        i.id, i.enqueued_at, i.heynow_number, i.campaign_id, c.name, i.agent_id, u.display_name, i.direction, i.state,
        i.duration_ms, i.message_count, i.subject
        """

    static func selectSQL(_ q: RecordingQuery, paged: Bool, textIDs: ClosedRange<Int64>? = nil) -> (String, [SQLiteValue]) {
        if paged, q.sort == .date, let split = splitSQL(q, textIDs: textIDs) { return split }
        let (clause, values) = whereClause(q, textIDs: textIDs)
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

    /// A date-ordered page over several campaigns (or several states): SQLite cannot merge several ranges of one
    /// index in order, so it would sort every matching row. Instead each value gets its own branch that walks its
    /// index range in date order and stops after `offset + limit + 1` rows; the page is the top of their union.
    static func splitSQL(_ q: RecordingQuery, textIDs: ClosedRange<Int64>?) -> (String, [SQLiteValue])? {
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
            let (clause, branchValues) = whereClause(branch, textIDs: textIDs)
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
            if Self.walksTextHits(query) { return try Self.searchByTextHits(query, c) }
            var textIDs: ClosedRange<Int64>?
            if query.text.flatMap(Self.ftsQuery) != nil, query.startDate != nil || query.finalDate != nil {
                guard let range = try Self.idRange(query, c) else { return RecordingPage(rows: [], hasMore: false) }
                textIDs = range
            }
            let (sql, values) = Self.selectSQL(query, paged: true, textIDs: textIDs)
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

    /// Whether a query is answered by walking its full-text hits newest (or oldest) first: date order, and no
    /// agent or number filter (those are selective enough for their own index, checked against the hit set).
    static func walksTextHits(_ q: RecordingQuery) -> Bool {
        q.sort == .date && q.agentID == nil && (q.heyNowNumber ?? "").isEmpty && q.text.flatMap(ftsQuery) != nil
    }

    /// The first and last interaction ids enqueued within the query's dates (ids follow enqueue order, see
    /// `insertInteraction`); nil when none is.
    static func idRange(_ q: RecordingQuery, _ c: SQLiteConnection) throws(StoreError) -> ClosedRange<Int64>? {
        var low: Int64 = 0, high = Int64.max >> MessageID.sequenceBits
        if let start = q.startDate {
            guard let id = try c.scalar("SELECT id FROM interactions WHERE enqueued_at >= ? ORDER BY enqueued_at, id LIMIT 1",
                                        [.integer(start.milliseconds)]) else { return nil }
            low = id
        }
        if let end = q.finalDate {
            guard let id = try c.scalar("SELECT id FROM interactions WHERE enqueued_at <= ? ORDER BY enqueued_at DESC, id DESC LIMIT 1",
                                        [.integer(end.milliseconds)]) else { return nil }
            high = id
        }
        return low <= high ? low...high : nil
    }

    /// Walks the FTS5 hits in rowid order (interaction, then message: date order), checks each new interaction
    /// against the other filters with one primary-key lookup, and stops once the page is full: the cost follows
    /// the page, not the number of hits.
    static func searchByTextHits(_ q: RecordingQuery, _ c: SQLiteConnection) throws(StoreError) -> RecordingPage {
        let limit = max(1, q.limit), wanted = max(0, q.offset) + limit + 1
        guard let match = q.text.flatMap(ftsQuery), let ids = try idRange(q, c) else { return RecordingPage(rows: [], hasMore: false) }
        let (clause, values) = whereClause(q, includeText: false)
        let check = """
            SELECT \(rowColumns) FROM interactions i CROSS JOIN campaigns c ON c.id = i.campaign_id
            LEFT JOIN users u ON u.id = i.agent_id \(clause.isEmpty ? "WHERE" : clause + " AND") i.id = ?
            """
        let order = q.descending ? "DESC" : "ASC"
        let hits = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid \(order)"
        return try c.withUncached(check) { checker throws(StoreError) in
            try c.withUncached(hits) { walker throws(StoreError) in
                walker.bind(1, match)
                walker.bind(2, ids.lowerBound << MessageID.sequenceBits)
                walker.bind(3, ids.upperBound << MessageID.sequenceBits | MessageID.maxSequence)
                var rows: [RecordingRow] = [], matched = 0, last: Int64 = -1
                while matched < wanted, try walker.step() {
                    let interaction = walker.int64(0) >> MessageID.sequenceBits
                    if interaction == last { continue }
                    last = interaction
                    checker.bind(values + [.integer(interaction)])
                    defer { checker.reset() }
                    guard try checker.step() else { continue }
                    matched += 1
                    if matched > max(0, q.offset) { rows.append(readRow(checker)) }
                }
                let more = rows.count > limit
                if more { rows.removeLast() }
                return RecordingPage(rows: rows, hasMore: more)
            }
        }
    }

    /// How many recordings match the query's filters (slower than a page on broad filters: it counts them all).
    public func countRecordings(_ query: RecordingQuery) async throws(StoreError) -> Int {
        let (clause, values) = Self.whereClause(query)
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
        let (sql, values) = Self.selectSQL(query, paged: false)
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
