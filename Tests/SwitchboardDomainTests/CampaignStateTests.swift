import Testing
import TestSupport
@testable import SwitchboardDomain

/// Scripted scenarios against hand-computed values (METRICS.md).
@Suite struct CampaignStateTests {
    static let t0 = Timestamp(milliseconds: 1_767_225_600_000)
    let a1 = AgentID(1), a2 = AgentID(2), a3 = AgentID(3)

    func at(_ seconds: Int64) -> Timestamp { Self.t0.adding(seconds: seconds) }

    /// A campaign with agents 1…3 logged in (each with its own slot).
    func makeCampaign(_ change: (inout CampaignConfiguration) -> Void = { _ in }) -> (CampaignState, [AgentID: AgentSlot]) {
        var config = CampaignConfiguration(id: CampaignID(7), name: "Sales", members: [a1, a2, a3])
        change(&config)
        var slots: [AgentID: AgentSlot] = [:]
        for a in [a1, a2, a3] {
            let slot = AgentSlot(agent: a)
            slot.set(.available, bumpEpoch: true, now: Self.t0)
            slots[a] = slot
        }
        return (CampaignState(configuration: config, slots: slots), slots)
    }

    @Test func interactionLifeQueuedActiveClosed() throws {
        var (c, slots) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "+5491100", now: at(0), into: &out)
        #expect(c.waiting == 1)
        #expect(c.waitingList().map(\.customer) == ["+5491100"])
        #expect(out.topics == [.campaign(CampaignID(7))])
        out.removeAll()
        let view = try c.take(InteractionID(1), agent: a1, now: at(12), into: &out)
        #expect(view.phase == .active && view.agent == a1 && view.takenAt == at(12))
        #expect(c.waiting == 0 && slots[a1]!.active == 1)
        #expect(out.topics == [.campaign(CampaignID(7)), .interaction(InteractionID(1)), .inbox(a1), .agent(a1)])
        #expect(out.publications.first { $0.topic == .inbox(a1) }!.policy == .lossless)
        out.removeAll()
        try c.customerMessage(InteractionID(1), text: "hola", now: at(13), into: &out)
        try c.agentMessage(InteractionID(1), agent: a1, text: "buenas", now: at(20), into: &out)
        #expect(throws: DomainError.notYours) { try c.agentMessage(InteractionID(1), agent: a2, text: "x", now: at(21), into: &out) }
        #expect(throws: DomainError.notYours) { try c.close(InteractionID(1), agent: a2, now: at(21), into: &out) }
        try c.close(InteractionID(1), agent: a1, now: at(72), into: &out)
        #expect(slots[a1]!.active == 0 && c.openCount == 0)
        let today = c.figures(now: at(80)).today
        #expect(today.offered == 1 && today.answered == 1 && today.closed == 1)
        #expect(today.asa == 12 && today.aht == 60 && today.firstResponseMean == 8)
        #expect(c.agentFigures(a1).handled == 1 && c.agentFigures(a1).aht == 60)
        #expect(throws: DomainError.unknownInteraction(InteractionID(1))) { try c.close(InteractionID(1), agent: a1, now: at(90), into: &out) }
    }

    @Test func serviceLevelEdgeCases() throws {
        // T = 60 s, short abandon = 10 s. i1 answered at 30 s (within T), i2 at 90 s (after T), i3 abandoned at 5 s
        // (short, within T), i4 at 45 s (within T), i5 at 120 s (after T), i6 still waiting at 200 s.
        var (c, _) = makeCampaign()
        var out: [CampaignState.Output] = []
        for i in 1...6 { try c.enqueue(InteractionID(Int64(i)), customer: "c\(i)", now: at(0), into: &out) }
        try c.customerGone(InteractionID(3), now: at(5), into: &out)
        try c.take(InteractionID(1), agent: a1, now: at(30), into: &out)
        try c.customerGone(InteractionID(4), now: at(45), into: &out)
        try c.agentMessage(InteractionID(1), agent: a1, text: "hi", now: at(50), into: &out)
        try c.take(InteractionID(2), agent: a2, now: at(90), into: &out)
        try c.agentMessage(InteractionID(2), agent: a2, text: "hi", now: at(100), into: &out)
        try c.customerGone(InteractionID(5), now: at(120), into: &out)
        try c.close(InteractionID(1), agent: a1, now: at(130), into: &out)
        try c.close(InteractionID(2), agent: a2, now: at(150), into: &out)
        let f = c.figures(now: at(200))
        let t = f.today
        #expect(t.offered == 6 && t.answered == 2 && t.answeredWithinT == 1)
        #expect(t.abandoned == 3 && t.shortAbandoned == 1 && t.abandonedWithinT == 2)
        #expect(t.serviceLevel == 0.25)                       // 1 ÷ (2 + 3 − 1)
        #expect(t.serviceLevelWithAbandoned == 0.5)           // (1 + 2) ÷ 6
        #expect(t.abandonRate == 0.5)
        #expect(t.asa == 60)                                   // (30 + 90) ÷ 2
        #expect(abs(t.averageAbandonTime! - 170.0 / 3) < 1e-9) // (5 + 45 + 120) ÷ 3
        #expect(t.aht == 80)                                   // (100 + 60) ÷ 2
        #expect(t.firstResponseMean == 15)                     // (20 + 10) ÷ 2
        #expect(t.maxWait == 200)                              // i6 is still waiting
        #expect(f.waiting == 1 && f.longestWait == 200 && f.oldestEnqueuedAt == at(0))
        let median = try #require(t.firstResponseMedian)
        #expect(abs(median - 10) <= 10 * 0.125)
        #expect(f.window == t)                                 // everything happened inside the 30-minute window
    }

    @Test func emptyRatiosAreNil() {
        let (c, _) = makeCampaign()
        let t = c.figures(now: at(0)).today
        #expect(t.serviceLevel == nil && t.serviceLevelWithAbandoned == nil && t.asa == nil && t.aht == nil)
        #expect(t.firstResponseMean == nil && t.firstResponseMedian == nil && t.abandonRate == nil)
    }

    @Test func requeueKeepsEnqueueTimeAndCountsAnsweredOnce() throws {
        var (c, slots) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        try c.enqueue(InteractionID(2), customer: "b", now: at(10), into: &out)
        try c.take(InteractionID(1), agent: a1, now: at(20), into: &out)
        try c.agentMessage(InteractionID(1), agent: a1, text: "x", now: at(25), into: &out)
        slots[a1]!.set(.offline, bumpEpoch: true, now: at(50))
        #expect(c.requeueAll(of: a1, before: slots[a1]!.epoch, now: at(50), into: &out) == 1)
        #expect(slots[a1]!.active == 0)
        let list = c.waitingList()
        #expect(list.map(\.interaction) == [InteractionID(1), InteractionID(2)])   // back at the head
        #expect(list[0].enqueuedAt == at(0) && list[0].requeued)
        #expect(c.figures(now: at(50)).longestWait == 50)
        try c.take(InteractionID(1), agent: a2, now: at(80), into: &out)
        try c.agentMessage(InteractionID(1), agent: a2, text: "y", now: at(90), into: &out)
        try c.close(InteractionID(1), agent: a2, now: at(100), into: &out)
        let t = c.figures(now: at(100)).today
        #expect(t.answered == 1 && t.asa == 20)                // first take only
        #expect(t.aht == 20)                                   // from the last take (80) to the close (100)
        #expect(t.firstResponseMean == 5)                      // 25 − 20, the reply after the first take
        #expect(c.todayCounters.firstResponses == 1)           // measured once per interaction
    }

    @Test func requeuedThenGoneIsNotAnAbandon() throws {
        var (c, slots) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        try c.take(InteractionID(1), agent: a1, now: at(5), into: &out)
        slots[a1]!.set(.offline, bumpEpoch: true, now: at(6))
        c.requeueAll(of: a1, before: slots[a1]!.epoch, now: at(6), into: &out)
        try c.customerGone(InteractionID(1), now: at(30), into: &out)
        let t = c.figures(now: at(30)).today
        #expect(t.answered == 1 && t.abandoned == 0 && c.waiting == 0 && c.openCount == 0)
    }

    @Test func requeueSparesTakesOfALaterSession() throws {
        var (c, slots) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        try c.enqueue(InteractionID(2), customer: "b", now: at(0), into: &out)
        try c.take(InteractionID(1), agent: a1, now: at(1), into: &out)
        slots[a1]!.set(.offline, bumpEpoch: true, now: at(2))
        let disconnectEpoch = slots[a1]!.epoch
        slots[a1]!.set(.available, bumpEpoch: true, now: at(3))          // logged in again before the requeue ran
        try c.take(InteractionID(2), agent: a1, now: at(4), into: &out)
        #expect(c.requeueAll(of: a1, before: disconnectEpoch, now: at(5), into: &out) == 1)
        #expect(c.interactions(of: a1).map(\.id) == [InteractionID(2)])
    }

    @Test func maximumCountsEveryCampaignOfTheAgent() throws {
        let slot = AgentSlot(agent: a1)
        slot.set(.available, bumpEpoch: true, now: at(0))
        var small = CampaignConfiguration(id: CampaignID(1), name: "small", members: [a1])
        small.maxInteractionsPerAgent = 2
        var large = CampaignConfiguration(id: CampaignID(2), name: "large", members: [a1])
        large.maxInteractionsPerAgent = 3
        var c1 = CampaignState(configuration: small, slots: [a1: slot])
        var c2 = CampaignState(configuration: large, slots: [a1: slot])
        var out: [CampaignState.Output] = []
        for i in 1...3 { try c1.enqueue(InteractionID(Int64(i)), customer: "x", now: at(0), into: &out) }
        for i in 11...12 { try c2.enqueue(InteractionID(Int64(i)), customer: "y", now: at(0), into: &out) }
        try c1.take(InteractionID(1), agent: a1, now: at(1), into: &out)
        try c2.take(InteractionID(11), agent: a1, now: at(1), into: &out)
        #expect(throws: DomainError.atMaximum) { try c1.take(InteractionID(2), agent: a1, now: at(2), into: &out) }
        try c2.take(InteractionID(12), agent: a1, now: at(2), into: &out)      // 2 < 3
        #expect(slot.active == 3)
        #expect(c1.figures(now: at(3)).agentsBusy == 1 && c2.figures(now: at(3)).agentsBusy == 1)
        try c2.close(InteractionID(12), agent: a1, now: at(4), into: &out)
        #expect(throws: DomainError.atMaximum) { try c1.take(InteractionID(2), agent: a1, now: at(5), into: &out) }
        #expect(c2.figures(now: at(5)).agentsAvailable == 1 && c2.figures(now: at(5)).freeSlots == 1)
    }

    @Test func secondTakerLoses() throws {
        var (c, slots) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        try c.take(InteractionID(1), agent: a1, now: at(1), into: &out)
        #expect(throws: DomainError.alreadyTaken) { try c.take(InteractionID(1), agent: a2, now: at(1), into: &out) }
        #expect(slots[a2]!.active == 0 && c.todayCounters.answered == 1)
    }

    @Test func onlyMembersAvailableAgentsTake() throws {
        var (c, slots) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        #expect(throws: DomainError.notMember) { try c.take(InteractionID(1), agent: AgentID(99), now: at(1), into: &out) }
        slots[a1]!.set(.paused, bumpEpoch: false, now: at(1))
        #expect(throws: DomainError.paused) { try c.take(InteractionID(1), agent: a1, now: at(1), into: &out) }
        slots[a2]!.set(.offline, bumpEpoch: false, now: at(1))
        #expect(throws: DomainError.offline) { try c.take(InteractionID(1), agent: a2, now: at(1), into: &out) }
        #expect(c.waiting == 1)
        let f = c.figures(now: at(2))
        #expect(f.agentsLoggedIn == 2 && f.agentsPaused == 1 && f.agentsAvailable == 1 && f.occupancy == 0)
    }

    @Test func disabledCampaignRefusesNewButKeepsHistory() throws {
        var (c, slots) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        try c.take(InteractionID(1), agent: a1, now: at(4), into: &out)
        var config = c.configuration
        config.enabled = false
        c.reconfigure(config, slots: slots)
        #expect(throws: DomainError.campaignDisabled) { try c.enqueue(InteractionID(2), customer: "b", now: at(5), into: &out) }
        try c.close(InteractionID(1), agent: a1, now: at(10), into: &out)
        let f = c.figures(now: at(10))
        #expect(!f.enabled && f.today.offered == 1 && f.today.closed == 1)
    }

    @Test func queueTimeoutAbandons() throws {
        var (c, _) = makeCampaign { $0.maxQueueSeconds = 600 }
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        try c.enqueue(InteractionID(2), customer: "b", now: at(100), into: &out)
        c.tick(now: at(599), into: &out)
        #expect(c.waiting == 2)
        c.tick(now: at(600), into: &out)
        #expect(c.waitingList().map(\.interaction) == [InteractionID(2)])
        let t = c.figures(now: at(600)).today
        #expect(t.abandoned == 1 && t.abandonedWithinT == 0 && t.averageAbandonTime == 600)
    }

    @Test func autoAssignOffersTheLongestIdleAgent() throws {
        var (c, slots) = makeCampaign { $0.autoAssign = true; $0.reservationSeconds = 20 }
        slots[a1]!.set(.offline, bumpEpoch: false, now: at(0))
        slots[a1]!.set(.available, bumpEpoch: false, now: at(30))   // idle since 30
        slots[a2]!.set(.offline, bumpEpoch: false, now: at(0))
        slots[a2]!.set(.available, bumpEpoch: false, now: at(10))   // idle since 10: longest
        slots[a3]!.set(.paused, bumpEpoch: false, now: at(0))
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(40), into: &out)
        #expect(c.view(of: InteractionID(1))?.phase == .reserved && c.view(of: InteractionID(1))?.agent == a2)
        #expect(c.view(of: InteractionID(1))?.reservedUntil == at(60))   // the campaign's reservation time
        #expect(c.waiting == 0 && slots[a2]!.active == 1)
        #expect(throws: DomainError.alreadyTaken) { try c.take(InteractionID(1), agent: a1, now: at(41), into: &out) }
        // The offer lapses: back in the queue, then offered to the next longest-idle agent (a1; a2 just became idle).
        c.tick(now: at(60), into: &out)
        #expect(c.view(of: InteractionID(1))?.agent == a1 && slots[a2]!.active == 0)
        #expect(c.view(of: InteractionID(1))?.reservedUntil == at(80))
        try c.take(InteractionID(1), agent: a1, now: at(65), into: &out)
        #expect(c.view(of: InteractionID(1))?.phase == .active && c.view(of: InteractionID(1))?.reservedUntil == nil)
        #expect(c.todayCounters.answered == 1 && c.todayCounters.answerWait == 25_000)
    }

    @Test func midnightRolloverResetsTodayOnTheTimer() throws {
        var (c, _) = makeCampaign()
        var out: [CampaignState.Output] = []
        c.startDay(at: at(-86_400), nextMidnight: at(1_000))
        try c.enqueue(InteractionID(1), customer: "a", now: at(900), into: &out)
        try c.enqueue(InteractionID(2), customer: "b", now: at(950), into: &out)
        try c.take(InteractionID(1), agent: a1, now: at(960), into: &out)
        c.tick(now: at(999), into: &out)
        #expect(c.figures(now: at(999)).today.offered == 2)
        c.tick(now: at(1_000), into: &out)                     // the timer, not the next event, resets
        var t = c.figures(now: at(1_000)).today
        #expect(t.offered == 0 && t.answered == 0)
        #expect(c.nextMidnight == at(1_000 + 86_400))
        #expect(c.figures(now: at(1_000)).window.offered == 2)  // the rolling window is not a calendar figure
        try c.take(InteractionID(2), agent: a2, now: at(1_010), into: &out)   // offered yesterday, answered today
        try c.close(InteractionID(1), agent: a1, now: at(1_020), into: &out)
        t = c.figures(now: at(1_020)).today
        #expect(t.offered == 0 && t.answered == 1 && t.asa == 60 && t.closed == 1 && t.aht == 60)
        #expect(t.serviceLevelWithAbandoned == nil)
    }

    @Test func thresholdsAlertOnCrossingAndRecovery() throws {
        var (c, _) = makeCampaign {
            $0.thresholds = Thresholds(longestWait: ThresholdLevels(warning: 30, critical: 60), serviceLevel: ThresholdLevels())
        }
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        c.tick(now: at(29), into: &out)
        #expect(out.alerts.isEmpty)
        c.tick(now: at(30), into: &out)
        #expect(out.alerts.map(\.level) == [.warning])
        c.tick(now: at(45), into: &out)
        #expect(out.alerts.count == 1)                         // no repeat while the level holds
        c.tick(now: at(61), into: &out)
        #expect(out.alerts.map(\.level) == [.warning, .critical] && out.alerts.last?.previous == .warning)
        try c.take(InteractionID(1), agent: a1, now: at(62), into: &out)
        c.tick(now: at(63), into: &out)
        #expect(out.alerts.last?.level == .ok && out.alerts.last?.previous == .critical)
        #expect(c.levels.longestWait == .ok)
        #expect(out.publications.contains { $0.topic == .wallboard && $0.policy == .lossless })
    }

    @Test func anEventPastMidnightStartsTheDayBeforeItCounts() throws {
        var (c, _) = makeCampaign()
        var out: [CampaignState.Output] = []
        c.startDay(at: at(-86_400), nextMidnight: at(1_000))
        try c.enqueue(InteractionID(1), customer: "a", now: at(990), into: &out)
        #expect(c.figures(now: at(1_000)).today.offered == 0)     // read past midnight: the old day is not shown
        try c.enqueue(InteractionID(2), customer: "b", now: at(1_000).adding(milliseconds: 500), into: &out)   // no tick
        #expect(c.dayStart == at(1_000) && c.nextMidnight == at(1_000 + 86_400))
        #expect(c.todayCounters.offered == 1)
        // The server's timer, late for the same midnight, keeps what today already counted; it sets the next one.
        c.startDay(at: at(1_000), nextMidnight: at(1_000 + 82_800))
        #expect(c.todayCounters.offered == 1 && c.nextMidnight == at(1_000 + 82_800))
        // An enqueue stamped before midnight (the store's instant) counts in the window, not in today.
        try c.enqueue(InteractionID(3), customer: "c", now: at(999), into: &out)
        #expect(c.todayCounters.offered == 1 && c.figures(now: at(1_001)).window.offered == 3)
        c.tick(now: at(1_000 + 82_800), into: &out)
        #expect(c.dayStart == at(1_000 + 82_800) && c.todayCounters.offered == 0)
    }

    @Test func aReplayAppliesRecordedEventsWithoutTodaysRules() throws {
        var (c, slots) = makeCampaign {
            $0.enabled = false
            $0.autoAssign = true
            $0.maxInteractionsPerAgent = 1
            $0.members = [AgentID(1), AgentID(2)]
            $0.thresholds = Thresholds(longestWait: ThresholdLevels(warning: 30))
        }
        var out: [CampaignState.Output] = []
        #expect(throws: DomainError.campaignDisabled) { try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out) }
        slots[a1]!.set(.paused, bumpEpoch: false, now: at(0))
        c.beginReplay(dayEndsAt: at(100))
        for i in 1...4 { try c.enqueue(InteractionID(Int64(i)), customer: "c\(i)", now: at(Int64(i)), into: &out) }
        #expect(c.waiting == 4)                                       // disabled, and nothing auto-assigned
        try c.take(InteractionID(1), agent: a1, now: at(10), into: &out)   // paused now, available then
        try c.take(InteractionID(2), agent: a1, now: at(11), into: &out)   // above today's maximum
        try c.take(InteractionID(3), agent: a3, now: at(12), into: &out)   // no longer a member
        #expect(slots[a1]!.active == 2 && slots[a3]!.active == 0)
        #expect(throws: DomainError.alreadyTaken) { try c.take(InteractionID(1), agent: a2, now: at(13), into: &out) }
        try c.requeue(InteractionID(2), now: at(20), into: &out)
        #expect(throws: DomainError.invalidPhase(.queued)) { try c.requeue(InteractionID(2), now: at(21), into: &out) }
        try c.agentMessage(InteractionID(1), agent: a1, text: "hi", now: at(30), into: &out)
        try c.close(InteractionID(1), agent: a1, now: at(40), into: &out)
        try c.enqueue(InteractionID(5), customer: "e", now: at(150), into: &out)   // past the day's end: rolls over
        #expect(c.dayStart == at(100) && c.todayCounters.offered == 1 && c.todayCounters.closed == 0)
        #expect(c.agentFigures(a1).handled == 0)
        #expect(c.replaying)
        out.removeAll()
        slots[a2]!.set(.available, bumpEpoch: false, now: at(150))
        let requeued = c.endReplay(now: at(160), into: &out)
        #expect(requeued == [InteractionID(3)] && !c.replaying)        // held by a non-member: waits again
        #expect(c.levels.longestWait == .warning && out.alerts.isEmpty)   // levels as they stood: no new alert
        // Auto-assign resumes: the requeued head goes to the one available member with room.
        #expect(c.view(of: InteractionID(3))?.phase == .reserved && c.view(of: InteractionID(3))?.agent == a2)
        #expect(throws: DomainError.campaignDisabled) { try c.enqueue(InteractionID(6), customer: "f", now: at(170), into: &out) }
    }

    @Test func closeCarriesSubjectAndDispositionToTheRecord() throws {
        var (c, _) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "+5491100", now: at(0), into: &out)
        try c.take(InteractionID(1), agent: a1, now: at(5), into: &out)
        out.removeAll()
        try c.close(InteractionID(1), agent: a1, subject: "Refund", disposition: "Resolved", now: at(90), into: &out)
        let closed = out.effects.compactMap { effect -> InteractionRecord? in
            if case .recordInteraction(let r) = effect, r.phase == .closed { return r }
            return nil
        }
        #expect(closed.count == 1)
        #expect(closed.first?.subject == "Refund" && closed.first?.disposition == "Resolved")
        // Without them the record carries none (the store keeps the automatic subject).
        try c.enqueue(InteractionID(2), customer: "+5491101", now: at(100), into: &out)
        try c.take(InteractionID(2), agent: a1, now: at(101), into: &out)
        out.removeAll()
        try c.close(InteractionID(2), agent: a1, now: at(120), into: &out)
        #expect(out.effects.contains { if case .recordInteraction(let r) = $0 { r.subject == nil && r.disposition == nil } else { false } })
    }

    @Test func transcriptIsBounded() throws {
        var (c, _) = makeCampaign()
        var out: [CampaignState.Output] = []
        try c.enqueue(InteractionID(1), customer: "a", now: at(0), into: &out)
        for i in 0..<200 { try c.customerMessage(InteractionID(1), text: "m\(i)", now: at(1), into: &out) }
        let view = try #require(c.view(of: InteractionID(1)))
        #expect(view.transcript.count <= CampaignState.transcriptLimit)
        #expect(view.transcript.last?.index == 199 && view.transcript.last?.text == "m199")
    }
}
