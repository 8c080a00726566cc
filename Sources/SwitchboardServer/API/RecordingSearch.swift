import SwitchboardDomain
import SwitchboardStore

/// The query string of `GET /api/recordings` and `/api/recordings.csv`, checked and turned into the store's
/// query, with a supervisor's scope applied.
struct RecordingSearch {
    /// The store's query (offset and limit from the page).
    var query: RecordingQuery
    /// The page asked for (from 1).
    var page: Int
    /// Rows per page (1...200).
    var pageSize: Int

    /// The most rows one page may hold.
    static let maxPageSize = 200

    /// Reads the parameters.
    /// - Throws: 422 naming every bad parameter; 403 when a supervisor names a campaign outside its scope.
    init(_ parameters: [String: String], user: UserRecord) throws(APIError) {
        var check = APIValidator()
        var query = RecordingQuery()
        if let from = parameters["from"], !from.isEmpty {
            query.startDate = APITimestamp.parse(from)
            if query.startDate == nil { check.fail("from", "must be an ISO 8601 date or date-time, or epoch milliseconds") }
        }
        if let to = parameters["to"], !to.isEmpty {
            query.finalDate = APITimestamp.parse(to, endOfDay: true)
            if query.finalDate == nil { check.fail("to", "must be an ISO 8601 date or date-time, or epoch milliseconds") }
        }
        if let start = query.startDate, let end = query.finalDate, end < start { check.fail("to", "must not be before from") }
        query.heyNowNumber = Self.text(parameters["number"], "number", 40, &check)
        query.subject = Self.text(parameters["subject"], "subject", 200, &check)
        query.text = Self.text(parameters["q"], "q", 200, &check)
        var campaigns: [CampaignID]?
        if let list = parameters["campaign"], !list.isEmpty {
            campaigns = Self.ids(list).map { $0.map(CampaignID.init) }
            if campaigns == nil { check.fail("campaign", "must be campaign ids separated by commas") }
        }
        if let agent = parameters["agent"], !agent.isEmpty {
            if let id = Int64(agent), id > 0 { query.agentID = AgentID(id) } else { check.fail("agent", "must be a user id") }
        }
        if let states = parameters["state"], !states.isEmpty {
            query.states = states.split(separator: ",").compactMap { InteractionState(rawValue: String($0)) }
            if query.states?.count != states.split(separator: ",", omittingEmptySubsequences: false).count {
                check.fail("state", "must be states separated by commas: queued, reserved, active, closed, abandoned")
            }
        }
        if let address = parameters["address"], !address.isEmpty {
            query.direction = InteractionDirection(rawValue: address)
            if query.direction == nil { check.fail("address", "must be incoming or outgoing") }
        }
        if let sort = parameters["sort"], !sort.isEmpty {
            if let column = RecordingSort(rawValue: sort) {
                query.sort = column
            } else {
                check.fail("sort", "must be one of \(RecordingSort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let order = parameters["order"], !order.isEmpty {
            if order == "asc" || order == "desc" { query.descending = order == "desc" } else { check.fail("order", "must be asc or desc") }
        }
        let page = Self.integer(parameters["page"], "page", 1...1_000_000, default: 1, &check)
        let pageSize = Self.integer(parameters["pageSize"], "pageSize", 1...Self.maxPageSize, default: 50, &check)
        try check.finish()
        if user.role != .admin {
            let scope = Set(user.supervisorScopes)
            if let asked = campaigns, !asked.allSatisfy(scope.contains) {
                throw APIError(status: .forbidden, code: "forbidden", message: "Some of those campaigns are not in your scope.")
            }
            campaigns = campaigns ?? user.supervisorScopes
        }
        query.campaignIDs = campaigns
        query.offset = (page - 1) * pageSize
        query.limit = pageSize
        self.query = query
        self.page = page
        self.pageSize = pageSize
    }

    private static func text(_ value: String?, _ field: String, _ maxLength: Int, _ check: inout APIValidator) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return check.check(value, field, maxLength: maxLength)
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

    /// Positive ids separated by commas (at most 100), nil when any is not one.
    private static func ids(_ list: String) -> [Int64]? {
        let parts = list.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 100 else { return nil }
        let ids = parts.compactMap { Int64($0).flatMap { $0 > 0 ? $0 : nil } }
        return ids.count == parts.count ? ids : nil
    }
}
