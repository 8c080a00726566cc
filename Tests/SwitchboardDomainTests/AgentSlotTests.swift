import Testing
@testable import SwitchboardDomain

@Suite struct AgentSlotTests {
    let now = Timestamp(milliseconds: 1_000)

    @Test func reserveRespectsPresenceAndMaximum() {
        let slot = AgentSlot(agent: AgentID(1))
        #expect(slot.reserve(maximum: 2) == .failure(.offline))
        slot.set(.available, bumpEpoch: true, now: now)
        #expect(slot.reserve(maximum: 2) == .success(.init(active: 1, epoch: 1)))
        #expect(slot.reserve(maximum: 2) == .success(.init(active: 2, epoch: 1)))
        #expect(slot.reserve(maximum: 2) == .failure(.atMaximum))
        slot.set(.paused, bumpEpoch: false, now: now)
        #expect(slot.reserve(maximum: 5) == .failure(.paused) && slot.active == 2)
        #expect(slot.release(now: now) == 1 && slot.release(now: Timestamp(milliseconds: 7)) == 0)
        #expect(slot.idleSince == 7)
    }

    @Test func restoreTakesASlotWhateverThePresence() {
        let slot = AgentSlot(agent: AgentID(1))
        #expect(slot.restore() == .init(active: 1, epoch: 0))
        slot.set(.available, bumpEpoch: true, now: now)
        #expect(slot.reserve(maximum: 2) == .success(.init(active: 2, epoch: 1)))
        #expect(slot.restore() == .init(active: 3, epoch: 1) && slot.presence == .available)
    }

    @Test func concurrentReservationsNeverExceedTheMaximum() async {
        let slot = AgentSlot(agent: AgentID(1))
        slot.set(.available, bumpEpoch: true, now: now)
        let granted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    var wins = 0
                    for _ in 0..<200 {
                        if case .success = slot.reserve(maximum: 3) { wins += 1; slot.release(now: Timestamp(milliseconds: 1)) }
                        #expect(slot.active <= 3)
                    }
                    return wins
                }
            }
            return await group.reduce(0, +)
        }
        #expect(granted > 0 && slot.active == 0)
    }
}
