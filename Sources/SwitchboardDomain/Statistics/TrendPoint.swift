/// One 15-minute interval of today's trend (METRICS.md's counters of that interval), as the wallboard draws it.
public struct TrendPoint: Sendable, Equatable {
    /// Length of an interval, milliseconds.
    public static let length: Int64 = 15 * 60_000

    /// When the interval starts (local midnight + k × 15 min).
    public var start: Timestamp
    /// Interactions enqueued in it.
    public var offered: Int64 = 0
    /// Taken for the first time in it.
    public var answered: Int64 = 0
    /// Of those, within T.
    public var answeredWithinT: Int64 = 0
    /// Abandoned in it.
    public var abandoned: Int64 = 0
    /// Of those, short abandons.
    public var shortAbandoned: Int64 = 0

    /// An empty interval starting at `start`.
    public init(start: Timestamp) { self.start = start }

    /// The interval's part of `counters` (the counters of this interval alone).
    public init(start: Timestamp, _ counters: IntervalCounters) {
        self.start = start
        offered = counters.offered
        answered = counters.answered
        answeredWithinT = counters.answeredWithinT
        abandoned = counters.abandoned
        shortAbandoned = counters.shortAbandoned
    }

    /// Service level of the interval (METRICS.md); nil without a denominator.
    public var serviceLevel: Double? {
        let denominator = answered + abandoned - shortAbandoned
        return denominator > 0 ? Double(answeredWithinT) / Double(denominator) : nil
    }
}

/// Today's trend: the closed 15-minute intervals since local midnight and the running one. The closed ones are shared
/// (copy-on-write) with every figures value handed out, and only grow at an interval's end.
public struct TrendCounters: Sendable {
    /// The closed intervals of today, oldest first (empty ones included, so indexes are times).
    public private(set) var closed: [TrendPoint] = []
    /// The running interval's counters.
    private var current = IntervalCounters()
    private var currentStart: Timestamp?

    /// An empty trend.
    public init() {}

    /// Starts a new day at `midnight`.
    public mutating func reset(at midnight: Timestamp) {
        closed.removeAll(keepingCapacity: true)
        current = IntervalCounters()
        currentStart = midnight
    }

    /// Applies `change` to the interval of `now` (closing the intervals that ended before it).
    public mutating func update(at now: Timestamp, _ change: (inout IntervalCounters) -> Void) {
        advance(to: now)
        change(&current)
    }

    /// Closes the intervals that ended by `now`.
    public mutating func advance(to now: Timestamp) {
        guard var start = currentStart else { return }
        while start.adding(milliseconds: TrendPoint.length) <= now {
            closed.append(TrendPoint(start: start, current))
            current = IntervalCounters()
            start = start.adding(milliseconds: TrendPoint.length)
        }
        currentStart = start
    }

    /// The running interval as a point (nil before the server handed in a day).
    public var running: TrendPoint? { currentStart.map { TrendPoint(start: $0, current) } }
}
