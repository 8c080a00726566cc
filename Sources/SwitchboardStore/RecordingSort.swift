/// The column a recording search sorts by (ties broken by interaction id in the same direction).
public enum RecordingSort: String, Sendable, Equatable, CaseIterable {
    /// Enqueue time (the default; first pages are fastest in this order).
    case date
    /// The customer's number.
    case heyNowNumber
    /// The campaign's name.
    case campaign
    /// The agent's display name.
    case agent
    /// Incoming or outgoing.
    case address
    /// The state.
    case state
    /// Duration (enqueue to end).
    case duration
    /// Number of messages.
    case messageCount

    /// The SQL expression sorted on.
    var column: String {
        switch self {
        case .date: return "i.enqueued_at"
        case .heyNowNumber: return "i.heynow_number"
        case .campaign: return "c.name"
        case .agent: return "u.display_name"
        case .address: return "i.direction"
        case .state: return "i.state"
        case .duration: return "i.duration_ms"
        case .messageCount: return "i.message_count"
        }
    }
}
