import SwitchboardDomain

/// The audit search's filters and page: every filter optional, all given ones must hold; newest first.
public struct AuditQuery: Sendable, Equatable {
    /// At or after this instant.
    public var since: Timestamp?
    /// Before this instant.
    public var until: Timestamp?
    /// Only this actor's actions.
    public var actor: UserID?
    /// Only this action (`login.failure`), or every action under a prefix ending in a dot (`agent.`).
    public var action: String?
    /// Only entries whose target is this one (`agent:12`) or starts with it and a space (`agent:12 interaction:5`).
    public var target: String?
    /// Only entries whose target names one of these agents (a supervisor's scope); nil for all, empty for none.
    public var agents: [AgentID]?
    /// Rows to skip (paging).
    public var offset: Int
    /// Rows per page.
    public var limit: Int

    /// A query; with no argument, the newest 50 entries.
    public init(since: Timestamp? = nil, until: Timestamp? = nil, actor: UserID? = nil, action: String? = nil, target: String? = nil,
                agents: [AgentID]? = nil, offset: Int = 0, limit: Int = 50) {
        self.since = since
        self.until = until
        self.actor = actor
        self.action = action
        self.target = target
        self.agents = agents
        self.offset = offset
        self.limit = limit
    }

    /// The WHERE clause and its values.
    var condition: (sql: String, values: [SQLiteValue]) {
        var terms = ["at >= ?", "at < ?"]
        var values: [SQLiteValue] = [.integer(since?.milliseconds ?? Int64.min), .integer(until?.milliseconds ?? Int64.max)]
        if let actor {
            terms.append("actor_id = ?")
            values.append(.integer(actor.rawValue))
        }
        if let action {
            if action.hasSuffix(".") {
                terms.append("substr(action, 1, ?) = ?")
                values += [.integer(Int64(action.utf8.count)), .text(action)]
            } else {
                terms.append("action = ?")
                values.append(.text(action))
            }
        }
        if let target {
            terms.append("(target = ? OR substr(target, 1, ?) = ?)")
            values += [.text(target), .integer(Int64(target.utf8.count + 1)), .text(target + " ")]
        }
        if let agents {
            if agents.isEmpty {
                terms.append("0")
            } else {
                // The supervisor's agents: a target naming `agent:<id>` alone or followed by more (`interaction:5`).
                let each = agents.map { _ in "target = ? OR substr(target, 1, ?) = ?" }.joined(separator: " OR ")
                terms.append("(\(each))")
                for agent in agents {
                    let name = "agent:\(agent.rawValue)"
                    values += [.text(name), .integer(Int64(name.utf8.count + 1)), .text(name + " ")]
                }
            }
        }
        return (terms.joined(separator: " AND "), values)
    }
}
