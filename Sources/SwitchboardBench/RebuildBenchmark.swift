import ArgumentParser
import Foundation
import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardServer
import SwitchboardStore

/// `SwitchboardBench rebuild`: how long the start-up rebuild takes after a busy day. Writes a day of interactions
/// (enqueue, take, replies, close or abandon, some requeued, some still open) and agents' status changes through
/// the store's own write path, reopens the file, and times `LiveService.rebuild()` replaying it into the domain.
struct RebuildBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rebuild", abstract: "Start-up rebuild: seconds to replay a day.")

    @Option(help: "Interactions today.") var interactions = 20_000
    @Option(help: "Of which still open (queued or active) at the restart.") var open = 500
    @Option(help: "Campaigns.") var campaigns = 20
    @Option(help: "Agents (each in one campaign).") var agents = 200
    @Option(help: "Closed interactions from earlier days (the rebuild must not read them).") var history = 0

    /// The restart instant: 2026-01-02T20:00:00Z (the day, UTC, began 20 hours before).
    struct RestartClock: WallClock {
        func now() -> Timestamp { Timestamp(milliseconds: 1_767_384_000_000) }
    }

    func run() async throws {
        let directory = NSTemporaryDirectory() + "switchboard-rebuild-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bench.db"
        let clock = RestartClock(), day = clock.now().adding(seconds: -20 * 3600)
        let seedStart = Date()
        try await seed(path, day: day)
        let seedSeconds = Date().timeIntervalSince(seedStart)

        let store = try await StoreDatabase.open(StoreConfiguration(path: path))
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let live = LiveService(store: store, access: AccessDirectory(clock: clock), topics: TopicRegistry(), clock: clock, logger: logger)
        let start = ContinuousClock.now
        try await live.rebuild()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var waiting = 0, active = 0, offered: Int64 = 0, closed: Int64 = 0
        for campaign in live.center.directory.campaigns {
            let figures = await campaign.figures()
            waiting += figures.waiting
            active += figures.active
            offered += figures.today.offered
            closed += figures.today.closed
        }
        await store.close()
        print("| interactions today | open | earlier days | campaigns | agents | rebuild s | interactions/s | seed s | waiting | active | "
              + "offered today | closed today |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        print("| \(interactions) | \(open) | \(history) | \(campaigns) | \(agents) | \(String(format: "%.3f", seconds)) | "
              + "\(Int(Double(interactions) / seconds)) | \(String(format: "%.1f", seedSeconds)) | \(waiting) | \(active) | \(offered) | "
              + "\(closed) |")
    }

    /// Writes the day through the store's API, as the live side would have (fire-and-forget writes, one barrier).
    private func seed(_ path: String, day: Timestamp) async throws {
        let store = try await StoreDatabase.open(StoreConfiguration(path: path))
        let provider = try await store.createProvider(ProviderInput(
            name: "Bench", baseURL: "https://api.example.test", numbers: (0..<campaigns).map { "+1555\(String(format: "%07d", $0))" },
            settings: .classic(accountSID: "AC0", authToken: "secret")), at: day)
        var campaignIDs: [CampaignID] = [], agentIDs: [AgentID] = []
        for n in 0..<campaigns {
            var settings = CampaignSettings(name: "Campaign \(n)", providerID: provider.id, number: "+1555\(String(format: "%07d", n))")
            settings.maxQueueSeconds = 86_400   // the open ones still wait at the restart
            campaignIDs.append(try await store.createCampaign(settings, at: day).id)
        }
        for n in 0..<agents {
            let agent = try await store.createUser(NewUser(username: "agent\(n)", displayName: "Agent \(n)", role: .agent, passwordHash: "x"),
                                                   at: day).id
            agentIDs.append(agent)
            _ = try await store.addMember(agent, to: campaignIDs[n % campaigns])
            store.appendAuditLater(AuditEntry(at: day.adding(seconds: 60), actorID: agent, action: "agent.status", target: "agent:\(agent)",
                                              detail: n % 10 == 0 ? "paused lunch" : "available"), completion: { _ in })
        }
        // Earlier days first (ids follow submission order: the writer is FIFO, the file is new).
        let earlier = Int64(30 * 86_400_000) / Int64(max(1, history))
        for i in 0..<history {
            let id = InteractionID(Int64(i + 1)), c = i % campaigns, at = day.adding(milliseconds: -30 * 86_400_000 + Int64(i) * earlier)
            store.recordInbound(InboundMessage(campaignID: campaignIDs[c], providerID: provider.id, providerMessageID: "h\(i)",
                                               heyNowNumber: "+5988\(i)", at: at, body: "hola \(i)"), completion: { _ in })
            store.recordLater(.taken(agent: agentIDs[c], at: at.adding(seconds: 20)), for: id, completion: { _ in })
            store.recordLater(.closed(at: at.adding(seconds: 200), subject: nil), for: id, completion: { _ in })
        }
        // Today's interactions spread over the day.
        let span = Int64(19 * 3600 * 1000) / Int64(max(1, interactions))
        for i in 0..<interactions {
            let id = InteractionID(Int64(history + i + 1)), c = i % campaigns
            let agent = agentIDs[(i / campaigns % max(1, agents / campaigns)) * campaigns + c]
            let enqueued = day.adding(milliseconds: 300_000 + Int64(i) * span)
            store.recordInbound(InboundMessage(campaignID: campaignIDs[c], providerID: provider.id, providerMessageID: "m\(i)",
                                               heyNowNumber: "+5989\(i)", at: enqueued, body: "hola \(i)"), completion: { _ in })
            let isOpen = i >= interactions - open
            if i % 10 == 9 && !isOpen {
                store.recordLater(.abandoned(at: enqueued.adding(seconds: 40)), for: id, completion: { _ in })
                continue
            }
            if isOpen && i % 2 == 0 { continue }   // still waiting
            var taken = enqueued.adding(seconds: 20)
            store.recordLater(.taken(agent: agent, at: taken), for: id, completion: { _ in })
            store.appendMessage(NewMessage(interactionID: id, sender: .agent, agentID: agent, at: taken.adding(seconds: 15), body: "buenas"),
                                completion: { _ in })
            if i % 50 == 7 {
                store.recordLater(.requeued(at: taken.adding(seconds: 30)), for: id, completion: { _ in })
                taken = taken.adding(seconds: 40)
                store.recordLater(.taken(agent: agent, at: taken), for: id, completion: { _ in })
            }
            store.appendMessage(NewMessage(interactionID: id, sender: .customer, at: taken.adding(seconds: 50), body: "gracias"),
                                completion: { _ in })
            if !isOpen { store.recordLater(.closed(at: taken.adding(seconds: 180), subject: nil), for: id, completion: { _ in }) }
        }
        try await store.barrier()
        await store.close()
    }
}
