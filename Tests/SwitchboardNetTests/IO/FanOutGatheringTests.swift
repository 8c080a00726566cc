import Testing
@testable import SwitchboardNet

/// The fan-out gathering policy (issue 15): only a large flush that closely follows another waits, for as long as the
/// previous one took and never more than the limit; small flushes and a limit of 0 never wait.
@Suite("Fan-out gathering")
struct FanOutGatheringTests {
    let ms: UInt64 = 1_000_000

    @Test func aLargeFlushSoonAfterAnotherWaitsAsLongAsTheFirstTookAtMostTheLimit() {
        var policy = FanOutGathering(threshold: 256, limitMicroseconds: 5_000)
        #expect(policy.isLarge(256) && !policy.isLarge(255))
        #expect(policy.wait(dirty: 1_000, now: 10 * ms) == nil)   // nothing flushed yet: no wait
        policy.flushed(started: 10 * ms, ended: 12 * ms)          // a 2 ms fan-out
        #expect(policy.wait(dirty: 1_000, now: 12 * ms) == 2)      // right after: waits its 2 ms
        #expect(policy.wait(dirty: 1_000, now: 13 * ms + 1) == 1)  // rounded up
        #expect(policy.wait(dirty: 1_000, now: 14 * ms) == nil)    // as long again has passed
        #expect(policy.wait(dirty: 255, now: 12 * ms) == nil)      // a small flush never waits
        policy.flushed(started: 20 * ms, ended: 40 * ms)           // a 20 ms fan-out: the wait stops at 5 ms
        #expect(policy.wait(dirty: 1_000, now: 40 * ms) == 5)
        #expect(policy.wait(dirty: 1_000, now: 45 * ms) == nil)
    }

    @Test func aLimitOfZeroNeverWaits() {
        var policy = FanOutGathering(threshold: 256, limitMicroseconds: 0)
        #expect(!policy.isLarge(10_000))
        policy.flushed(started: 0, ended: 50 * ms)
        #expect(policy.wait(dirty: 10_000, now: 50 * ms) == nil)
    }
}
