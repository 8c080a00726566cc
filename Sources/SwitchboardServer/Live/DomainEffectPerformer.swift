import Logging
import Synchronization
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore
import SwitchboardSync

/// Performs the domain's effects: persists interaction changes, agent states, chat lines, audit entries and
/// alerts (queued to the store's writer, which batches them: never blocking the calling actor), revokes a
/// disconnected agent's sessions and closes its sockets with 4001.
public final class DomainEffectPerformer: DomainEffectSink {
    /// WebSocket close code of a supervisor's disconnect (protocol.md).
    public static let disconnectedCode = WebSocketCloseCode(rawValue: 4001)

    private let store: StoreDatabase
    private let access: AccessDirectory
    private let registry: LiveConnectionRegistry
    private let clock: any WallClock
    private let logger: Logger
    private let network = ServerReference()  // weak: the server owns us through its delegate
    /// While set (the start-up rebuild replays the store), effects are dropped: they are already in the store.
    private let muted = Atomic<Bool>(false)
    /// Effects that failed in the store (tests and metrics).
    public let failures = Atomic<Int>(0)

    /// Creates the performer.
    public init(store: StoreDatabase, access: AccessDirectory, registry: LiveConnectionRegistry, clock: any WallClock,
                logger: Logger) {
        self.store = store
        self.access = access
        self.registry = registry
        self.clock = clock
        self.logger = logger
    }

    /// Sockets are closed through `network` from now on.
    public func attach(_ network: NetworkServer) { self.network.set(network) }

    /// Drops effects while `on` (the rebuild).
    public func mute(_ on: Bool) { muted.store(on, ordering: .sequentiallyConsistent) }

    /// The store event for a domain interaction record; nil when the store already has that state (a new
    /// interaction was recorded by the inbound path before it was enqueued).
    static func event(for record: SwitchboardDomain.InteractionRecord) -> InteractionEvent? {
        switch record.phase {
        case .queued: record.requeued ? .requeued(at: record.at) : nil
        case .reserved: record.agent.map { .reserved(agent: $0, at: record.at) }
        case .active: record.agent.map { .taken(agent: $0, at: record.takenAt ?? record.at) }
        case .closed: .closed(at: record.at, subject: record.subject, disposition: record.disposition)
        case .abandoned: .abandoned(at: record.at)
        }
    }

    /// The audit line of a supervisor action; `actorRole` is the actor's role when it acted (as the REST routes record it).
    static func auditEntry(_ entry: SwitchboardDomain.AuditEntry, actorRole: UserRole? = nil, origin: CommandOrigin? = nil)
        -> SwitchboardStore.AuditEntry {
        var target = "agent:\(entry.agent)"
        if let interaction = entry.interaction { target += " interaction:\(interaction)" }
        return SwitchboardStore.AuditEntry(at: entry.at, actorID: entry.actor, action: entry.action.rawValue, target: target,
                                           detail: entry.detail.isEmpty ? nil : entry.detail, actorRole: actorRole?.rawValue,
                                           address: origin?.address, userAgent: origin?.userAgent)
    }

    /// The audit line of a threshold alert.
    static func alertEntry(_ alert: ThresholdAlert) -> SwitchboardStore.AuditEntry {
        let value = alert.value.map { "\($0)" } ?? "null"
        return SwitchboardStore.AuditEntry(
            at: alert.at, actorID: nil, action: "alert", target: "campaign:\(alert.campaign)",
            detail: "\(alert.metric.rawValue) \(alert.previous.name) -> \(alert.level.name) (\(value))")
    }

    /// Queues the effect's IO and returns at once.
    public func perform(_ effect: DomainEffect) {
        if muted.load(ordering: .sequentiallyConsistent) { return }
        switch effect {
        case .recordInteraction(let record):
            guard let event = Self.event(for: record) else { return }
            store.recordLater(event, for: record.id, completion: report("interaction \(record.id) \(record.phase)"))
        case .recordAgentStatus(let agent, let status, let at):
            // The rebuild replays these (RecordedAgentStatus reads them back).
            store.appendAuditLater(SwitchboardStore.AuditEntry(at: at, actorID: agent, action: RecordedAgentStatus.action,
                                                               target: "agent:\(agent)", detail: RecordedAgentStatus.detail(status),
                                                               actorRole: access.user(agent)?.role.rawValue),
                                   completion: report("agent status"))
        case .recordChat(let line):
            let supervisor: UserID, fromSupervisor: Bool
            switch line.author {
            case .supervisor(let user): (supervisor, fromSupervisor) = (user, true)
            case .agent: (supervisor, fromSupervisor) = (UserID(0), false)   // to all its supervisors
            }
            store.appendChatLater(agent: line.agent, supervisor: supervisor, fromSupervisor: fromSupervisor, at: line.at, body: line.text,
                                  completion: report("chat"))
        case .audit(let entry):
            store.appendAuditLater(Self.auditEntry(entry, actorRole: access.user(entry.actor)?.role, origin: registry.lastOrigin(of: entry.actor)),
                                   completion: report("audit"))
        case .alert(let alert):
            store.appendAuditLater(Self.alertEntry(alert), completion: report("alert"))
        case .revokeSessions(let agent):
            // In memory at once (the next request or command is refused), in the store with the next batch.
            access.revokedAll(of: agent, reason: .disconnected)
            store.revokeSessionsLater(of: agent, at: clock.now(), completion: report("revoke sessions"))
        case .closeSockets(let agent):
            guard let network = network.server else { return }
            let reason = AccessDirectory.SessionEnd.disconnected.reason
            for id in registry.connections(of: agent) { network.close(id, code: Self.disconnectedCode, reason: reason) }
        }
    }

    private func report(_ what: String) -> @Sendable (Result<Void, StoreError>) -> Void {
        { [self] result in
            if case .failure(let error) = result {
                failures.add(1, ordering: .relaxed)
                logger.error("effect not stored: \(what): \(error)")
            }
        }
    }
}
