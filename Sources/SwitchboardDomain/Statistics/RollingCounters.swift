/// The rolling window: one `IntervalCounters` per minute for the last hour, so the 15, 30 and 60 minute windows are
/// sums of at most 60 running buckets (never a recount of history). A window ends at the current minute's bucket.
public struct RollingCounters: Sendable {
    /// Minutes kept (the longest selectable window).
    public static let minutes = 60
    private var buckets: [IntervalCounters]
    private var bucketMinute: [Int64]

    /// An empty window.
    public init() {
        buckets = Array(repeating: IntervalCounters(), count: Self.minutes)
        bucketMinute = Array(repeating: Int64.min, count: Self.minutes)
    }

    private static func minute(of instant: Timestamp) -> Int64 {
        instant.milliseconds >= 0 ? instant.milliseconds / 60_000 : (instant.milliseconds - 59_999) / 60_000
    }

    /// Applies `change` to the bucket of `instant`'s minute (emptying a stale bucket first).
    /// - Parameters:
    ///   - instant: when the event happened.
    ///   - change: the counter update.
    public mutating func update(at instant: Timestamp, _ change: (inout IntervalCounters) -> Void) {
        let minute = Self.minute(of: instant)
        let slot = Int(((minute % Int64(Self.minutes)) + Int64(Self.minutes)) % Int64(Self.minutes))
        if bucketMinute[slot] != minute {
            bucketMinute[slot] = minute
            buckets[slot] = IntervalCounters()
        }
        change(&buckets[slot])
    }

    /// The sum of the last `minutes` minute buckets up to `now`'s minute.
    /// - Parameters:
    ///   - minutes: window length (1…60).
    ///   - now: the end of the window.
    public func window(minutes: Int, now: Timestamp) -> IntervalCounters {
        let current = Self.minute(of: now)
        let first = current - Int64(min(max(minutes, 1), Self.minutes)) + 1
        var total = IntervalCounters()
        for slot in 0..<Self.minutes where bucketMinute[slot] >= first && bucketMinute[slot] <= current {
            total.add(buckets[slot])
        }
        return total
    }

    /// The three selectable windows (15, 30, 60 minutes) up to `now`'s minute, summed in one pass.
    public func windows(now: Timestamp) -> (fifteen: IntervalCounters, thirty: IntervalCounters, sixty: IntervalCounters) {
        let current = Self.minute(of: now)
        var fifteen = IntervalCounters(), thirty = IntervalCounters(), sixty = IntervalCounters()
        for slot in 0..<Self.minutes where bucketMinute[slot] <= current && bucketMinute[slot] > current - 60 {
            let age = current - bucketMinute[slot]
            sixty.add(buckets[slot])
            if age < 30 { thirty.add(buckets[slot]) }
            if age < 15 { fifteen.add(buckets[slot]) }
        }
        return (fifteen, thirty, sixty)
    }
}

