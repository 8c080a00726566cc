import SwitchboardDomain

/// A change in an interaction's life, recorded as it happens (the metric timestamps of METRICS.md).
public enum InteractionEvent: Sendable, Equatable {
    /// Auto-assign reserved it for an agent.
    case reserved(agent: AgentID, at: Timestamp)
    /// An agent took it (the first take sets `firstTakenAt`; every take sets `takenAt`).
    case taken(agent: AgentID, at: Timestamp)
    /// Back to the head of its queue (agent disconnected, reservation timed out); `enqueuedAt` is kept.
    case requeued(at: Timestamp)
    /// The agent closed it; `subject` (if given) replaces the automatic one; `disposition` is the outcome it chose.
    case closed(at: Timestamp, subject: String?, disposition: String? = nil)
    /// It left the queue unanswered.
    case abandoned(at: Timestamp)
}
