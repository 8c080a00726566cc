import SwitchboardDomain

/// A campaign's configuration, with METRICS.md's defaults.
public struct CampaignSettings: Sendable, Equatable {
    /// The campaign's name (unique).
    public var name: String
    /// The provider account it receives on.
    public var providerID: ProviderID
    /// The provider's WhatsApp number this campaign answers.
    public var number: String
    /// Most interactions an agent may hold (all campaigns together) to take from this one.
    public var maxInteractionsPerAgent: Int
    /// Alert levels.
    public var thresholds: CampaignThresholds
    /// Whether the campaign accepts conversations.
    public var enabled: Bool
    /// IANA time zone name for "today" (default UTC).
    public var timeZone: String
    /// T of the service level, in seconds (default 60).
    public var serviceLevelSeconds: Int
    /// Service-level target in percent (default 80).
    public var serviceLevelTargetPercent: Int
    /// Abandons within this many seconds are "short" (default 10).
    public var shortAbandonSeconds: Int
    /// After this many seconds in the queue an interaction is abandoned (default 600).
    public var maxQueueSeconds: Int
    /// Whether interactions are reserved for the longest-idle agent (default off).
    public var autoAssign: Bool
    /// How long an auto-assign offer waits for the agent's accept before the interaction goes back to the queue
    /// (default 30 s).
    public var reservationSeconds: Int = 30
    /// The outcomes an agent may pick when closing, in order (none by default: free text only).
    public var dispositions: [String] = []

    /// Settings with the defaults of METRICS.md for whatever is not given.
    public init(
        name: String, providerID: ProviderID, number: String, maxInteractionsPerAgent: Int = 3,
        thresholds: CampaignThresholds = CampaignThresholds(), enabled: Bool = true, timeZone: String = "UTC",
        serviceLevelSeconds: Int = 60, serviceLevelTargetPercent: Int = 80, shortAbandonSeconds: Int = 10,
        maxQueueSeconds: Int = 600, autoAssign: Bool = false
    ) {
        self.name = name
        self.providerID = providerID
        self.number = number
        self.maxInteractionsPerAgent = maxInteractionsPerAgent
        self.thresholds = thresholds
        self.enabled = enabled
        self.timeZone = timeZone
        self.serviceLevelSeconds = serviceLevelSeconds
        self.serviceLevelTargetPercent = serviceLevelTargetPercent
        self.shortAbandonSeconds = shortAbandonSeconds
        self.maxQueueSeconds = maxQueueSeconds
        self.autoAssign = autoAssign
    }

    /// The first problem with these settings, nil when they are acceptable. The time zone is checked for shape
    /// (an IANA name such as "America/Montevideo"); the server checks it against the zone database.
    public var problem: String? {
        if name.isEmpty { return "campaign name is empty" }
        if number.isEmpty { return "campaign number is empty" }
        if maxInteractionsPerAgent < 1 { return "maximum interactions per agent must be at least 1" }
        if serviceLevelSeconds < 0 || shortAbandonSeconds < 0 || maxQueueSeconds < 1 { return "negative seconds" }
        if reservationSeconds < 1 { return "reservation time must be at least 1 second" }
        if !(0...100).contains(serviceLevelTargetPercent) { return "service-level target must be 0...100" }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_/+-")
        if timeZone.isEmpty || timeZone.hasPrefix("/") || timeZone.contains("..") || !timeZone.allSatisfy(allowed.contains) {
            return "time zone must be an IANA name"
        }
        return nil
    }
}
