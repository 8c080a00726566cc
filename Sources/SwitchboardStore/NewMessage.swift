import SwitchboardDomain

/// A message to append to a known interaction (an agent's reply, a system notice, or a customer message the
/// server already routed).
public struct NewMessage: Sendable, Equatable {
    /// The interaction it belongs to.
    public var interactionID: InteractionID
    /// Who wrote it.
    public var sender: MessageSender
    /// The agent, for agent messages.
    public var agentID: AgentID?
    /// The provider and its message id, when known (deduplicated like inbound messages).
    public var providerID: ProviderID?
    /// The provider's message id.
    public var providerMessageID: String?
    /// When it was written.
    public var at: Timestamp
    /// The text.
    public var body: String

    /// A message to append.
    public init(interactionID: InteractionID, sender: MessageSender, agentID: AgentID? = nil, providerID: ProviderID? = nil,
                providerMessageID: String? = nil, at: Timestamp, body: String) {
        self.interactionID = interactionID
        self.sender = sender
        self.agentID = agentID
        self.providerID = providerID
        self.providerMessageID = providerMessageID
        self.at = at
        self.body = body
    }
}
