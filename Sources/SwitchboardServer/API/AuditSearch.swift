import SwitchboardDomain
import SwitchboardStore

/// The query string of `GET /api/audit` and `/api/audit.csv`, checked and turned into the store's query, with a
/// supervisor's scope applied (only the entries naming an agent of its campaigns).
struct AuditSearch {
    /// The store's query (offset and limit from the page).
    var query: AuditQuery
    /// The page asked for (from 1).
    var page: Int
    /// Rows per page (1...200).
    var pageSize: Int

    /// The most rows one page may hold.
    static let maxPageSize = 200

    /// Reads the parameters; `scopeAgents` are the agents of a supervisor's campaigns (unused for an admin).
    /// - Throws: 422 naming every bad parameter.
    init(_ parameters: [String: String], user: UserRecord, scopeAgents: () async throws(APIError) -> [AgentID]) async throws(APIError) {
        var check = APIValidator()
        var query = AuditQuery()
        if let from = parameters["from"], !from.isEmpty {
            query.since = APITimestamp.parse(from)
            if query.since == nil { check.fail("from", "must be an ISO 8601 date or date-time, or epoch milliseconds") }
        }
        if let to = parameters["to"], !to.isEmpty {
            // The query's bound is exclusive; a bare date includes its whole day.
            query.until = APITimestamp.parse(to, endOfDay: true).map { Timestamp(milliseconds: $0.milliseconds + 1) }
            if query.until == nil { check.fail("to", "must be an ISO 8601 date or date-time, or epoch milliseconds") }
        }
        if let since = query.since, let until = query.until, until <= since { check.fail("to", "must not be before from") }
        if let user = parameters["user"], !user.isEmpty {
            if let id = Int64(user), id > 0 { query.actor = UserID(id) } else { check.fail("user", "must be a user id") }
        }
        if let action = parameters["action"], !action.isEmpty {
            query.action = check.check(action, "action", maxLength: 100)
        }
        if let target = parameters["target"], !target.isEmpty {
            query.target = check.check(target, "target", maxLength: 200)
        }
        let page = Self.integer(parameters["page"], "page", 1...1_000_000, default: 1, &check)
        let pageSize = Self.integer(parameters["pageSize"], "pageSize", 1...Self.maxPageSize, default: 50, &check)
        try check.finish()
        if user.role != .admin { query.agents = try await scopeAgents() }
        query.offset = (page - 1) * pageSize
        query.limit = pageSize
        self.query = query
        self.page = page
        self.pageSize = pageSize
    }

    private static func integer(
        _ value: String?, _ field: String, _ range: ClosedRange<Int>, default fallback: Int, _ check: inout APIValidator
    ) -> Int {
        guard let value, !value.isEmpty else { return fallback }
        guard let number = Int(value), range.contains(number) else {
            check.fail(field, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        return number
    }
}
