/// Splitting wire bytes the way a network might: every parser is fed every split.
extension Array where Element == UInt8 {
    /// The bytes cut into consecutive pieces of `size` bytes (the last may be shorter).
    public func chunked(by size: Int) -> [[UInt8]] {
        precondition(size > 0, "chunk size must be positive")
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }

    /// Every way to cut the bytes in two: `[(prefix, suffix)]` for each split point 0...count.
    public func everySplit() -> [([UInt8], [UInt8])] {
        (0...count).map { (Array(self[..<$0]), Array(self[$0...])) }
    }
}

/// A small deterministic generator (SplitMix64) so property tests replay from a printed seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
