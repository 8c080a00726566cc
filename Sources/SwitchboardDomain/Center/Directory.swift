import SwitchboardSync

/// Finds campaign and agent actors by id. Lookups take a short lock and never suspend (an actor here would add a hop
/// to every command).
public final class Directory: Sendable {
    private let campaignTable = Locked<[CampaignID: CampaignActor]>([:])
    private let agentTable = Locked<[AgentID: AgentActor]>([:])

    /// An empty directory.
    public init() {}

    /// The campaign's actor.
    public func campaign(_ id: CampaignID) -> CampaignActor? { campaignTable.withLock { $0[id] } }
    /// The agent's actor.
    public func agent(_ id: AgentID) -> AgentActor? { agentTable.withLock { $0[id] } }
    /// Every campaign actor.
    public var campaigns: [CampaignActor] { campaignTable.withLock { Array($0.values) } }
    /// Every agent actor.
    public var agents: [AgentActor] { agentTable.withLock { Array($0.values) } }

    /// Registers (or replaces) a campaign actor.
    public func register(_ actor: CampaignActor) { campaignTable.withLock { $0[actor.id] = actor } }
    /// Registers (or replaces) an agent actor.
    public func register(_ actor: AgentActor) { agentTable.withLock { $0[actor.id] = actor } }

    /// The slots of the given agents that are registered.
    public func slots(for agents: some Sequence<AgentID>) -> [AgentID: AgentSlot] {
        agentTable.withLock { table in
            var result: [AgentID: AgentSlot] = [:]
            for id in agents { if let actor = table[id] { result[id] = actor.slot } }
            return result
        }
    }
}
