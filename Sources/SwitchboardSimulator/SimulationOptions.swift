/// Everything a run needs: where to send, what to simulate, how long.
public struct SimulationOptions: Sendable {
    /// The target server's base URL (`http://127.0.0.1:8080`).
    public var target: String
    public var seed: UInt64 = 1
    public var bound: TrafficPlan.Bound = .seconds(60)
    public var profile = TrafficProfile()
    public var providers: [SimulatedProvider] = []
    /// Logins of the agents to simulate.
    public var agents: [(username: String, password: String)] = []
    /// Campaign ids whose waiting lists the agents watch (the ones they are not members of are ignored).
    public var campaigns: [Int64] = []
    public var agentBehaviour = AgentBehaviour()
    /// Where the provider API endpoint listens (port 0: any free port).
    public var providerHost = "127.0.0.1"
    public var providerPort = 0
    /// Shares of outbound messages whose status goes to failed, and (of the others) to read.
    public var failureShare = 0.05
    public var readShare = 0.8
    /// Seconds to wait after the last customer message of a `--count` run for statuses and agents.
    public var graceSeconds = 3.0

    public init(target: String) { self.target = target }
}
