/// Running counters of one interval (today, or one minute of the rolling window), as METRICS.md defines them.
/// Durations are summed in milliseconds; every field only ever grows until the interval is reset.
public struct IntervalCounters: Sendable, Equatable {
    /// Interactions enqueued.
    public var offered: Int64 = 0
    /// Interactions taken for the first time.
    public var answered: Int64 = 0
    /// Answered with takenAt − enqueuedAt ≤ T.
    public var answeredWithinT: Int64 = 0
    /// Left the queue unanswered.
    public var abandoned: Int64 = 0
    /// Abandoned with a wait ≤ the short-abandon seconds.
    public var shortAbandoned: Int64 = 0
    /// Abandoned with a wait ≤ T.
    public var abandonedWithinT: Int64 = 0
    /// Σ (takenAt − enqueuedAt) over answered.
    public var answerWait: Int64 = 0
    /// Σ wait over abandoned.
    public var abandonWait: Int64 = 0
    /// Longest wait of an answered or abandoned interaction.
    public var maxWait: Int64 = 0
    /// Interactions closed.
    public var closed: Int64 = 0
    /// Σ (closedAt − takenAt) over closed.
    public var handleTime: Int64 = 0
    /// First responses measured.
    public var firstResponses: Int64 = 0
    /// Σ (firstAgentReplyAt − takenAt).
    public var firstResponseTime: Int64 = 0
    /// Distribution of first response times (median, p90).
    public var firstResponseSketch = DurationSketch()

    /// Empty counters.
    public init() {}

    /// Adds another interval's counters (window = Σ minute buckets).
    /// - Parameter other: the counters to add.
    public mutating func add(_ other: IntervalCounters) {
        offered += other.offered
        answered += other.answered
        answeredWithinT += other.answeredWithinT
        abandoned += other.abandoned
        shortAbandoned += other.shortAbandoned
        abandonedWithinT += other.abandonedWithinT
        answerWait += other.answerWait
        abandonWait += other.abandonWait
        maxWait = max(maxWait, other.maxWait)
        closed += other.closed
        handleTime += other.handleTime
        firstResponses += other.firstResponses
        firstResponseTime += other.firstResponseTime
        firstResponseSketch.merge(other.firstResponseSketch)
    }

    /// Counts an enqueue.
    public mutating func recordOffered() { offered += 1 }

    /// Counts a first take after `wait` ms.
    /// - Parameters:
    ///   - wait: takenAt − enqueuedAt.
    ///   - serviceLevel: T in ms.
    public mutating func recordAnswered(wait: Int64, serviceLevel: Int64) {
        answered += 1
        if wait <= serviceLevel { answeredWithinT += 1 }
        answerWait += wait
        maxWait = max(maxWait, wait)
    }

    /// Counts an abandon after `wait` ms.
    /// - Parameters:
    ///   - wait: abandonedAt − enqueuedAt.
    ///   - serviceLevel: T in ms.
    ///   - shortAbandon: the short-abandon limit in ms.
    public mutating func recordAbandoned(wait: Int64, serviceLevel: Int64, shortAbandon: Int64) {
        abandoned += 1
        if wait <= shortAbandon { shortAbandoned += 1 }
        if wait <= serviceLevel { abandonedWithinT += 1 }
        abandonWait += wait
        maxWait = max(maxWait, wait)
    }

    /// Counts a close after `handle` ms of handling.
    public mutating func recordClosed(handle: Int64) {
        closed += 1
        handleTime += handle
    }

    /// Counts a first response after `delay` ms.
    public mutating func recordFirstResponse(delay: Int64) {
        firstResponses += 1
        firstResponseTime += delay
        firstResponseSketch.record(delay)
    }

    /// The figures of these counters; `currentLongestWait` (ms) joins max wait, since waiting ones are in the interval.
    /// - Parameter currentLongestWait: the oldest waiting interaction's wait now.
    public func figures(currentLongestWait: Int64 = 0) -> IntervalFigures {
        func ratio(_ a: Int64, _ b: Int64) -> Double? { b > 0 ? Double(a) / Double(b) : nil }
        func seconds(_ ms: Int64, _ n: Int64) -> Double? { n > 0 ? Double(ms) / Double(n) / 1000 : nil }
        return IntervalFigures(
            offered: offered, answered: answered, answeredWithinT: answeredWithinT, abandoned: abandoned,
            shortAbandoned: shortAbandoned, abandonedWithinT: abandonedWithinT, closed: closed,
            serviceLevel: ratio(answeredWithinT, answered + abandoned - shortAbandoned),
            serviceLevelWithAbandoned: ratio(answeredWithinT + abandonedWithinT, offered),
            abandonRate: ratio(abandoned, offered),
            asa: seconds(answerWait, answered),
            averageAbandonTime: seconds(abandonWait, abandoned),
            maxWait: Double(max(maxWait, currentLongestWait)) / 1000,
            aht: seconds(handleTime, closed),
            firstResponseMean: seconds(firstResponseTime, firstResponses),
            firstResponseMedian: firstResponseSketch.quantile(0.5).map { Double($0) / 1000 },
            firstResponseP90: firstResponseSketch.quantile(0.9).map { Double($0) / 1000 }
        )
    }
}
