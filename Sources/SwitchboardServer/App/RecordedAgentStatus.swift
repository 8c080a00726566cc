import SwitchboardDomain

/// An agent's status change as the audit log records it (action `agent.status`, detail "available", "busy",
/// "offline" or "paused <reason>"): written by the effect performer, read back by the start-up rebuild.
struct RecordedAgentStatus: Equatable {
    /// The audit action of a status change.
    static let action = "agent.status"

    /// Offline, available (busy included: it is derived from the load) or paused.
    let presence: AgentSlot.Presence
    /// The pause reason ("" unless paused).
    let reason: String

    /// The audit detail of `status`.
    static func detail(_ status: AgentStatus) -> String {
        if case .paused(let reason, _) = status { return "paused " + reason }
        return status.name
    }

    /// A recorded detail read back; nil when it is not one `detail(_:)` writes.
    init?(detail: String) {
        switch detail {
        case "offline": (presence, reason) = (.offline, "")
        case "available", "busy": (presence, reason) = (.available, "")
        default:
            guard detail.hasPrefix("paused ") else { return nil }
            (presence, reason) = (.paused, String(detail.dropFirst("paused ".count)))
        }
    }
}
