import Testing
import TestSupport
@testable import SwitchboardDomain

@Suite struct ContactCenterTests {
    let sales = CampaignID(1), support = CampaignID(2)
    let ana = AgentID(10), bob = AgentID(11)
    let admin = Caller(user: UserID(1), role: .admin)
    let salesSupervisor = Caller(user: UserID(2), role: .supervisor, campaigns: [CampaignID(1)])
    let supportSupervisor = Caller(user: UserID(3), role: .supervisor, campaigns: [CampaignID(2)])

    func makeCenter() async -> (ContactCenter, RecordingSink, ManualClock) {
        let sink = RecordingSink(), clock = ManualClock()
        let center = ContactCenter(hub: LiveHub(sink: sink), effects: sink, clock: clock)
        await center.addAgent(ana, name: "Ana", monitorScreen: true)
        await center.addAgent(bob, name: "Bob")
        await center.configure(CampaignConfiguration(id: sales, name: "Sales", members: [ana, bob]))
        await center.configure(CampaignConfiguration(id: support, name: "Support", members: [bob]))
        return (center, sink, clock)
    }

    @Test func supervisorActionsAreScopedAndAudited() async throws {
        let (center, sink, clock) = await makeCenter()
        try await center.login(ana)
        await #expect(throws: DomainError.forbidden) { try await center.pause(supportSupervisor, agent: ana, reason: "coach") }
        await #expect(throws: DomainError.forbidden) {
            try await center.pause(Caller(user: bob, role: .agent), agent: ana, reason: "x")
        }
        try await center.pause(salesSupervisor, agent: ana, reason: "coaching")
        #expect(await center.directory.agent(ana)!.status == .paused(reason: "coaching", since: clock.now()))
        clock.advance(seconds: 60)
        try await center.resume(salesSupervisor, agent: ana)
        try await center.chat(salesSupervisor, agent: ana, text: "nice work")
        try await center.agentChat(ana, text: "thanks")
        let info = try await center.info(admin, agent: ana)
        #expect(info.presence.status == .available && info.pausedMilliseconds == ["coaching": 60_000])
        #expect(sink.audits.map(\.action) == [.pause, .resume, .chat, .info])
        #expect(sink.audits.first?.actor == UserID(2) && sink.audits.first?.detail == "coaching")
        let chat = sink.published(on: .chat(ana))
        #expect(chat.map(\.seq) == [1, 2] && chat.allSatisfy { $0.policy == .lossless })
    }

    @Test func monitorScreenNeedsTheAgentsFlag() async throws {
        let (center, sink, _) = await makeCenter()
        _ = try await center.screenStart(salesSupervisor, agent: ana)
        await #expect(throws: DomainError.screenMonitoringOff) { _ = try await center.screenStart(salesSupervisor, agent: bob) }
        try await center.updateScreen(ScreenState(agent: ana, interaction: nil, scroll: 0, draft: "hi", at: Timestamp(milliseconds: 0)))
        #expect(sink.published(on: .screen(ana)).count == 1)
        try await center.screenStop(salesSupervisor, agent: ana)
        #expect(sink.audits.map(\.action) == [.screenStart, .screenStop])
    }

    @Test func spyReturnsTheTranscriptAndIsAudited() async throws {
        let (center, sink, _) = await makeCenter()
        try await center.login(ana)
        try await center.enqueue(InteractionID(5), in: sales, customer: "+1")
        try await center.customerMessage(InteractionID(5), in: sales, text: "hello")
        try await center.take(InteractionID(5), in: sales, by: ana)
        try await center.typing("wor", on: InteractionID(5), in: sales, by: ana)
        await #expect(throws: DomainError.forbidden) { _ = try await center.spy(supportSupervisor, on: InteractionID(5), in: sales) }
        let snap = try await center.spy(salesSupervisor, on: InteractionID(5), in: sales)
        guard case .interaction(let view) = snap.payload else { Issue.record("payload"); return }
        #expect(view.transcript.map(\.text) == ["hello"] && view.draft == "wor" && snap.kind == .snapshot)
        #expect(snap.seq == center.hub.currentSeq(of: .interaction(InteractionID(5))))
        #expect(sink.audits.map(\.action) == [.spy] && sink.audits[0].agent == ana)
    }

    @Test func disconnectRevokesAndRequeuesAtTheHead() async throws {
        let (center, sink, clock) = await makeCenter()
        try await center.login(bob)
        try await center.enqueue(InteractionID(1), in: sales, customer: "a")
        clock.advance(seconds: 5)
        try await center.enqueue(InteractionID(2), in: support, customer: "b")
        try await center.enqueue(InteractionID(3), in: sales, customer: "c")
        try await center.take(InteractionID(1), in: sales, by: bob)
        try await center.take(InteractionID(2), in: support, by: bob)
        await #expect(throws: DomainError.forbidden) { try await center.disconnect(Caller(user: UserID(8), role: .supervisor), agent: bob) }
        #expect(try await center.disconnect(supportSupervisor, agent: bob) == 2)
        #expect(await center.directory.agent(bob)!.status == .offline)
        #expect(sink.effects.contains(.revokeSessions(bob)) && sink.effects.contains(.closeSockets(bob)))
        #expect(sink.audits.last?.action == .disconnect && sink.audits.last?.detail == "requeued 2")
        let salesList = await center.directory.campaign(sales)!.waitingList()
        #expect(salesList.map(\.interaction) == [InteractionID(1), InteractionID(3)])
        #expect(salesList[0].enqueuedAt == ManualClock().now())
        await #expect(throws: DomainError.offline) { try await center.take(InteractionID(1), in: sales, by: bob) }
        #expect(await center.directory.agent(bob)!.slot.active == 0)
    }

    @Test func exactlyOneOfManyRacingTakersWins() async throws {
        let sink = RecordingSink()
        let center = ContactCenter(hub: LiveHub(sink: sink), effects: sink, clock: ManualClock())
        let agents = (1...16).map { AgentID(Int64(200 + $0)) }
        for a in agents { await center.addAgent(a, name: "a") }
        await center.configure(CampaignConfiguration(id: sales, name: "s", members: Set(agents)))
        for a in agents { try await center.login(a) }
        for round in 0..<20 {
            let id = InteractionID(Int64(round))
            try await center.enqueue(id, in: sales, customer: "c")
            let winners = await withTaskGroup(of: Bool.self) { group in
                for a in agents { group.addTask { (try? await center.take(id, in: sales, by: a)) != nil } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1, "round \(round)")
        }
        #expect(await center.directory.campaign(sales)!.todayCounters.answered == 20)
    }

    @Test func waitingListCoversOnlyTheAgentsCampaigns() async throws {
        let (center, _, clock) = await makeCenter()
        try await center.enqueue(InteractionID(1), in: support, customer: "s")
        clock.advance(seconds: 1)
        try await center.enqueue(InteractionID(2), in: sales, customer: "x")
        #expect(try await center.waitingList(for: ana).map(\.interaction) == [InteractionID(2)])
        #expect(try await center.waitingList(for: bob).map(\.interaction) == [InteractionID(1), InteractionID(2)])
        await #expect(throws: DomainError.notMember) { try await center.take(InteractionID(1), in: support, by: ana) }
    }

    @Test func subscriptionsAreAuthorised() async {
        let (center, _, _) = await makeCenter()
        let anaCaller = Caller(user: ana, role: .agent)
        #expect(await center.mayRead(anaCaller, .inbox(ana)))
        #expect(await !center.mayRead(anaCaller, .inbox(bob)))
        #expect(await !center.mayRead(anaCaller, .wallboard))
        #expect(await center.mayRead(anaCaller, .campaign(sales)))
        #expect(await !center.mayRead(anaCaller, .campaign(support)))
        #expect(await center.mayRead(salesSupervisor, .agent(ana)))
        #expect(await !center.mayRead(supportSupervisor, .agent(ana)))
        #expect(await center.mayRead(supportSupervisor, .screen(bob)))
    }

    @Test func flushPublishesCoalescedFigures() async throws {
        let (center, sink, clock) = await makeCenter()
        await center.flush()
        try await center.enqueue(InteractionID(1), in: sales, customer: "a")
        try await center.enqueue(InteractionID(2), in: sales, customer: "b")
        await center.flush()                                     // inside 100 ms: campaign figures yes, wallboard not yet
        #expect(sink.published(on: .wallboard).count == 1)
        clock.advance(milliseconds: 100)
        await center.flush()
        let boards = sink.published(on: .wallboard)
        #expect(boards.count == 2)
        guard case .wallboard(let figures, _) = boards[1].payload else { Issue.record("payload"); return }
        #expect(figures.map(\.campaign) == [sales] && figures[0].waiting == 2)
    }

    /// Many tasks race takes, closes, messages and disconnects; afterwards nothing is lost or duplicated, nobody went
    /// above its maximum, and the counters add up.
    @Test(arguments: [UInt64(1), 2, 3])
    func hammeringKeepsTheInvariants(seed: UInt64) async throws {
        let sink = RecordingSink(), clock = ManualClock()
        let center = ContactCenter(hub: LiveHub(sink: DiscardingPublicationSink()), effects: sink, clock: clock)
        let agents = (1...12).map { AgentID(Int64(100 + $0)) }
        for a in agents { await center.addAgent(a, name: "a") }
        var c1 = CampaignConfiguration(id: sales, name: "s", members: Set(agents[0..<8]))
        c1.maxInteractionsPerAgent = 2
        var c2 = CampaignConfiguration(id: support, name: "t", members: Set(agents[4...]))
        c2.maxInteractionsPerAgent = 3
        await center.configure(c1)
        await center.configure(c2)
        for a in agents { try await center.login(a) }
        let total = 400
        for i in 0..<total { try await center.enqueue(InteractionID(Int64(i)), in: i % 2 == 0 ? sales : support, customer: "c\(i)") }
        let closed = await withTaskGroup(of: Int.self) { group in
            for (n, agent) in agents.enumerated() {
                group.addTask {
                    var rng = SplitMix64(seed: seed &* 1_000 &+ UInt64(n))
                    var closed = 0
                    for _ in 0..<300 {
                        let i = Int64.random(in: 0..<Int64(total), using: &rng)
                        let campaign = i % 2 == 0 ? sales : support
                        switch Int.random(in: 0..<10, using: &rng) {
                        case 0..<5:
                            _ = try? await center.take(InteractionID(i), in: campaign, by: agent)
                            let active = center.directory.agent(agent)!.slot.active
                            #expect(active <= 3)
                        case 5..<8:
                            if (try? await center.close(InteractionID(i), in: campaign, by: agent)) != nil { closed += 1 }
                        case 8: _ = try? await center.send("hi", on: InteractionID(i), in: campaign, by: agent)
                        default:
                            if n % 4 == 0 {
                                _ = try? await center.disconnect(Caller(user: UserID(1), role: .admin), agent: agent)
                                try? await center.login(agent)
                            }
                        }
                    }
                    return closed
                }
            }
            return await group.reduce(0, +)
        }
        let s = center.directory.campaign(sales)!, t = center.directory.campaign(support)!
        let open = await s.openCount + t.openCount
        #expect(open + closed == total)                                   // nothing lost, nothing closed twice
        let waiting = await s.waiting + t.waiting
        let active = open - waiting
        var held = 0
        for a in agents {
            let slotActive = center.directory.agent(a)!.slot.active
            let holds = await s.interactions(of: a).count + t.interactions(of: a).count
            #expect(slotActive == holds)
            #expect(holds <= 3)
            let inSales = await s.interactions(of: a).count
            #expect(inSales <= 2)                                         // sales' maximum is 2
            held += holds
        }
        #expect(held == active)
        let todayS = await s.todayCounters, todayT = await t.todayCounters
        #expect(todayS.offered + todayT.offered == Int64(total))
        #expect(todayS.closed + todayT.closed == Int64(closed))
        #expect(todayS.answered + todayT.answered <= Int64(total))
        #expect(todayS.answered + todayT.answered >= Int64(active + closed))  // answered once, requeued ones too
    }
}
