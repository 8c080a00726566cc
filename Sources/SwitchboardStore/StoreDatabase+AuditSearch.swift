import SwitchboardDomain

// MARK: - The administrators' audit search

extension StoreDatabase {
    /// The columns every audit read selects, in `auditEntry(_:)`'s order.
    static let auditColumns = "id, at, actor_id, action, target, detail, actor_role, address, user_agent"

    /// One page of the audit log matching `query`, newest first.
    public func searchAudit(_ query: AuditQuery) async throws(StoreError) -> [AuditEntry] {
        let (condition, values) = query.condition
        return try await read { c throws(StoreError) in
            try c.with("SELECT \(Self.auditColumns) FROM audit_log WHERE \(condition) ORDER BY at DESC, id DESC LIMIT ? OFFSET ?") {
                s throws(StoreError) in
                s.bind(values)
                s.bind(Int32(values.count + 1), query.limit)
                s.bind(Int32(values.count + 2), query.offset)
                var result: [AuditEntry] = []
                while try s.step() { result.append(Self.auditEntry(s)) }
                return result
            }
        }
    }

    /// How many entries match `query` (its page ignored).
    public func countAudit(_ query: AuditQuery) async throws(StoreError) -> Int {
        let (condition, values) = query.condition
        return try await read { c throws(StoreError) in
            try c.with("SELECT count(*) FROM audit_log WHERE \(condition)") { s throws(StoreError) in
                s.bind(values)
                _ = try s.step()
                return Int(s.int64(0))
            }
        }
    }

    /// Deletes the entries older than `cutoff` (the retention: the only way a line leaves the log). Returns how many.
    @discardableResult
    public func deleteAudit(before cutoff: Timestamp) async throws(StoreError) -> Int {
        try await write { c throws(StoreError) in
            try c.run("DELETE FROM audit_log WHERE at < ?", [.integer(cutoff.milliseconds)])
            return c.changes
        }
    }

    /// The entry on the statement's current row (`auditColumns`).
    static func auditEntry(_ s: SQLiteStatement) -> AuditEntry {
        AuditEntry(id: s.int64(0), at: Timestamp(milliseconds: s.int64(1)), actorID: s.optionalInt64(2).map(UserID.init),
                   action: s.text(3), target: s.optionalText(4), detail: s.optionalText(5), actorRole: s.optionalText(6),
                   address: s.optionalText(7), userAgent: s.optionalText(8))
    }
}
