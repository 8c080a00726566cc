/// The figures of one interval as shown to users (METRICS.md); ratios are nil when their denominator is 0 ("—").
/// Ratios are fractions (0…1); durations are seconds.
public struct IntervalFigures: Sendable, Equatable {
    /// Interactions enqueued.
    public var offered: Int64
    /// Taken (first take only).
    public var answered: Int64
    /// Answered within T.
    public var answeredWithinT: Int64
    /// Left unanswered.
    public var abandoned: Int64
    /// Abandoned within the short-abandon seconds.
    public var shortAbandoned: Int64
    /// Abandoned within T.
    public var abandonedWithinT: Int64
    /// Closed by an agent.
    public var closed: Int64
    /// answered within T ÷ (answered + abandoned − short abandoned).
    public var serviceLevel: Double?
    /// (answered within T + abandoned within T) ÷ offered.
    public var serviceLevelWithAbandoned: Double?
    /// abandoned ÷ offered.
    public var abandonRate: Double?
    /// Average speed of answer.
    public var asa: Double?
    /// Average wait of abandoned ones.
    public var averageAbandonTime: Double?
    /// Longest wait of any interaction in the interval (waiting ones included).
    public var maxWait: Double
    /// Average handling time.
    public var aht: Double?
    /// First response: mean.
    public var firstResponseMean: Double?
    /// First response: median (sketch).
    public var firstResponseMedian: Double?
    /// First response: 90th percentile (sketch).
    public var firstResponseP90: Double?

    /// An interval without data.
    public static let empty = IntervalCounters().figures()
}

