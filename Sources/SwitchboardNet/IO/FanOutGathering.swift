/// When a loop's flush waits to gather more frames (see `EventLoop.flushDirty`): a fan-out's cost is ~90 % loopback
/// TCP writes, nearly all of it per call, so a socket written once with two broadcasts costs about half of being
/// written twice. A large flush (at least `threshold` connections) is timed; the next large one, if it comes before
/// the first's cost has passed again, waits out that remainder (at most `limitNanoseconds`) and takes along what
/// arrives meanwhile. At low rates the previous flush is long past and nothing waits. Pure, so it is tested alone.
struct FanOutGathering: Equatable {
    /// Connections with queued frames from which a flush counts as large.
    let threshold: Int
    /// The longest wait (0: never wait).
    let limitNanoseconds: UInt64
    /// Real monotonic ns until which a large flush waits.
    private(set) var until: UInt64 = 0

    init(threshold: Int = 256, limitMicroseconds: UInt64) {
        self.threshold = threshold
        self.limitNanoseconds = limitMicroseconds * 1_000
    }

    /// Whether a flush of `dirty` connections is large (timed, and may wait).
    func isLarge(_ dirty: Int) -> Bool { dirty >= threshold && limitNanoseconds > 0 }

    /// How many ms this turn's flush of `dirty` connections waits at most at `now` (rounded up); nil: flush now.
    func wait(dirty: Int, now: UInt64) -> Int32? {
        guard dirty >= threshold, now < until else { return nil }
        return Int32((until - now + 999_999) / 1_000_000)
    }

    /// A large flush ran from `started` to `ended`: the next one waits until as long again has passed (at most the limit).
    mutating func flushed(started: UInt64, ended: UInt64) {
        until = ended + min(ended - started, limitNanoseconds)
    }
}
