import Synchronization
import SwitchboardDomain

/// The domain's clock: the real one, except while the start-up rebuild replays the store, when "now" is the
/// instant of the event being replayed (so queued interactions keep their original enqueue time).
final class RestoringClock: WallClock {
    private static let live = Int64.min
    private let base: any WallClock
    private let replaying = Atomic<Int64>(RestoringClock.live)

    init(_ base: any WallClock) { self.base = base }

    func now() -> Timestamp {
        let instant = replaying.load(ordering: .acquiring)
        return instant == Self.live ? base.now() : Timestamp(milliseconds: instant)
    }

    /// Sets the replayed instant (nil: back to the real clock).
    func replay(at instant: Timestamp?) { replaying.store(instant?.milliseconds ?? Self.live, ordering: .releasing) }
}
