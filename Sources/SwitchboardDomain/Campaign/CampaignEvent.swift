/// One event for `CampaignActor.apply(_:)` (a batch applies many in one actor call: the hot path of the benchmark)
/// or `CampaignActor.replay(_:at:)` (the start-up rebuild, one recorded event at its instant).
public enum CampaignEvent: Sendable, Equatable {
    /// A new interaction enters the queue.
    case enqueue(InteractionID, customer: String)
    /// An agent starts an outgoing conversation (active at once, never queued).
    case startOutgoing(InteractionID, customer: String, agent: AgentID)
    /// An agent takes an interaction.
    case take(InteractionID, agent: AgentID)
    /// The customer wrote.
    case customerMessage(InteractionID, text: String, messageID: Int64? = nil, media: LineMedia? = nil)
    /// The agent wrote.
    case agentMessage(InteractionID, agent: AgentID, text: String)
    /// The agent's draft changed.
    case typing(InteractionID, agent: AgentID, draft: String)
    /// The agent closed it.
    case close(InteractionID, agent: AgentID)
    /// The customer left.
    case customerGone(InteractionID)
    /// Back to the head of the queue (its agent was disconnected).
    case requeue(InteractionID)
}
