import Testing
import TestSupport
@testable import SwitchboardDomain

@Suite struct AgentStateTests {
    static let t0 = Timestamp(milliseconds: 1_767_225_600_000)
    func at(_ s: Int64) -> Timestamp { Self.t0.adding(seconds: s) }

    func makeAgent(monitorScreen: Bool = false) -> AgentState {
        AgentState(id: AgentID(4), name: "Ana", monitorScreen: monitorScreen, campaigns: [CampaignID(1): 2, CampaignID(2): 3],
                   slot: AgentSlot(agent: AgentID(4)), now: Self.t0)
    }

    @Test func stateMachine() throws {
        var a = makeAgent()
        var out: [AgentState.Output] = []
        #expect(a.status == .offline)
        #expect(throws: DomainError.offline) { try a.pause(reason: "lunch", now: at(1), into: &out) }
        a.login(now: at(10), into: &out)
        #expect(a.status == .available && a.since == at(10) && a.slot.presence == .available)
        try a.pause(reason: "lunch", now: at(20), into: &out)
        #expect(a.status == .paused(reason: "lunch", since: at(20)) && a.slot.presence == .paused)
        try a.resume(now: at(50), into: &out)
        #expect(a.status == .available && a.pausedToday == ["lunch": 30_000])
        _ = a.slot.reserve(maximum: 3)
        _ = a.slot.reserve(maximum: 3)
        #expect(a.status == .available)                           // 2 ≥ campaign 1's maximum, < campaign 2's
        _ = a.slot.reserve(maximum: 3)
        #expect(a.status == .busy)                                // at the maximum of every campaign
        #expect(throws: DomainError.invalidPhase(.active)) { try a.logout(now: at(60), into: &out) }
        for _ in 0..<3 { a.slot.release(now: at(61)) }
        try a.logout(now: at(70), into: &out)
        #expect(a.status == .offline && a.loggedIn(at: at(100)) == 60_000)
        #expect(out.topics.allSatisfy { $0 == .agent(AgentID(4)) })
        #expect(out.effects.count == 4)                           // login, pause, resume, logout recorded
    }

    @Test func timeFiguresStartOverAtMidnight() throws {
        var a = makeAgent()
        var out: [AgentState.Output] = []
        a.startDay(at: at(-50), nextMidnight: at(1_000))
        a.login(now: at(0), into: &out)
        try a.pause(reason: "lunch", now: at(900), into: &out)
        #expect(a.loggedIn(at: at(950)) == 950_000 && a.paused(at: at(950)) == [:])
        // Past midnight without a move: reads count from midnight only.
        #expect(a.loggedIn(at: at(1_100)) == 100_000 && a.paused(at: at(1_100)) == [:])
        try a.resume(now: at(1_200), into: &out)                 // the move rolls over first
        #expect(a.dayStart == at(1_000) && a.pausedToday == ["lunch": 200_000])
        #expect(a.loggedIn(at: at(1_300)) == 300_000)
        a.startDay(at: at(1_000), nextMidnight: at(1_000 + 86_400))   // the timer, late: nothing lost
        #expect(a.loggedIn(at: at(1_300)) == 300_000 && a.pausedToday == ["lunch": 200_000])
    }

    @Test func restoreSetsARecordedPresenceWithoutTheRules() {
        var a = makeAgent()
        var out: [AgentState.Output] = []
        a.beginReplay(from: at(-10), dayEndsAt: at(100))
        a.restore(.offline, reason: "", now: at(-5), into: &out)           // offline already: only since moves
        #expect(a.status == .offline && a.since == at(-5) && out.isEmpty)
        a.restore(.paused, reason: "training", now: at(0), into: &out)     // paused straight from offline
        #expect(a.status == .paused(reason: "training", since: at(0)) && a.slot.epoch == 1)
        a.restore(.paused, reason: "training", now: at(5), into: &out)     // the same presence: no move
        #expect(a.since == at(0) && out.effects.count == 1)
        _ = a.slot.restore()
        a.restore(.offline, reason: "", now: at(150), into: &out)          // holding one: a disconnect's offline
        #expect(a.status == .offline && a.pausedToday == ["training": 50_000] && a.dayStart == at(100))
    }

    @Test func disconnectBumpsTheEpochAndAsksForRevocation() {
        var a = makeAgent()
        var out: [AgentState.Output] = []
        a.login(now: at(0), into: &out)
        let before = a.slot.epoch
        let epoch = a.disconnect(now: at(5), into: &out)
        #expect(epoch == before + 1 && a.status == .offline)
        #expect(out.effects.contains(.revokeSessions(AgentID(4))) && out.effects.contains(.closeSockets(AgentID(4))))
    }

    @Test func chatBothWaysIsOrdered() throws {
        var a = makeAgent()
        var out: [AgentState.Output] = []
        try a.chat("please take the queue", from: .supervisor(UserID(9)), now: at(1), into: &out)
        try a.chat("ok", from: .agent, now: at(2), into: &out)
        #expect(a.chat.map(\.index) == [0, 1] && a.chat[1].author == .agent)
        #expect(out.publications.allSatisfy { $0.topic == .chat(AgentID(4)) && $0.policy == .lossless })
        #expect(throws: DomainError.invalidText) { try a.chat("", from: .agent, now: at(3), into: &out) }
    }

    @Test func screenOnlyWithTheFlagAndWhileWatched() throws {
        var off = makeAgent(monitorScreen: false)
        var out: [AgentState.Output] = []
        #expect(throws: DomainError.screenMonitoringOff) { try off.startScreen(watcher: UserID(9), into: &out) }
        var on = makeAgent(monitorScreen: true)
        let screen = ScreenState(agent: AgentID(4), interaction: InteractionID(1), scroll: 10, draft: "hel", at: at(1))
        on.updateScreen(screen, into: &out)
        #expect(out.isEmpty)                                      // nobody watches: nothing streams
        try on.startScreen(watcher: UserID(9), into: &out)
        on.updateScreen(screen, into: &out)
        #expect(out.topics == [.inbox(AgentID(4)), .screen(AgentID(4))])
        on.stopScreen(watcher: UserID(9), into: &out)
        #expect(out.topics.last == .inbox(AgentID(4)) && on.screenWatchers.isEmpty)
    }
}
