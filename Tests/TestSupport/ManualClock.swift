import SwitchboardDomain
import SwitchboardSync

/// A clock that moves only when a test says so: time-based behaviour is tested without sleeping.
public final class ManualClock: WallClock {
    private let current: Locked<Timestamp>

    /// Starts at `start` (default: 2026-01-01T00:00:00Z, a fixed instant so figures are reproducible).
    public init(start: Timestamp = Timestamp(milliseconds: 1_767_225_600_000)) {
        current = Locked(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(seconds: Int64) { current.withLock { $0 = $0.adding(seconds: seconds) } }

    /// Moves the clock forward by `milliseconds`.
    public func advance(milliseconds: Int64) { current.withLock { $0 = $0.adding(milliseconds: milliseconds) } }

    /// Sets the clock to `instant` (tests may go back to check ordering rules).
    public func set(_ instant: Timestamp) { current.withLock { $0 = instant } }
}
