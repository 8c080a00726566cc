/// An agent's state (DESIGN.md): `busy` is derived — logged in, not paused, and at the maximum of every campaign.
public enum AgentStatus: Sendable, Equatable {
    /// Not logged in (or disconnected by a supervisor).
    case offline
    /// Can take from at least one of its campaigns.
    case available
    /// Can take from none of its campaigns.
    case busy
    /// Takes nothing new; its active interactions go on.
    case paused(reason: String, since: Timestamp)

    /// The wire name.
    public var name: String {
        switch self {
        case .offline: "offline"
        case .available: "available"
        case .busy: "busy"
        case .paused: "paused"
        }
    }
}
