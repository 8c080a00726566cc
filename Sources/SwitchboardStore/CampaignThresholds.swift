/// A campaign's alert levels, in seconds (service level in percent); nil means no alert for that level.
public struct CampaignThresholds: Sendable, Equatable {
    /// Longest wait: warning level.
    public var longestWaitWarning: Int?
    /// Longest wait: critical level.
    public var longestWaitCritical: Int?
    /// Average speed of answer: warning level.
    public var asaWarning: Int?
    /// Average speed of answer: critical level.
    public var asaCritical: Int?
    /// Average handle time: warning level.
    public var ahtWarning: Int?
    /// Average handle time: critical level.
    public var ahtCritical: Int?
    /// Mean first response: warning level.
    public var firstResponseWarning: Int?
    /// Mean first response: critical level.
    public var firstResponseCritical: Int?
    /// Service-level floor in percent; nil means the campaign's service-level target.
    public var serviceLevelFloorPercent: Int?

    /// Thresholds; every level defaults to none.
    public init(
        longestWaitWarning: Int? = nil, longestWaitCritical: Int? = nil, asaWarning: Int? = nil, asaCritical: Int? = nil,
        ahtWarning: Int? = nil, ahtCritical: Int? = nil, firstResponseWarning: Int? = nil, firstResponseCritical: Int? = nil,
        serviceLevelFloorPercent: Int? = nil
    ) {
        self.longestWaitWarning = longestWaitWarning
        self.longestWaitCritical = longestWaitCritical
        self.asaWarning = asaWarning
        self.asaCritical = asaCritical
        self.ahtWarning = ahtWarning
        self.ahtCritical = ahtCritical
        self.firstResponseWarning = firstResponseWarning
        self.firstResponseCritical = firstResponseCritical
        self.serviceLevelFloorPercent = serviceLevelFloorPercent
    }
}
