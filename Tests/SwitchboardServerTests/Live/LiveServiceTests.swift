import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing

/// The live service's start-up rebuild and its REST hooks.
@Suite("Live service")
struct LiveServiceTests {
    @Test func restartBringsBackQueuedAndActiveInteractions() async throws {
        let first = try await LiveTestServer.start()
        let s = try await first.scenario()
        let waiting = try await first.customerWrites("first", from: "+5491100000001", to: s.campaign)
        let held = try await first.customerWrites("second", from: "+5491100000002", to: s.campaign)
        let stillWaiting = try await first.customerWrites("third", from: "+5491100000003", to: s.campaign)
        try await first.center.login(s.agent.id)
        try await first.center.take(held, in: s.campaign, by: s.agent.id)
        try await first.store.barrier()
        let enqueuedAt = try #require(try await first.store.interaction(waiting)?.enqueuedAt)
        await first.stop()

        let second = try await LiveTestServer.start(directory: first.directory)
        let list = try await second.center.waitingList(for: s.agent.id)
        #expect(list.map(\.interaction) == [waiting, stillWaiting])
        #expect(list.first?.enqueuedAt == enqueuedAt)   // the stored enqueue time, not the restart's
        let inbox = try await second.center.inboxSnapshot(for: s.agent.id)
        guard case .inbox(_, let views) = inbox.payload else { Issue.record("not an inbox"); return }
        #expect(views.map(\.id) == [held])
        #expect(views.first?.phase == .active)
        #expect(views.first?.transcript.map(\.text) == ["second"])
        // The rebuilt state goes on as before: the agent closes what it held, the store follows.
        try await second.center.close(held, in: s.campaign, by: s.agent.id)
        try await second.store.barrier()
        #expect(try await second.store.interaction(held)?.state == .closed)
        await second.remove()
    }

    @Test func campaignChangesThroughTheAPIReachTheLiveActor() async throws {
        let server = try await LiveTestServer.start()
        let s = try await server.scenario()
        let actor = try #require(server.center.directory.campaign(s.campaign))
        #expect(await actor.isMember(s.agent.id))
        let rest = server.api(await server.login("root"))
        #expect(await rest.put("/api/campaigns/\(s.campaign)", ["maxInteractionsPerAgent": 5, "enabled": false] as [String: Any]).status == 200)
        let configuration = await actor.configuration
        #expect(configuration.maxInteractionsPerAgent == 5)
        #expect(configuration.enabled == false)
        #expect(await rest.delete("/api/campaigns/\(s.campaign)/members/\(s.agent.id)").status == 204)
        #expect(await actor.isMember(s.agent.id) == false)
        await server.remove()
    }
}
