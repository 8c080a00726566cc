import CSwitchboard
import Synchronization

/// The source of monotonic time for the network core's timeouts. Production uses the system's
/// CLOCK_MONOTONIC; tests inject a `ManualMonotonicClock` and advance it instead of sleeping.
public protocol MonotonicClock: Sendable {
    /// Nanoseconds on a monotonic scale with an arbitrary origin.
    func nanoseconds() -> UInt64
}

/// CLOCK_MONOTONIC.
public struct SystemMonotonicClock: MonotonicClock {
    public init() {}
    public func nanoseconds() -> UInt64 { cs_monotonic_ns() }
}

/// A monotonic clock that moves only when told to (tests of timeouts).
public final class ManualMonotonicClock: MonotonicClock {
    private let now: Atomic<UInt64>

    /// Starts at `start` nanoseconds.
    public init(start: UInt64 = 1_000_000_000) { now = Atomic(start) }

    public func nanoseconds() -> UInt64 { now.load(ordering: .acquiring) }

    /// Moves the clock forward by `milliseconds`.
    public func advance(milliseconds: UInt64) { now.add(milliseconds * 1_000_000, ordering: .releasing) }
}
