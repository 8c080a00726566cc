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
    static func whereClause(_ q: RecordingQuery) -> (String, [SQLiteValue]) {
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
        if let text = q.text, let match = ftsQuery(text) {
            // A hit's rowid is a message id; its interaction is rowid >> 20 (no lookup in messages).
            terms.append("i.id IN (SELECT rowid >> \(MessageID.sequenceBits) FROM messages_fts WHERE messages_fts MATCH ?)")
            values.append(.text(match))
        }
        return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), values)
    }

    private static let rowColumns = """
        i.id, i.enqueued_at, i.heynow_number, i.campaign_id, c.name, i.agent_id, u.display_name, i.direction, i.state,
        i.duration_ms, i.message_count, i.subject
        """

    static func selectSQL(_ q: RecordingQuery, paged: Bool) -> (String, [SQLiteValue]) {
        let (clause, values) = whereClause(q)
        let direction = q.descending ? "DESC" : "ASC"
        // Sorting on the date alone lets SQLite walk an index in order (an index entry ends with the row id,
        // so equal dates still come in a stable order); other columns add the id as the tie-breaker.
        let order = q.sort == .date ? "i.enqueued_at \(direction)" : "\(q.sort.column) \(direction), i.id \(direction)"
        var sql = """
            SELECT \(rowColumns) FROM interactions i JOIN campaigns c ON c.id = i.campaign_id
            LEFT JOIN users u ON u.id = i.agent_id \(clause)
            ORDER BY \(order)
            """
        if paged { sql += " LIMIT \(max(1, q.limit) + 1) OFFSET \(max(0, q.offset))" }
        return (sql, values)
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
        let (sql, values) = Self.selectSQL(query, paged: true)
        let limit = max(1, query.limit)
        return try await read { c throws(StoreError) in
            try c.with(sql) { s throws(StoreError) in
                s.bind(values)
                var rows: [RecordingRow] = []
                while try s.step() { rows.append(Self.readRow(s)) }
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
