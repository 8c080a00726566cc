import Glibc
import SwitchboardNet
import SwitchboardSync

/// One run: the provider API endpoint listening, the customers' webhooks sent on their planned times, the status
/// callbacks of every outbound message, and the simulated agents working, all until the run's end.
public final class Simulation: Sendable {
    public let options: SimulationOptions
    public let summary = SimulationSummary()
    public let plan: [PlannedMessage]
    private let sender: WebhookSender
    private let agents: [SimulatedAgent]
    private let server = Locked<NetworkServer?>(nil)
    /// Where the classic media URLs point: the provider endpoint once it listens (Twilio's API before).
    private let mediaBase = Locked("https://api.twilio.com")
    private let statusTasks = Locked<[Task<Void, Never>]>([])
    /// Set once the run ends: status callbacks still planned are not sent.
    private let endAt = Locked<Int64>(Int64.max)
    private let log: @Sendable (String) -> Void

    /// Monotonic milliseconds.
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    public init(_ options: SimulationOptions, log: @escaping @Sendable (String) -> Void = { print($0) }) throws(SimulatorError) {
        guard !options.providers.isEmpty else { throw .noProviders }
        self.options = options
        self.log = log
        sender = try WebhookSender(target: options.target, summary: summary)
        plan = TrafficPlan.make(seed: options.seed, profile: options.profile, bound: options.bound, providers: options.providers)
        var agents: [SimulatedAgent] = []
        for (n, login) in options.agents.enumerated() {
            agents.append(try SimulatedAgent(username: login.username, password: login.password, target: sender.target,
                                             campaigns: options.campaigns, behaviour: options.agentBehaviour,
                                             seed: options.seed &* 7_919 &+ UInt64(n + 1), summary: summary))
        }
        self.agents = agents
    }

    /// Starts the provider endpoint; returns its port.
    public func startProviderEndpoint() throws(SimulatorError) -> Int {
        var configuration = NetworkServerConfiguration()
        configuration.host = options.providerHost
        configuration.port = options.providerPort
        configuration.loopCount = 1
        let endpoint = ProviderEndpoint(providers: options.providers) { [self] send in
            summary.update { $0.outboundReceived += 1 }
            scheduleStatuses(send)
        }
        let server = NetworkServer(configuration: configuration, delegate: endpoint)
        do throws(IOError) { try server.start() } catch { throw .listen("\(error)") }
        self.server.withLock { $0 = server }
        let port = server.port ?? options.providerPort
        mediaBase.withLock { $0 = "http://\(options.providerHost.contains(":") ? "[\(options.providerHost)]" : options.providerHost):\(port)" }
        return port
    }

    /// Runs to the end (the duration, or the last message plus the grace time) and returns the summary.
    public func run() async -> SimulationSummary {
        let start = Self.now()
        let lastAt = plan.last?.at ?? 0
        let end: Int64 = switch options.bound {
        case .seconds(let s): start + Int64(s * 1000)
        case .messages: start + lastAt + Int64(options.graceSeconds * 1000)
        }
        await withTaskGroup(of: Void.self) { group in
            for agent in agents {
                group.addTask { [log] in log(await agent.run(until: end)) }
            }
            for message in plan {
                let wait = start + message.at - Self.now()
                if wait > 0 { try? await Task.sleep(for: .milliseconds(wait)) }
                let provider = options.providers[message.provider]
                let request = sender.request(for: message, provider: provider, timestamp: Self.unixSeconds(),
                                             mediaBase: mediaBase.withLock { $0 })
                group.addTask { [sender] in await sender.send(request) }
            }
            let rest = end - Self.now()
            if rest > 0 { try? await Task.sleep(for: .milliseconds(rest)) }
            endAt.withLock { $0 = Self.now() }
        }
        // Statuses still waiting for their time are dropped: the run is over.
        for task in statusTasks.withLock({ $0 }) { task.cancel(); await task.value }
        server.withLock { $0 }?.shutdown(graceMilliseconds: 500)
        return summary
    }

    private func scheduleStatuses(_ send: OutboundSend) {
        let provider = options.providers[send.provider]
        let plan = StatusPlan.make(for: send.id, seed: options.seed, failureShare: options.failureShare, readShare: options.readShare)
        let task = Task { [sender, endAt] in
            let start = Self.now()
            for step in plan {
                let wait = start + step.afterMilliseconds - Self.now()
                if wait > 0 { try? await Task.sleep(for: .milliseconds(wait)) }
                guard Self.now() < endAt.withLock({ $0 }) else { return }
                await sender.send(sender.statusRequest(id: send.id, status: step.status, recipient: send.to, number: send.from,
                                                       provider: provider, timestamp: Self.unixSeconds()), isStatus: true)
            }
        }
        statusTasks.withLock { $0.append(task) }
    }

    static func unixSeconds() -> Int64 { Int64(time(nil)) }
}
