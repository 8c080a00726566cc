import Testing
@testable import SwitchboardDomain

/// Today's trend per 15 minutes of local time (issue 11): closed intervals, the running one, a new day.
@Suite struct TrendCountersTests {
    static let midnight = Timestamp(milliseconds: 1_767_225_600_000)
    static func at(minutes: Int64, seconds: Int64 = 0) -> Timestamp { midnight.adding(seconds: minutes * 60 + seconds) }

    func campaign() -> CampaignState {
        var state = CampaignState(configuration: CampaignConfiguration(id: CampaignID(1), name: "Ventas"), slots: [:])
        state.startDay(at: Self.midnight, nextMidnight: Self.midnight.adding(seconds: 86_400))
        return state
    }

    @Test func eventsFallInTheirFifteenMinuteIntervalAndEmptyOnesAreKept() throws {
        var state = campaign()
        var out: [CampaignState.Output] = []
        try state.enqueue(InteractionID(1), customer: "+1", now: Self.at(minutes: 1), into: &out)
        try state.customerGone(InteractionID(1), now: Self.at(minutes: 2), into: &out)
        try state.enqueue(InteractionID(2), customer: "+2", now: Self.at(minutes: 16), into: &out)
        let early = state.figures(now: Self.at(minutes: 20))
        #expect(early.trend.map(\.start) == [Self.midnight])
        #expect(early.trend.first.map { ($0.offered, $0.abandoned, $0.shortAbandoned) } ?? (0, 0, 0) == (1, 1, 0))
        #expect(early.trend.first?.serviceLevel == 0)   // one abandon past the short-abandon limit, none answered
        #expect(early.trendNow?.start == Self.at(minutes: 15) && early.trendNow?.offered == 1)

        // Nothing happens for half an hour: the ticks close the intervals, empty ones included.
        state.tick(now: Self.at(minutes: 50), into: &out)
        let later = state.figures(now: Self.at(minutes: 50))
        #expect(later.trend.map(\.start) == [Self.midnight, Self.at(minutes: 15), Self.at(minutes: 30)])
        #expect(later.trend[2].offered == 0 && later.trend[2].serviceLevel == nil)   // "—", not 0 %
        #expect(later.trendNow?.start == Self.at(minutes: 45) && later.trendNow?.offered == 0)
    }

    @Test func aNewDayStartsAnEmptyTrend() throws {
        var state = campaign()
        var out: [CampaignState.Output] = []
        try state.enqueue(InteractionID(1), customer: "+1", now: Self.at(minutes: 23 * 60 + 50), into: &out)
        state.tick(now: Self.midnight.adding(seconds: 86_400 + 60), into: &out)
        let next = state.figures(now: Self.midnight.adding(seconds: 86_400 + 60))
        #expect(next.trend.isEmpty)
        #expect(next.trendNow?.start == Self.midnight.adding(seconds: 86_400) && next.trendNow?.offered == 0)
    }
}
