import Testing
@testable import SwitchboardDomain

@Suite struct RollingCountersTests {
    static let t0 = Timestamp(milliseconds: 1_767_225_600_000)   // a minute boundary

    @Test func windowSumsTheLastMinutesOnly() {
        var r = RollingCounters()
        for minute in 0..<90 { r.update(at: Self.t0.adding(seconds: Int64(minute) * 60 + 5)) { $0.recordOffered() } }
        let now = Self.t0.adding(seconds: 89 * 60 + 30)
        #expect(r.window(minutes: 15, now: now).offered == 15)
        #expect(r.window(minutes: 30, now: now).offered == 30)
        #expect(r.window(minutes: 60, now: now).offered == 60)
        #expect(r.window(minutes: 30, now: now.adding(seconds: 3600)).offered == 0)   // everything aged out
    }

    @Test func staleBucketIsEmptiedBeforeReuse() {
        var r = RollingCounters()
        r.update(at: Self.t0) { $0.recordClosed(handle: 10_000) }
        r.update(at: Self.t0.adding(seconds: 3600)) { $0.recordClosed(handle: 4_000) }   // same slot, an hour later
        let w = r.window(minutes: 60, now: Self.t0.adding(seconds: 3600))
        #expect(w.closed == 1 && w.handleTime == 4_000)
    }

    @Test func theThreeWindowsInOnePassEqualEachWindowAlone() {
        var r = RollingCounters()
        for minute in 0..<75 {
            r.update(at: Self.t0.adding(seconds: Int64(minute) * 60 + 7)) {
                $0.recordOffered()
                $0.recordAnswered(wait: Int64(minute) * 1_000, serviceLevel: 20_000)
                $0.recordFirstResponse(delay: Int64(minute % 9) * 1_000)
            }
        }
        let now = Self.t0.adding(seconds: 74 * 60 + 50)
        let (fifteen, thirty, sixty) = r.windows(now: now)
        #expect(fifteen == r.window(minutes: 15, now: now))
        #expect(thirty == r.window(minutes: 30, now: now))
        #expect(sixty == r.window(minutes: 60, now: now))
        #expect(fifteen.offered == 15 && sixty.answeredWithinT == 6)   // minutes 15…20 waited ≤ 20 s
    }
}

