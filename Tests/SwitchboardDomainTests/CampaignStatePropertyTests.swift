import Testing
import TestSupport
@testable import SwitchboardDomain

/// Random event sequences (seeded SplitMix64: a failure prints its seed) applied to `CampaignState` and to the
/// simple `ReferenceCampaign`: same outcome for every event, same queue, same counters, same agent loads.
@Suite struct CampaignStatePropertyTests {
    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func matchesTheReferenceModel(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let agentIDs: [Int64] = [1, 2, 3, 4]
        let maximum = Int.random(in: 1...3, using: &rng)
        var config = CampaignConfiguration(id: CampaignID(1), name: "p", members: Set(agentIDs.map { AgentID($0) }))
        config.maxInteractionsPerAgent = maximum
        config.maxQueueSeconds = 300
        var slots: [AgentID: AgentSlot] = [:]
        var now: Int64 = 1_767_225_600_000
        for a in agentIDs {
            slots[AgentID(a)] = AgentSlot(agent: AgentID(a))
            slots[AgentID(a)]!.set(.available, bumpEpoch: true, now: Timestamp(milliseconds: now))
        }
        var state = CampaignState(configuration: config, slots: slots)
        var model = ReferenceCampaign(agents: agentIDs, maximum: maximum, serviceLevel: 60_000, shortAbandon: 10_000, maxQueue: 300_000)
        var out: [CampaignState.Output] = []
        var nextID: Int64 = 1

        func run(_ body: () throws(DomainError) -> Void) -> DomainError? {
            do throws(DomainError) { try body(); return nil } catch { return error }
        }

        for step in 0..<400 {
            now += Int64.random(in: 0...20_000, using: &rng)
            let t = Timestamp(milliseconds: now)
            let id = Int64.random(in: max(1, nextID - 8)...nextID, using: &rng)
            let agent = Int64.random(in: 1...5, using: &rng)                 // 5 is not a member
            let member = Int64.random(in: 1...4, using: &rng)
            var expected: DomainError?, actual: DomainError?
            let choice = Int.random(in: 0..<100, using: &rng)
            switch choice {
            case 0..<22:
                expected = model.enqueue(nextID, now: now)
                actual = run { () throws(DomainError) in try state.enqueue(InteractionID(nextID), customer: "c", now: t, into: &out) }
                nextID += 1
            case 22..<45:
                expected = model.take(id, agent: agent, now: now)
                actual = run { () throws(DomainError) in try state.take(InteractionID(id), agent: AgentID(agent), now: t, into: &out) }
            case 45..<60:
                expected = model.agentMessage(id, agent: agent)
                actual = run { () throws(DomainError) in
                    try state.agentMessage(InteractionID(id), agent: AgentID(agent), text: "m", now: t, into: &out)
                }
            case 60..<75:
                expected = model.close(id, agent: agent, now: now)
                actual = run { () throws(DomainError) in try state.close(InteractionID(id), agent: AgentID(agent), now: t, into: &out) }
            case 75..<83:
                expected = model.customerGone(id, now: now)
                actual = run { () throws(DomainError) in try state.customerGone(InteractionID(id), now: t, into: &out) }
            case 83..<88:
                model.disconnect(member)
                let slot = slots[AgentID(member)]!
                slot.set(.offline, bumpEpoch: true, now: t)
                state.requeueAll(of: AgentID(member), before: slot.epoch, now: t, into: &out)
            case 88..<93:
                let presence: AgentSlot.Presence = Bool.random(using: &rng) ? .available : .paused
                if model.agents[member]!.presence != .offline || presence == .available {
                    model.agents[member]!.presence = presence
                    slots[AgentID(member)]!.set(presence, bumpEpoch: false, now: t)
                }
            default:
                model.tick(now: now)
                state.tick(now: t, into: &out)
            }
            #expect(actual == expected, "seed \(seed) step \(step) event \(choice)")
            out.removeAll(keepingCapacity: true)

            #expect(state.waitingList().map(\.interaction.rawValue) == model.queue, "seed \(seed) step \(step)")
            let c = state.todayCounters
            #expect([c.offered, c.answered, c.answeredWithinT, c.abandoned, c.shortAbandoned, c.abandonedWithinT, c.closed]
                    == [model.offered, model.answered, model.answeredWithinT, model.abandoned, model.shortAbandoned,
                        model.abandonedWithinT, model.closed], "seed \(seed) step \(step)")
            #expect([c.handleTime, c.answerWait, c.abandonWait, c.firstResponses]
                    == [model.handleTime, model.answerWait, model.abandonWait, model.firstResponses], "seed \(seed) step \(step)")
            for a in agentIDs { #expect(slots[AgentID(a)]!.active == model.agents[a]!.active, "seed \(seed) step \(step) agent \(a)") }
        }
    }
}
