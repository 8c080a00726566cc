/// A hashed timing wheel for the loop's timeouts (header read, idle, ping, close handshake).
///
/// Each connection keeps its own next deadline; the wheel only remembers *when to look*. An entry
/// whose connection moved its deadline later is re-filed when it comes up, and one whose connection
/// is gone (generation changed) is dropped — so resetting an idle timer on every message costs
/// nothing here. Pure value type: `expire(upTo:)` takes the time, so tests drive it without a clock.
struct TimingWheel {
    /// One filed look: the connection's slot and generation, and the tick it was filed for.
    struct Entry: Equatable {
        var slot: UInt32
        var generation: UInt32
        var tick: UInt64
    }

    /// Width of one tick in nanoseconds.
    let tickNanoseconds: UInt64
    private var buckets: [[Entry]]
    private var mask: Int
    /// The next tick not yet expired.
    private(set) var currentTick: UInt64
    /// Entries filed and not yet returned.
    private(set) var count = 0

    /// - Parameters:
    ///   - tickNanoseconds: resolution; deadlines fire up to one tick late, never early.
    ///   - bucketCount: a power of two; deadlines beyond one turn wait for later turns.
    ///   - now: the current monotonic time.
    init(tickNanoseconds: UInt64 = 100_000_000, bucketCount: Int = 512, now: UInt64) {
        precondition(bucketCount > 0 && bucketCount & (bucketCount - 1) == 0, "bucketCount must be a power of two")
        self.tickNanoseconds = tickNanoseconds
        buckets = Array(repeating: [], count: bucketCount)
        mask = bucketCount - 1
        currentTick = now / tickNanoseconds
    }

    /// The tick a deadline falls in (rounded up so nothing fires early).
    func tick(for deadline: UInt64) -> UInt64 {
        (deadline + tickNanoseconds - 1) / tickNanoseconds
    }

    /// Files a look at `slot` for `deadline`; returns the tick it was filed under (the connection keeps it
    /// to tell its live entry from stale ones).
    @discardableResult
    mutating func schedule(slot: UInt32, generation: UInt32, deadline: UInt64) -> UInt64 {
        let due = max(tick(for: deadline), currentTick)
        buckets[Int(due & UInt64(mask))].append(Entry(slot: slot, generation: generation, tick: due))
        count += 1
        return due
    }

    /// Removes and hands to `body` every entry due at or before `now`, oldest tick first.
    mutating func expire(upTo now: UInt64, _ body: (Entry) -> Void) {
        let last = now / tickNanoseconds
        guard count > 0 else {
            if last >= currentTick { currentTick = last + 1 }
            return
        }
        while currentTick <= last {
            let index = Int(currentTick & UInt64(mask))
            if !buckets[index].isEmpty {
                // Entries of later turns share the bucket: keep them, hand out the due ones.
                var kept: [Entry] = []
                let due = currentTick
                let entries = buckets[index]
                buckets[index].removeAll(keepingCapacity: true)
                for entry in entries {
                    if entry.tick <= due {
                        count -= 1
                        body(entry)
                    } else {
                        kept.append(entry)
                    }
                }
                buckets[index].append(contentsOf: kept)
            }
            currentTick += 1
            if count == 0 { currentTick = max(currentTick, last + 1); break }
        }
    }

    /// Milliseconds until the next tick that holds an entry is due (for epoll_wait), or nil when empty.
    func millisecondsUntilNextTick(now: UInt64) -> Int32? {
        guard count > 0 else { return nil }
        let next = currentTick * tickNanoseconds
        return next <= now ? 0 : Int32(min((next - now + 999_999) / 1_000_000, 60_000))
    }
}
