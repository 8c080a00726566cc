import SwitchboardDomain

/// What the media proxy needs of one message: where it belongs (for the scope check), which provider holds its
/// media, and its structured content (media id, URL, type, file name).
public struct MessageMedia: Sendable, Equatable {
    public let message: MessageID
    public let interaction: InteractionID
    public let campaign: CampaignID
    /// The provider the message came through (its credentials fetch the media).
    public let provider: ProviderID?
    /// The message's content JSON (`InboundContent`), nil for plain text.
    public let content: String?

    public init(message: MessageID, interaction: InteractionID, campaign: CampaignID, provider: ProviderID?, content: String?) {
        self.message = message
        self.interaction = interaction
        self.campaign = campaign
        self.provider = provider
        self.content = content
    }
}
