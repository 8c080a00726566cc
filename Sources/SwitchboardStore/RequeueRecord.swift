import SwitchboardDomain

/// A take that a requeue undid (the agent was disconnected): who held the interaction, from when, and when it went
/// back to the queue. The interaction's row keeps only its last take; the rebuild replays these before it.
public struct RequeueRecord: Sendable, Equatable {
    /// The interaction.
    public var interactionID: InteractionID
    /// When it went back to the queue.
    public var at: Timestamp
    /// The agent that held it (nil for a reservation nobody accepted).
    public var agentID: AgentID?
    /// When that agent took it (nil for a reservation).
    public var takenAt: Timestamp?

    /// Creates a value.
    public init(interactionID: InteractionID, at: Timestamp, agentID: AgentID?, takenAt: Timestamp?) {
        self.interactionID = interactionID
        self.at = at
        self.agentID = agentID
        self.takenAt = takenAt
    }
}
