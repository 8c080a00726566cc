import SwitchboardDomain

/// A customer's message as a webhook delivered it, before Switchboard acknowledges it to the provider.
public struct InboundMessage: Sendable, Equatable {
    /// The campaign the provider number maps to.
    public var campaignID: CampaignID
    /// The provider that delivered it.
    public var providerID: ProviderID
    /// The provider's message id (the deduplication key with `providerID`).
    public var providerMessageID: String
    /// The customer's WhatsApp number (the recordings' "HeyNow number").
    public var heyNowNumber: String
    /// When the provider says it was sent (or when it arrived).
    public var at: Timestamp
    /// The readable text (for media: the caption, the file name, "📍 name (lat, lon)", …).
    public var body: String
    /// The provider's structured fields as a JSON object, nil for plain text.
    public var content: String?
    /// A handed-over conversation's earlier part (the provider's chatbot and what the customer wrote to it), recorded
    /// before this message when it opens the interaction.
    public var history: [HistoryLine]
    /// The campaign is disabled: a new interaction is recorded closed (`refusedDisposition`) instead of queued.
    public var refused: Bool

    /// The disposition of an interaction a disabled campaign refused.
    public static let refusedDisposition = "refused"

    /// One line of the part before handover.
    public struct HistoryLine: Sendable, Equatable {
        /// `customer`, or `system` for the chatbot (its `content` says `"author":"bot"`).
        public var sender: MessageSender
        public var at: Timestamp
        public var body: String
        public var content: String?

        public init(sender: MessageSender, at: Timestamp, body: String, content: String? = nil) {
            self.sender = sender
            self.at = at
            self.body = body
            self.content = content
        }
    }

    /// An inbound message.
    public init(campaignID: CampaignID, providerID: ProviderID, providerMessageID: String, heyNowNumber: String, at: Timestamp,
                body: String, content: String? = nil, history: [HistoryLine] = [], refused: Bool = false) {
        self.campaignID = campaignID
        self.providerID = providerID
        self.providerMessageID = providerMessageID
        self.heyNowNumber = heyNowNumber
        self.at = at
        self.body = body
        self.content = content
        self.history = history
        self.refused = refused
    }
}
