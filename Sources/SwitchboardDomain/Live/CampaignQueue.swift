/// One campaign's waiting list in two figures (`LiveHub.queues()`).
public struct CampaignQueue: Sendable, Equatable {
    /// The campaign.
    public var campaign: CampaignID
    /// Interactions waiting.
    public var waiting: Int
    /// When the oldest waiting one entered the queue (nil when none waits).
    public var oldestEnqueuedAt: Timestamp?

    /// The figures.
    public init(campaign: CampaignID, waiting: Int, oldestEnqueuedAt: Timestamp?) {
        self.campaign = campaign
        self.waiting = waiting
        self.oldestEnqueuedAt = oldestEnqueuedAt
    }

    /// How long the oldest has waited at `now`, in seconds (0 when none waits).
    public func longestWait(at now: Timestamp) -> Double {
        guard waiting > 0, let oldest = oldestEnqueuedAt else { return 0 }
        return Double(max(0, oldest.millisecondsUntil(now))) / 1000
    }
}
