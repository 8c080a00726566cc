import SwitchboardDomain

/// A line of the supervisor ↔ agent chat.
public struct ChatMessageRecord: Sendable, Equatable {
    /// Its id (increasing).
    public var id: Int64
    /// The agent of the conversation.
    public var agentID: AgentID
    /// The supervisor of the conversation.
    public var supervisorID: UserID
    /// Whether the supervisor wrote it (else the agent).
    public var fromSupervisor: Bool
    /// When it was written.
    public var at: Timestamp
    /// The text.
    public var body: String
}
