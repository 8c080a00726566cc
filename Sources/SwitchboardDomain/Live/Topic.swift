/// A live-update topic: what a WebSocket client subscribes to (DESIGN.md, "Live updates").
public enum Topic: Hashable, Sendable, CustomStringConvertible {
    /// Every campaign's figures and alerts (the server filters by the supervisor's scope when encoding).
    case wallboard
    /// One campaign: its waiting list and figures.
    case campaign(CampaignID)
    /// One agent: state, since when, load.
    case agent(AgentID)
    /// One interaction: transcript and typing (spy).
    case interaction(InteractionID)
    /// One agent's workspace while a supervisor monitors it.
    case screen(AgentID)
    /// What an agent sees of its own interactions.
    case inbox(AgentID)
    /// Supervisor ↔ agent chat.
    case chat(AgentID)

    /// The wire name, e.g. `campaign:12`.
    public var description: String {
        switch self {
        case .wallboard: "wallboard"
        case .campaign(let id): "campaign:\(id.rawValue)"
        case .agent(let id): "agent:\(id.rawValue)"
        case .interaction(let id): "interaction:\(id.rawValue)"
        case .screen(let id): "screen:\(id.rawValue)"
        case .inbox(let id): "inbox:\(id.rawValue)"
        case .chat(let id): "chat:\(id.rawValue)"
        }
    }

    /// Parses a wire name (`inbox:7`); nil for anything else.
    /// - Parameter text: the topic as a client sent it.
    public init?(_ text: String) {
        if text == "wallboard" { self = .wallboard; return }
        guard let colon = text.firstIndex(of: ":"), let raw = Int64(text[text.index(after: colon)...]), raw > 0 else { return nil }
        switch text[..<colon] {
        case "campaign": self = .campaign(CampaignID(raw))
        case "agent": self = .agent(AgentID(raw))
        case "interaction": self = .interaction(InteractionID(raw))
        case "screen": self = .screen(AgentID(raw))
        case "inbox": self = .inbox(AgentID(raw))
        case "chat": self = .chat(AgentID(raw))
        default: return nil
        }
    }

    /// A cheap shard key for the hub's locks (ids spread topics; the case spreads equal ids).
    var shardKey: Int {
        switch self {
        case .wallboard: 0
        case .campaign(let id): Int(truncatingIfNeeded: id.rawValue &* 7 &+ 1)
        case .agent(let id): Int(truncatingIfNeeded: id.rawValue &* 7 &+ 2)
        case .interaction(let id): Int(truncatingIfNeeded: id.rawValue &* 7 &+ 3)
        case .screen(let id): Int(truncatingIfNeeded: id.rawValue &* 7 &+ 4)
        case .inbox(let id): Int(truncatingIfNeeded: id.rawValue &* 7 &+ 5)
        case .chat(let id): Int(truncatingIfNeeded: id.rawValue &* 7 &+ 6)
        }
    }
}
