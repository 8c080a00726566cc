import Foundation
import SwitchboardDomain
import SwitchboardSimulator
import Testing

/// The simulator's agent against the real app (issue 10): it logs in over REST, opens /live, sees the waiting
/// customer, takes, answers and closes with a disposition, all committed to the store.
@Suite struct SimulatedAgentTests {
    @Test func aSimulatedAgentTakesAnswersAndClosesAWaitingCustomer() async throws {
        let server = try await LiveTestServer.start()
        let scenario = try await server.scenario()
        let interaction = try await server.customerWrites("Hola, ¿me ayudan?", from: "+59891234567", to: scenario.campaign)
        var behaviour = AgentBehaviour()
        behaviour.thinkSeconds = 0...0.05
        behaviour.replySeconds = 0...0.05
        behaviour.repliesBeforeClose = 1...1
        behaviour.pauseChance = 0
        let summary = SimulationSummary()
        let agent = try SimulatedAgent(username: "ana", password: "password123", target: "http://127.0.0.1:\(server.port)",
                                       campaigns: [scenario.campaign.rawValue], behaviour: behaviour, seed: 1, summary: summary)
        // Bounded: the agent stops after its first close, or after 15 s when something is wrong.
        let outcome = await agent.run(until: Simulation.now() + 15_000, closing: 1)
        #expect(outcome == "ana: closed 1")
        let counts = summary.snapshot
        #expect(counts.agentsLoggedIn == 1 && counts.taken == 1 && counts.replies == 1 && counts.closed == 1 && counts.agentErrors == 0)

        let rest = server.api(await server.login("root"))
        let detail = await rest.get("/api/recordings/\(interaction.rawValue)").object
        #expect(detail["state"] as? String == "closed")
        #expect(AgentBehaviour.dispositionsForTests.contains(detail["disposition"] as? String ?? ""))
        let transcript = detail["transcript"] as? [[String: Any]] ?? []
        #expect(transcript.map { $0["sender"] as? String } == ["customer", "agent"])
        await server.remove()
    }

    @Test func aWrongPasswordIsReportedNotRetriedForever() async throws {
        let server = try await LiveTestServer.start()
        _ = try await server.scenario()
        let summary = SimulationSummary()
        let agent = try SimulatedAgent(username: "ana", password: "wrong-password", target: "http://127.0.0.1:\(server.port)",
                                       campaigns: [], behaviour: AgentBehaviour(), seed: 1, summary: summary)
        let outcome = await agent.run(until: Simulation.now() + 15_000)
        #expect(outcome.hasPrefix("ana: login failed: HTTP 401"))
        #expect(summary.snapshot.agentErrors == 1 && summary.snapshot.agentsLoggedIn == 0)
        await server.remove()
    }
}
