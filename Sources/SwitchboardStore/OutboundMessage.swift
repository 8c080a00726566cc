import SwitchboardDomain

/// An agent's message queued for its provider (a row of `outbound`): what a sender needs to send it.
public struct OutboundMessage: Sendable, Equatable {
    /// The recorded message.
    public var id: MessageID
    /// Its interaction.
    public var interaction: InteractionID
    /// Its position in the interaction (the live transcript line's index).
    public var lineIndex: Int
    /// The provider account that sends it (the campaign's).
    public var provider: ProviderID
    /// The agent who wrote it.
    public var agent: AgentID?
    /// The campaign's WhatsApp number (the sender).
    public var from: String
    /// The customer's WhatsApp number.
    public var to: String
    /// The text (for a template, its body filled in: what the transcript shows).
    public var body: String
    /// The template it sends instead of free text, if any.
    public var template: TemplateSend? = nil
    /// Sent with every attempt, so the provider recognises a repeat (also one after a restart).
    public var idempotencyKey: String
    /// Attempts made so far.
    public var attempts: Int
    /// When it was queued.
    public var queuedAt: Timestamp
}
