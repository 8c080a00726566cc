import Testing
@testable import SwitchboardNet
import TestSupport

@Suite struct TimingWheelTests {
    private static let tick: UInt64 = 100_000_000

    /// Expires up to `now` and returns the slots handed out, in order.
    private func expire(_ wheel: inout TimingWheel, upTo now: UInt64) -> [UInt32] {
        var slots: [UInt32] = []
        wheel.expire(upTo: now) { slots.append($0.slot) }
        return slots
    }

    @Test func entriesComeOutInDeadlineOrderAcrossTicks() {
        var wheel = TimingWheel(tickNanoseconds: Self.tick, bucketCount: 8, now: 0)
        wheel.schedule(slot: 3, generation: 1, deadline: 350_000_000)
        wheel.schedule(slot: 1, generation: 1, deadline: 120_000_000)
        wheel.schedule(slot: 2, generation: 1, deadline: 250_000_000)
        #expect(wheel.count == 3)
        #expect(expire(&wheel, upTo: 1_000_000_000) == [1, 2, 3])
        #expect(wheel.count == 0)
    }

    @Test func neverFiresEarlyAndAtMostOneTickLate() {
        // Every deadline in a range of offsets: not handed out just before it, handed out within one tick after.
        for offset in stride(from: UInt64(0), to: 3 * Self.tick, by: 7_000_001) {
            let start: UInt64 = 5 * Self.tick + 13
            var wheel = TimingWheel(tickNanoseconds: Self.tick, bucketCount: 16, now: start)
            let deadline = start + offset
            wheel.schedule(slot: 9, generation: 1, deadline: deadline)
            if deadline > start {
                #expect(expire(&wheel, upTo: deadline - 1).isEmpty, "fired early for offset \(offset)")
            }
            #expect(expire(&wheel, upTo: deadline + Self.tick - 1) == [9], "more than one tick late for offset \(offset)")
        }
    }

    @Test func scheduleReturnsTheTickAndPastDeadlinesFireAtOnce() {
        var wheel = TimingWheel(tickNanoseconds: Self.tick, bucketCount: 8, now: 10 * Self.tick)
        #expect(wheel.schedule(slot: 1, generation: 1, deadline: 11 * Self.tick + 1) == 12)
        // A deadline already past is filed for the current tick, never for one already expired.
        #expect(wheel.schedule(slot: 2, generation: 1, deadline: 3 * Self.tick) == 10)
        #expect(expire(&wheel, upTo: 10 * Self.tick) == [2])
        #expect(expire(&wheel, upTo: 12 * Self.tick) == [1])
    }

    @Test func deadlinesBeyondOneTurnWaitForTheirTurn() {
        // 8 buckets of 100 ms: 2.05 s shares bucket 4 (of 0.45 s) but must wait 4 turns.
        var wheel = TimingWheel(tickNanoseconds: Self.tick, bucketCount: 8, now: 0)
        wheel.schedule(slot: 1, generation: 1, deadline: 2_050_000_000)
        wheel.schedule(slot: 2, generation: 1, deadline: 450_000_000)
        #expect(expire(&wheel, upTo: 500_000_000) == [2])
        #expect(expire(&wheel, upTo: 1_300_000_000).isEmpty)
        #expect(expire(&wheel, upTo: 2_000_000_000).isEmpty)
        #expect(wheel.count == 1)
        #expect(expire(&wheel, upTo: 2_100_000_000) == [1])
    }

    @Test func manyTurnsInOneExpireAndRandomDeadlines() {
        var random = SplitMix64(seed: 42)
        var wheel = TimingWheel(tickNanoseconds: Self.tick, bucketCount: 4, now: 0)
        var deadlines: [UInt32: UInt64] = [:]
        for slot in UInt32(0)..<500 {
            let deadline = random.next() % 10_000_000_000
            deadlines[slot] = deadline
            wheel.schedule(slot: slot, generation: 7, deadline: deadline)
        }
        var now: UInt64 = 0
        var fired: Set<UInt32> = []
        while now <= 10_100_000_000 {
            wheel.expire(upTo: now) { entry in
                #expect(entry.generation == 7)
                let deadline = deadlines[entry.slot]!
                #expect(deadline <= now, "slot \(entry.slot) fired early")
                #expect(now < deadline + 2 * Self.tick, "slot \(entry.slot) fired late")
                #expect(fired.insert(entry.slot).inserted, "slot \(entry.slot) fired twice")
            }
            now += 37_000_000
        }
        #expect(fired.count == 500)
        #expect(wheel.count == 0)
    }

    @Test func expiringAJumpOfManyTurnsReturnsEverythingDueOnce() {
        var wheel = TimingWheel(tickNanoseconds: Self.tick, bucketCount: 4, now: 0)
        for slot in UInt32(0)..<20 { wheel.schedule(slot: slot, generation: 1, deadline: UInt64(slot) * 95_000_000) }
        #expect(Set(expire(&wheel, upTo: 60_000_000_000)) == Set(0..<20))
        #expect(wheel.count == 0)
        #expect(expire(&wheel, upTo: 70_000_000_000).isEmpty)
    }

    @Test func refilingAnEntryWhenItComesUp() {
        // The loop's lazy re-filing: an entry comes up, the connection's deadline moved later, it is filed again.
        var wheel = TimingWheel(tickNanoseconds: Self.tick, bucketCount: 8, now: 0)
        let first = wheel.schedule(slot: 5, generation: 2, deadline: 200_000_000)
        var later: UInt64 = 0
        wheel.expire(upTo: 250_000_000) { entry in
            #expect(entry == TimingWheel.Entry(slot: 5, generation: 2, tick: first))
        }
        later = wheel.schedule(slot: 5, generation: 2, deadline: 1_500_000_000)
        #expect(later == 15)
        #expect(expire(&wheel, upTo: 1_499_999_999).isEmpty)
        #expect(expire(&wheel, upTo: 1_500_000_000) == [5])
    }

    @Test func nextTickWaitIsBoundedAndNilWhenEmpty() {
        var wheel = TimingWheel(tickNanoseconds: Self.tick, bucketCount: 8, now: 0)
        #expect(wheel.millisecondsUntilNextTick(now: 0) == nil)
        wheel.schedule(slot: 1, generation: 1, deadline: 300_000_000)
        let wait = wheel.millisecondsUntilNextTick(now: 0)
        #expect(wait != nil && wait! <= 100)
        _ = expire(&wheel, upTo: 50_000_000)
        let next = wheel.millisecondsUntilNextTick(now: 50_000_000)
        #expect(next == 50)
    }
}
