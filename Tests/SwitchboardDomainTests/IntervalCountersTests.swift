import Testing
@testable import SwitchboardDomain

@Suite struct IntervalCountersTests {
    @Test func abandonBoundariesAreInclusive() {
        var c = IntervalCounters()
        c.recordAbandoned(wait: 10_000, serviceLevel: 60_000, shortAbandon: 10_000)   // exactly short: short
        c.recordAbandoned(wait: 60_000, serviceLevel: 60_000, shortAbandon: 10_000)   // exactly T: within T
        c.recordAbandoned(wait: 60_001, serviceLevel: 60_000, shortAbandon: 10_000)
        c.recordAnswered(wait: 60_000, serviceLevel: 60_000)
        #expect(c.shortAbandoned == 1 && c.abandonedWithinT == 2 && c.answeredWithinT == 1)
        let f = c.figures()
        #expect(f.serviceLevel == 1.0 / 3.0)                    // 1 ÷ (1 + 3 − 1)
        #expect(f.serviceLevelWithAbandoned == nil)             // nothing offered in this interval
        #expect(f.maxWait == 60.001)
    }

    @Test func onlyShortAbandonsLeaveServiceLevelEmpty() {
        var c = IntervalCounters()
        c.recordOffered()
        c.recordAbandoned(wait: 3_000, serviceLevel: 60_000, shortAbandon: 10_000)
        #expect(c.figures().serviceLevel == nil)
        #expect(c.figures().serviceLevelWithAbandoned == 1)
    }
}
