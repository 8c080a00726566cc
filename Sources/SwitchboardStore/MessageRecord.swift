import SwitchboardDomain

/// A recorded message (a transcript line).
public struct MessageRecord: Sendable, Equatable {
    /// Its id.
    public var id: MessageID
    /// Who wrote it.
    public var sender: MessageSender
    /// The agent, for agent messages.
    public var agentID: AgentID?
    /// The provider's message id, when known.
    public var providerMessageID: String?
    /// When it was written.
    public var at: Timestamp
    /// The text.
    public var body: String
    /// Delivery state reported by the provider (sent, delivered, read, failed), nil when none yet.
    public var delivery: String?
    /// Why the provider refused it or the sender gave up, when `delivery` is `failed`.
    public var deliveryReason: String? = nil
    /// The provider's structured fields as a JSON object (schema `versionMessageContent`), nil for plain text.
    public var content: String? = nil
}
