/// A bounded log-scale histogram of durations (milliseconds): 4 bins per doubling, so a quantile is off by at most
/// 12.5 % of its value; fixed size (no allocation), mergeable across rolling-window buckets.
public struct DurationSketch: Sendable, Equatable {
    /// Number of bins: exact below 4 ms, then 4 per doubling up to about 9 h (the last bin takes the rest).
    public static let binCount = 96
    private var bins = InlineArray<96, UInt32>(repeating: 0)
    /// Values recorded.
    public private(set) var count: Int64 = 0

    /// An empty sketch.
    public init() {}

    /// Equal when every bin is.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for i in 0..<binCount where lhs.bins[i] != rhs.bins[i] { return false }
        return true
    }

    static func bin(of milliseconds: Int64) -> Int {
        let x = UInt64(max(0, milliseconds))
        if x < 4 { return Int(x) }
        let msb = 63 - x.leadingZeroBitCount
        let sub = Int((x >> UInt64(msb - 2)) & 3)
        return min(binCount - 1, (msb - 1) * 4 + sub)
    }

    /// The lowest and highest value of a bin.
    static func bounds(of bin: Int) -> (low: Int64, high: Int64) {
        if bin < 4 { return (Int64(bin), Int64(bin)) }
        let msb = bin / 4 + 1, sub = bin % 4
        let low = Int64(4 + sub) << Int64(msb - 2)
        return (low, (Int64(5 + sub) << Int64(msb - 2)) - 1)
    }

    /// Adds one duration.
    /// - Parameter milliseconds: the duration (negative counts as 0).
    public mutating func record(_ milliseconds: Int64) {
        bins[Self.bin(of: milliseconds)] &+= 1
        count += 1
    }

    /// Adds another sketch's values.
    /// - Parameter other: the sketch to merge.
    public mutating func merge(_ other: DurationSketch) {
        guard other.count > 0 else { return }
        for i in 0..<Self.binCount { bins[i] &+= other.bins[i] }
        count += other.count
    }

    /// The value at quantile `q` (0…1): the midpoint of the bin holding the ⌈q·n⌉-th value; nil when empty.
    /// - Parameter q: the quantile (0.5 median, 0.9 p90).
    public func quantile(_ q: Double) -> Int64? {
        guard count > 0 else { return nil }
        let rank = max(1, Int64((q * Double(count)).rounded(.up)))
        var seen: Int64 = 0
        for i in 0..<Self.binCount {
            seen += Int64(bins[i])
            if seen >= rank {
                let (low, high) = Self.bounds(of: i)
                return (low + high) / 2
            }
        }
        return nil
    }

    /// Empties the sketch.
    public mutating func reset() { self = DurationSketch() }
}
