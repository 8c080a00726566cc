/// Everything the wallboard shows of one campaign at one instant (METRICS.md).
public struct CampaignFigures: Sendable, Equatable {
    /// The campaign.
    public var campaign: CampaignID
    /// Its name.
    public var name: String
    /// When computed.
    public var at: Timestamp
    /// Whether it accepts new interactions.
    public var enabled: Bool
    /// Interactions queued now.
    public var waiting: Int
    /// now − enqueuedAt of the oldest waiting one, seconds (0 when none).
    public var longestWait: Double
    /// enqueuedAt of the oldest waiting one (clients tick the longest wait from it).
    public var oldestEnqueuedAt: Timestamp?
    /// Taken and not closed (reserved ones included).
    public var active: Int
    /// Members not offline.
    public var agentsLoggedIn: Int
    /// Logged in, not paused, below this campaign's maximum.
    public var agentsAvailable: Int
    /// Logged in, not paused, at the maximum.
    public var agentsBusy: Int
    /// Paused.
    public var agentsPaused: Int
    /// Σ (maximum − active) over available agents.
    public var freeSlots: Int
    /// Σ active ÷ Σ maximum over logged-in unpaused agents; nil when none.
    public var occupancy: Double?
    /// Today (since the last midnight handed in).
    public var today: IntervalFigures
    /// The rolling window.
    public var window: IntervalFigures
    /// Length of the rolling window, minutes.
    public var windowMinutes: Int
    /// Tile colours.
    public var levels: AlertLevels
}
