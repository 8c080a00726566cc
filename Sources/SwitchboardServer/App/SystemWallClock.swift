import CSwitchboard
import SwitchboardDomain

/// The real wall clock (CLOCK_REALTIME) for the domain and the store.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Timestamp { Timestamp(milliseconds: cs_wall_ms()) }
}
