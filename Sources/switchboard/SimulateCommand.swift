import ArgumentParser
import Foundation
import SwitchboardSimulator

/// `switchboard simulate --target URL …`: plays both provider sides (customers' signed webhooks, the send API and
/// its status callbacks) and optionally agents against a running server, for the demo and the end-to-end tests.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate customers, the providers' APIs and agents against a running Switchboard.",
        discussion: """
            Example: switchboard simulate --target http://127.0.0.1:8080 --duration 60 \\
              --cloud id=1,number=+59899000001,secret=APP_SECRET,account=PHONE_NUMBER_ID \\
              --classic id=2,number=+59899000002,secret=AUTH_TOKEN,account=ACCOUNT_SID \\
              --provider-port 9100 --agent alex:pass --campaign 1 --campaign 2
            Point the providers' baseUrl at http://127.0.0.1:<provider-port> so outbound messages come here.
            """
    )

    @Option(help: "The server's base URL.") var target: String
    @Option(help: "Seed of the traffic (same seed, same customers and messages).") var seed: UInt64 = 1
    @Option(help: "Seconds to run.") var duration: Double?
    @Option(help: "Customer messages to send, then stop (instead of --duration).") var count: Int?
    @Option(help: "New conversations per second on average.") var rate: Double = 1.0
    @Option(help: "Most turns of a conversation.") var turns: Int = 4
    @Option(help: "Mean seconds between a customer's turns.") var turnGap: Double = 8
    @Option(help: "Share of customers who write once and give up (0...1).") var abandon: Double = 0.15
    @Option(help: "A cloud provider: id=N,number=+E164[,number=…],secret=APP_SECRET,account=PHONE_NUMBER_ID") var cloud: [String] = []
    @Option(help: "A classic provider: id=N,number=+E164[,number=…],secret=AUTH_TOKEN,account=ACCOUNT_SID") var classic: [String] = []
    @Option(help: "An agent login to simulate: user:password (repeat).") var agent: [String] = []
    @Option(help: "Simulate only the first N of the --agent logins.") var agents: Int?
    @Option(help: "A campaign id whose waiting list the agents watch (repeat).") var campaign: [Int64] = []
    @Option(help: "Port of the simulated provider API (0: any).") var providerPort: Int = 0
    @Option(help: "Share of outbound messages that fail (0...1).") var failures: Double = 0.05
    @Option(help: "How many times faster than a person the simulated agents look, type and pause.") var agentPace: Double = 1

    func validate() throws {
        if duration != nil && count != nil { throw ValidationError("give --duration or --count, not both") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        guard rate > 0, rate <= 10_000 else { throw ValidationError("--rate must be in (0, 10000]") }
        guard (0...1).contains(abandon), (0...1).contains(failures) else { throw ValidationError("--abandon and --failures are shares 0...1") }
        guard agentPace > 0, agentPace <= 100 else { throw ValidationError("--agent-pace must be in (0, 100]") }
        guard turns >= 1 else { throw ValidationError("--turns must be at least 1") }
        guard (0...65_535).contains(providerPort) else { throw ValidationError("--provider-port must be 0...65535") }
    }

    func run() async throws {
        var options = SimulationOptions(target: target)
        options.seed = seed
        options.bound = count.map { .messages($0) } ?? .seconds(duration ?? 60)
        options.profile.rate = rate
        options.profile.maxTurns = turns
        options.profile.meanTurnGap = turnGap
        options.profile.abandonShare = abandon
        options.failureShare = failures
        options.providerPort = providerPort
        options.campaigns = campaign
        options.agentBehaviour = AgentBehaviour().faster(agentPace)
        do {
            options.providers = try cloud.map { try SimulatedProvider.parse(.cloud, $0) } + classic.map { try SimulatedProvider.parse(.classic, $0) }
            var logins: [(username: String, password: String)] = []
            for text in agent {
                let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw SimulatorError.badAgent(text) }
                logins.append((parts[0], parts[1]))
            }
            options.agents = Array(logins.prefix(agents ?? logins.count))
            let simulation = try Simulation(options) { line in
                FileHandle.standardError.write(Data("[simulate] \(line)\n".utf8))
            }
            let port = try simulation.startProviderEndpoint()
            FileHandle.standardError.write(Data(
                "[simulate] provider API on http://\(options.providerHost):\(port), \(simulation.plan.count) customer messages planned, \(options.agents.count) agents\n".utf8))
            let summary = await simulation.run()
            print(summary.text)
        } catch let error as SimulatorError {
            throw ValidationError(error.description)
        }
    }
}
