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
    /// The text.
    public var body: String

    /// An inbound message.
    public init(campaignID: CampaignID, providerID: ProviderID, providerMessageID: String, heyNowNumber: String, at: Timestamp,
                body: String) {
        self.campaignID = campaignID
        self.providerID = providerID
        self.providerMessageID = providerMessageID
        self.heyNowNumber = heyNowNumber
        self.at = at
        self.body = body
    }
}
