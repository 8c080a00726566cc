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
    /// Tile colours (today's figures; longest wait now).
    public var levels: AlertLevels
    /// The three selectable rolling windows (DECISIONS.md: a wallboard subscription names one).
    public var windows = RollingWindowFigures()
    /// Today's closed 15-minute intervals (shared, not copied) and the running one: the trend.
    public var trend: [TrendPoint] = []
    /// The running 15-minute interval (nil before the server handed in a day).
    public var trendNow: TrendPoint?

    /// The figures and colours of the `minutes` window (15, 30 or 60; another length: the campaign's window).
    public func window(minutes: Int) -> (figures: IntervalFigures, levels: AlertLevels) {
        switch minutes {
        case 15: (windows.fifteen, windows.fifteenLevels)
        case 30: (windows.thirty, windows.thirtyLevels)
        case 60: (windows.sixty, windows.sixtyLevels)
        default: (window, levels)
        }
    }
}

/// The 15, 30 and 60 minute windows with their colours (thresholds applied to the window's figures).
public struct RollingWindowFigures: Sendable, Equatable {
    /// The selectable lengths, minutes.
    public static let lengths = [15, 30, 60]
    /// The windows' figures.
    public var fifteen = IntervalFigures.empty, thirty = IntervalFigures.empty, sixty = IntervalFigures.empty
    /// Their colours.
    public var fifteenLevels = AlertLevels(), thirtyLevels = AlertLevels(), sixtyLevels = AlertLevels()

    /// No data.
    public init() {}
}
