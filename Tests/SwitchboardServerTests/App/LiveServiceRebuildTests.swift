import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// A stop at any instant (kill -9: no shutdown step) loses nothing of today: a fresh app on the database file as it
/// was on disk rebuilds the same figures, queues, holdings and presence, computed by the same domain code.
@Suite("Live service rebuild")
struct LiveServiceRebuildTests {
    /// 2026-01-02T00:00:00Z: midnight in UTC; 21:00 on January 1st in Buenos Aires (UTC−3, its midnight is 03:00Z).
    static let january2 = Timestamp(milliseconds: 1_767_312_000_000)

    static func utc(_ hours: Int64, _ minutes: Int64, _ seconds: Int64 = 0) -> Timestamp {
        january2.adding(seconds: hours * 3600 + minutes * 60 + seconds)
    }

    /// Two campaigns (Sales in Buenos Aires, Support in UTC), agents Ana (both), Bob (Sales), Cid (Support) and
    /// Sam, who supervises both.
    struct World {
        let server: LiveTestServer
        let clock: ManualClock
        let sales: CampaignID
        let support: CampaignID
        let ana: UserRecord
        let bob: UserRecord
        let cid: UserRecord
        let sam: UserRecord

        var agents: [UserRecord] { [ana, bob, cid] }

        static func make(at start: Timestamp) async throws -> World {
            let clock = ManualClock(start: start)
            let server = try await LiveTestServer.start(clock: clock)
            _ = try await server.makeUser("root", role: .admin)
            let ana = try await server.makeUser("ana", role: .agent)
            let bob = try await server.makeUser("bob", role: .agent)
            let cid = try await server.makeUser("cid", role: .agent)
            let rest = server.api(await server.login("root"))
            let provider = await rest.post("/api/providers", [
                "name": "Classic One", "kind": "classic", "baseUrl": "http://127.0.0.1:9",
                "numbers": ["+14155550100", "+14155550101"], "accountSid": "AC0123456789", "authToken": "auth-secret-value",
            ] as [String: Any]).object["id"] as? Int ?? 0
            func campaign(_ body: [String: Any], members: [UserRecord]) async -> CampaignID {
                let created = await rest.post("/api/campaigns", body.merging(["providerId": provider]) { a, _ in a })
                let id = CampaignID(Int64(created.object["id"] as? Int ?? 0))
                for agent in members { _ = await rest.post("/api/campaigns/\(id)/members", ["agentId": agent.id.rawValue]) }
                return id
            }
            let sales = await campaign([
                "name": "Sales", "number": "+14155550100", "timeZone": "America/Argentina/Buenos_Aires", "maxQueueSeconds": 3600,
                "thresholds": ["longestWaitWarning": 120, "ahtWarning": 600, "firstResponseWarning": 35] as [String: Any],
            ], members: [ana, bob])
            let support = await campaign(["name": "Support", "number": "+14155550101"], members: [ana, cid])
            let sam = try await server.makeUser("sam", role: .supervisor, scopes: [sales, support])
            return World(server: server, clock: clock, sales: sales, support: support, ana: ana, bob: bob, cid: cid, sam: sam)
        }

        /// A `/live` socket of a fresh session of `user`.
        func socket(_ user: UserRecord) async throws -> LiveTestSocket {
            let (status, socket) = try await LiveTestSocket.open(port: server.port, session: await server.login(user.username))
            #expect(status == 101)
            return try #require(socket)
        }

        /// A customer writes at `instant`.
        func writes(_ text: String, from number: String, to campaign: CampaignID, at instant: Timestamp) async throws -> InteractionID {
            clock.set(instant)
            return try await server.customerWrites(text, from: number, to: campaign)
        }
    }

    /// Runs a command at `instant` and expects its `ack`.
    static func command(_ socket: LiveTestSocket, _ cmd: String, _ arguments: [String: Any] = [:], at instant: Timestamp,
                        clock: ManualClock, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        clock.set(instant)
        let answer = try await socket.command(cmd, arguments)
        #expect(answer.string("type") == "ack", "\(cmd) \(arguments): \(answer)", sourceLocation: sourceLocation)
    }

    static func on(_ i: InteractionID, _ c: CampaignID, _ more: [String: Any] = [:]) -> [String: Any] {
        more.merging(["interaction": i.rawValue, "campaign": c.rawValue]) { a, _ in a }
    }

    /// What a supervisor's `info` shows of an agent, but its presence (in `Snapshot.presences`).
    struct AgentSeen: Equatable {
        var today: AgentFigures
        var loggedInMilliseconds: Int64
        var pausedMilliseconds: [String: Int64]
        var campaigns: [CampaignID]
        var interactions: [InteractionView]

        init(_ info: AgentInfo) {
            (today, loggedInMilliseconds, pausedMilliseconds) = (info.today, info.loggedInMilliseconds, info.pausedMilliseconds)
            (campaigns, interactions) = (info.campaigns, info.interactions)
        }
    }

    /// Everything a supervisor and the agents see, at the clock's instant.
    struct Snapshot: Equatable {
        var campaigns: [CampaignFigures] = []
        var agents: [AgentSeen] = []
        /// The agents' presence, where an agent that never changed status shows no `since`: it is offline since its
        /// actor was made (when the process started, which the store does not know).
        var presences: [AgentPresence] = []
        var waiting: [[WaitingEntry]] = []
        var inboxes: [[InteractionView]] = []
    }

    static func snapshot(_ world: World, _ server: LiveTestServer) async throws -> Snapshot {
        let center = server.center
        await center.tick()
        var snapshot = Snapshot()
        for id in [world.sales, world.support] {
            snapshot.campaigns.append(try #require(await center.directory.campaign(id)?.figures()))
        }
        let supervisor = Caller(user: world.sam.id, role: .supervisor, campaigns: [world.sales, world.support])
        for agent in world.agents {
            let info = try await center.info(supervisor, agent: agent.id)
            let seen = try await server.store.auditLog(actor: agent.id).contains { $0.action == "agent.status" }
            snapshot.agents.append(AgentSeen(info))
            snapshot.presences.append(seen ? info.presence : AgentPresence(agent: agent.id, status: info.presence.status,
                                                                           since: Timestamp(milliseconds: 0), active: info.presence.active))
            snapshot.waiting.append(try await center.waitingList(for: agent.id))
            guard case .inbox(_, let views) = try await center.inboxSnapshot(for: agent.id).payload else { throw CancellationError() }
            snapshot.inboxes.append(views)
        }
        return snapshot
    }

    /// Stops `server` the way kill -9 would leave its files: its timers stop (nothing more happens), every
    /// acknowledged write is committed, and a copy of the database and its WAL as they are on disk starts a new app.
    static func crashAndRestart(_ world: World) async throws -> LiveTestServer {
        let server = world.server
        await server.app.live.stopTimers()
        try await server.store.barrier()
        let image = NSTemporaryDirectory() + "switchboard-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: image, withIntermediateDirectories: true)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: server.directory + "/test.db" + suffix) {
            try FileManager.default.copyItem(atPath: server.directory + "/test.db" + suffix, toPath: image + "/test.db" + suffix)
        }
        return try await LiveTestServer.start(directory: image, clock: world.clock)
    }

    @Test func aRestartBringsBackTodaysFiguresAsTheyWere() async throws {
        let w = try await World.make(at: Self.utc(2, 30))
        let (sales, support) = (w.sales, w.support)
        let clock = w.clock
        var ana = try await w.socket(w.ana)
        let bob = try await w.socket(w.bob), cid = try await w.socket(w.cid), sam = try await w.socket(w.sam)

        // Yesterday in Buenos Aires (before 03:00Z): i1 handled from start to end; i2 waits across midnight; i3 taken.
        try await Self.command(ana, "login", at: Self.utc(2, 30), clock: clock)
        let i1 = try await w.writes("hola", from: "+5491100000001", to: sales, at: Self.utc(2, 30))
        try await Self.command(ana, "take", Self.on(i1, sales), at: Self.utc(2, 30, 20), clock: clock)
        try await Self.command(ana, "send", Self.on(i1, sales, ["text": "buenas"]), at: Self.utc(2, 30, 50), clock: clock)
        try await Self.command(ana, "close", Self.on(i1, sales), at: Self.utc(2, 40), clock: clock)
        let i2 = try await w.writes("precio?", from: "+5491100000002", to: sales, at: Self.utc(2, 50))
        let i3 = try await w.writes("envío", from: "+5491100000003", to: sales, at: Self.utc(2, 55))
        try await Self.command(bob, "login", at: Self.utc(2, 56), clock: clock)
        try await Self.command(ana, "take", Self.on(i3, sales), at: Self.utc(2, 58), clock: clock)

        // Today: answered after a long wait, short and long abandons, a requeue by disconnect, pauses.
        try await Self.command(bob, "take", Self.on(i2, sales), at: Self.utc(3, 0, 30), clock: clock)
        try await Self.command(bob, "send", Self.on(i2, sales, ["text": "100"]), at: Self.utc(3, 1), clock: clock)
        let i4 = try await w.writes("hi", from: "+5491100000004", to: sales, at: Self.utc(3, 5))
        clock.set(Self.utc(3, 5, 5))
        try await w.server.center.customerGone(i4, in: sales)
        let i5 = try await w.writes("hi", from: "+5491100000005", to: sales, at: Self.utc(3, 6))
        let i6 = try await w.writes("ayuda", from: "+5491100000006", to: support, at: Self.utc(3, 7))
        try await Self.command(ana, "take", Self.on(i6, support), at: Self.utc(3, 7, 30), clock: clock)
        try await Self.command(ana, "send", Self.on(i6, support, ["text": "veamos"]), at: Self.utc(3, 8), clock: clock)
        clock.set(Self.utc(3, 8))
        try await w.server.center.customerGone(i5, in: sales)
        try await Self.command(cid, "login", at: Self.utc(3, 9), clock: clock)
        try await Self.command(sam, "disconnect", ["agent": w.ana.id.rawValue], at: Self.utc(3, 9, 30), clock: clock)
        try await Self.command(cid, "take", Self.on(i6, support), at: Self.utc(3, 10), clock: clock)
        try await Self.command(cid, "send", Self.on(i6, support, ["text": "listo"]), at: Self.utc(3, 11), clock: clock)
        try await Self.command(bob, "take", Self.on(i3, sales), at: Self.utc(3, 12), clock: clock)
        clock.set(Self.utc(3, 15))
        ana = try await w.socket(w.ana)
        try await Self.command(ana, "login", at: Self.utc(3, 15), clock: clock)
        try await Self.command(cid, "close", Self.on(i6, support), at: Self.utc(3, 20), clock: clock)
        try await Self.command(bob, "close", Self.on(i2, sales), at: Self.utc(3, 25), clock: clock)
        try await Self.command(bob, "close", Self.on(i3, sales), at: Self.utc(3, 26), clock: clock)
        try await Self.command(bob, "status", ["paused": "lunch"], at: Self.utc(3, 30), clock: clock)
        try await Self.command(bob, "status", at: Self.utc(3, 45), clock: clock)
        try await Self.command(sam, "pause", ["agent": w.bob.id.rawValue, "reason": "training"], at: Self.utc(4, 0), clock: clock)
        let i8 = try await w.writes("quiero comprar", from: "+5491100000008", to: sales, at: Self.utc(4, 12))
        try await Self.command(ana, "take", Self.on(i8, sales), at: Self.utc(4, 13), clock: clock)
        try await Self.command(ana, "send", Self.on(i8, sales, ["text": "claro"]), at: Self.utc(4, 13, 40), clock: clock)
        _ = try await w.writes("dos", from: "+5491100000008", to: sales, at: Self.utc(4, 14))
        _ = try await w.writes("?", from: "+5491100000009", to: support, at: Self.utc(4, 20))
        clock.set(Self.utc(4, 30))
        await w.server.center.tick()   // i9 waited the maximum 600 s: abandoned
        let i7 = try await w.writes("hola", from: "+5491100000007", to: support, at: Self.utc(4, 30, 10))
        clock.set(Self.utc(4, 35))

        let before = try await Self.snapshot(w, w.server)
        let restarted = try await Self.crashAndRestart(w)
        let after = try await Self.snapshot(w, restarted)
        #expect(after == before)

        // Not a vacuous equality: the figures METRICS.md defines, by hand.
        let salesToday = before.campaigns[0].today, supportToday = before.campaigns[1].today
        #expect(salesToday.offered == 3 && salesToday.answered == 2 && salesToday.answeredWithinT == 1)
        #expect(salesToday.abandoned == 2 && salesToday.shortAbandoned == 1 && salesToday.closed == 2)
        #expect(salesToday.serviceLevel == 1.0 / 3 && salesToday.aht == 1155 && salesToday.asa == 345)
        #expect(salesToday.firstResponseMean == 35 && salesToday.maxWait == 630)
        #expect(supportToday.offered == 3 && supportToday.answered == 1 && supportToday.abandoned == 1 && supportToday.closed == 1)
        #expect(supportToday.aht == 600 && supportToday.firstResponseMean == 30 && supportToday.maxWait == 600)
        #expect(before.campaigns[0].levels.aht == .warning && before.campaigns[0].levels.firstResponse == .warning)
        #expect(before.campaigns[1].waiting == 1 && before.campaigns[0].active == 1 && before.campaigns[0].agentsPaused == 1)
        let (anaInfo, bobInfo, cidInfo) = (before.agents[0], before.agents[1], before.agents[2])
        #expect(anaInfo.today.handled == 0 && anaInfo.today.firstResponses == 2 && anaInfo.today.firstResponse == 35)
        #expect(anaInfo.loggedInMilliseconds == (9 * 60 + 30 + 80 * 60) * 1000)
        #expect(bobInfo.today.handled == 2 && bobInfo.today.aht == 1155 && bobInfo.today.firstResponses == 1)
        #expect(before.presences[1].status == .paused(reason: "training", since: Self.utc(4, 0)))
        #expect(bobInfo.pausedMilliseconds == ["lunch": 15 * 60_000] && bobInfo.loggedInMilliseconds == 95 * 60_000)
        #expect(cidInfo.today.handled == 1 && cidInfo.today.firstResponses == 0 && before.presences[2].status == .available)
        #expect(before.waiting[2].map(\.interaction) == [i7] && before.inboxes[0].map(\.id) == [i8])
        #expect(before.inboxes[0].first?.transcript.map(\.text) == ["quiero comprar", "claro", "dos"])

        // The rebuilt state goes on: Ana closes what she held, the store follows, the figures move once.
        clock.set(Self.utc(4, 36))
        try await restarted.center.close(i8, in: sales, by: w.ana.id)
        try await restarted.store.barrier()
        #expect(try await restarted.store.interaction(i8)?.state == .closed)
        #expect(await restarted.center.directory.campaign(sales)?.figures().today.closed == 3)
        await restarted.remove()
        await w.server.remove()
    }

    @Test func anAutoAssignOfferIsMadeAgainAfterARestart() async throws {
        let w = try await World.make(at: Self.utc(12, 0))
        let (support, clock) = (w.support, w.clock)
        let rest = w.server.api(await w.server.login("root"))
        #expect(await rest.put("/api/campaigns/\(support)", ["autoAssign": true]).status == 200)
        let cid = try await w.socket(w.cid)
        try await Self.command(cid, "login", at: Self.utc(12, 0), clock: clock)
        let offered = try await w.writes("hola", from: "+5491100000001", to: support, at: Self.utc(12, 1))
        try await w.server.store.barrier()
        #expect(try await w.server.store.interaction(offered)?.state == .reserved)
        clock.set(Self.utc(12, 1, 10))

        let before = try await Self.snapshot(w, w.server)
        let restarted = try await Self.crashAndRestart(w)
        var after = try await Self.snapshot(w, restarted)
        // Offered anew to the same agent (the only one available): a full reservation time from the restart.
        let reoffer = await restarted.center.directory.campaign(support)?.view(of: offered)
        #expect(reoffer?.phase == .reserved)
        #expect(reoffer?.reservedUntil == Self.utc(12, 1, 10).adding(seconds: 30))
        #expect(before.inboxes[2].first?.reservedUntil == Self.utc(12, 1).adding(seconds: 30))
        for i in after.inboxes.indices {
            for j in after.inboxes[i].indices { after.inboxes[i][j].reservedUntil = before.inboxes[i][j].reservedUntil }
        }
        for i in after.agents.indices {
            for j in after.agents[i].interactions.indices {
                after.agents[i].interactions[j].reservedUntil = before.agents[i].interactions[j].reservedUntil
            }
        }
        #expect(after == before)
        try await restarted.store.barrier()
        let row = try await restarted.store.interaction(offered)
        #expect(row?.state == .reserved && row?.agentID == w.cid.id)
        try await restarted.center.take(offered, in: support, by: w.cid.id)
        #expect(await restarted.center.directory.campaign(support)?.figures().today.answered == 1)
        await restarted.remove()
        await w.server.remove()
    }

    @Test func aRestartJustAfterMidnightCountsNothingFromYesterday() async throws {
        // Buenos Aires: 23:40 on January 1st is 02:40Z; its midnight is 03:00Z.
        let w = try await World.make(at: Self.utc(2, 40))
        let (sales, clock) = (w.sales, w.clock)
        let ana = try await w.socket(w.ana)
        try await Self.command(ana, "login", at: Self.utc(2, 40), clock: clock)
        let i1 = try await w.writes("hola", from: "+5491100000001", to: sales, at: Self.utc(2, 41))
        try await Self.command(ana, "take", Self.on(i1, sales), at: Self.utc(2, 42), clock: clock)
        try await Self.command(ana, "send", Self.on(i1, sales, ["text": "buenas"]), at: Self.utc(2, 42, 30), clock: clock)
        try await Self.command(ana, "close", Self.on(i1, sales), at: Self.utc(2, 50), clock: clock)
        let i2 = try await w.writes("sigo acá", from: "+5491100000002", to: sales, at: Self.utc(2, 55))
        try await Self.command(ana, "status", ["paused": "lunch"], at: Self.utc(2, 58), clock: clock)
        clock.set(Self.utc(3, 10))

        let before = try await Self.snapshot(w, w.server)
        let restarted = try await Self.crashAndRestart(w)
        let after = try await Self.snapshot(w, restarted)
        #expect(after == before)

        let today = before.campaigns[0].today
        #expect(today.offered == 0 && today.answered == 0 && today.closed == 0 && today.firstResponseMean == nil)
        #expect(today.maxWait == 900)                         // i2, still waiting since yesterday, is in the interval
        #expect(before.campaigns[0].window.offered == 2 && before.campaigns[0].window.closed == 1)
        #expect(before.agents[0].today == AgentFigures() && before.agents[0].pausedMilliseconds == [:])
        #expect(before.agents[0].loggedInMilliseconds == 10 * 60_000)
        #expect(before.presences[0].status == .paused(reason: "lunch", since: Self.utc(2, 58)))
        #expect(before.waiting[0].map(\.interaction) == [i2] && before.waiting[0].first?.enqueuedAt == Self.utc(2, 55))

        // Yesterday's waiting one answered after the restart counts as answered today (offered it was yesterday).
        clock.set(Self.utc(3, 11))
        try await restarted.center.setPaused(w.ana.id, reason: nil)
        try await restarted.center.take(i2, in: sales, by: w.ana.id)
        let figures = try #require(await restarted.center.directory.campaign(sales)?.figures())
        #expect(figures.today.offered == 0 && figures.today.answered == 1 && figures.today.asa == 960)
        await restarted.remove()
        await w.server.remove()
    }
}
