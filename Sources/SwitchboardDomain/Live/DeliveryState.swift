/// Where an agent's message is on its way to the customer: `pending → sent → delivered → read`, or `failed`.
///
/// Providers report states out of order (a `read` callback may overtake `delivered`, a late `sent` may follow both):
/// a state only ever moves forward, so the newest news wins and an old one changes nothing.
public enum DeliveryState: String, Sendable, Equatable, CaseIterable {
    /// Queued in the store, not yet acknowledged by the provider.
    case pending
    /// The provider accepted it.
    case sent
    /// It reached the customer's phone.
    case delivered
    /// The customer opened it.
    case read
    /// The provider refused it, or gave up on it (with a reason).
    case failed

    /// Whether `next` is news after `self`: later on the path, or a failure of a message not yet delivered. A failed
    /// message stays failed; a delivered or read one cannot fail any more (a late failure is out of order).
    /// - Parameter next: the state reported.
    /// - Returns: true when the message should move to `next`.
    public func advances(to next: DeliveryState) -> Bool {
        switch (self, next) {
        case (.failed, _): return false
        case (.pending, .failed), (.sent, .failed): return true
        case (_, .failed): return false
        default: return next.pathPosition > pathPosition
        }
    }

    /// The state's place on the path (pending 0 … read 3, failed last): applying news in this order is applying it in
    /// the order it happened.
    public var pathPosition: Int {
        switch self {
        case .pending: return 0
        case .sent: return 1
        case .delivered: return 2
        case .read: return 3
        case .failed: return 4
        }
    }
}

/// A message's delivery state changed: what the inbox and a spying supervisor are told.
public struct DeliveryUpdate: Sendable, Equatable {
    /// The interaction.
    public let interaction: InteractionID
    /// Its campaign.
    public let campaign: CampaignID
    /// The message's position in the interaction (the transcript line's `index`).
    public let index: Int
    /// The agent who wrote it (whose inbox hears of it).
    public let agent: AgentID?
    /// The new state.
    public let state: DeliveryState
    /// The provider's reason, for `failed`.
    public let reason: String?
    /// When it changed.
    public let at: Timestamp

    /// Creates a value.
    public init(interaction: InteractionID, campaign: CampaignID, index: Int, agent: AgentID?, state: DeliveryState, reason: String?,
                at: Timestamp) {
        self.interaction = interaction
        self.campaign = campaign
        self.index = index
        self.agent = agent
        self.state = state
        self.reason = reason
        self.at = at
    }
}
