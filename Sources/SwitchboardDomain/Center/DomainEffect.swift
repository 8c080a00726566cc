/// Something the server must do with IO because of a domain decision (STYLE.md idiom 9): the domain decides,
/// the server persists, audits, revokes and closes.
public enum DomainEffect: Sendable, Equatable {
    /// Persist an interaction's new phase and timestamps.
    case recordInteraction(InteractionRecord)
    /// Persist an agent's state change.
    case recordAgentStatus(AgentID, AgentStatus, at: Timestamp)
    /// Persist a supervisor chat line.
    case recordChat(ChatLine)
    /// Write an audit log entry.
    case audit(AuditEntry)
    /// A threshold crossed or recovered: audit log (the wallboard already has it).
    case alert(ThresholdAlert)
    /// Revoke every session of the agent (disconnect).
    case revokeSessions(AgentID)
    /// Close every socket of the agent (disconnect), with WebSocket close code 4001 in protocol.md.
    case closeSockets(AgentID)
}

/// Receives the domain's effects; the server performs them (persist, audit, revoke, close).
public protocol DomainEffectSink: Sendable {
    /// Called from within an actor: must be quick (enqueue for the writer), never block.
    /// - Parameter effect: what to do.
    func perform(_ effect: DomainEffect)
}

/// An effect sink that drops everything (benchmarks).
public struct DiscardingEffectSink: DomainEffectSink {
    /// Creates the sink.
    public init() {}
    /// Drops the effect.
    public func perform(_ effect: DomainEffect) {}
}

/// An interaction's persistent fields after a change.
public struct InteractionRecord: Sendable, Equatable {
    /// Its id.
    public let id: InteractionID
    /// Its campaign.
    public let campaign: CampaignID
    /// The customer's number.
    public let customer: String
    /// Its new phase.
    public let phase: InteractionPhase
    /// The agent holding it (active, reserved, closed).
    public let agent: AgentID?
    /// First enqueue.
    public let enqueuedAt: Timestamp
    /// Last take.
    public let takenAt: Timestamp?
    /// First agent reply.
    public let firstAgentReplyAt: Timestamp?
    /// When it was closed or abandoned (or requeued, for a requeue record).
    public let at: Timestamp
    /// Whether this record is a requeue (the agent was disconnected).
    public let requeued: Bool
    /// The subject the agent gave when closing (nil: keep the automatic one).
    public var subject: String?
    /// The disposition the agent chose when closing.
    public var disposition: String?

    /// Creates a value.
    public init(id: InteractionID, campaign: CampaignID, customer: String, phase: InteractionPhase, agent: AgentID?, enqueuedAt: Timestamp,
                takenAt: Timestamp?, firstAgentReplyAt: Timestamp?, at: Timestamp, requeued: Bool) {
        self.id = id
        self.campaign = campaign
        self.customer = customer
        self.phase = phase
        self.agent = agent
        self.enqueuedAt = enqueuedAt
        self.takenAt = takenAt
        self.firstAgentReplyAt = firstAgentReplyAt
        self.at = at
        self.requeued = requeued
    }
}

/// A supervisor action, as audited.
public enum SupervisorAction: String, Sendable, Equatable {
    /// Watch an interaction live.
    case spy
    /// Stop watching.
    case unspy
    /// Watch an agent's screen.
    case screenStart = "screen.start"
    /// Stop watching a screen.
    case screenStop = "screen.stop"
    /// Read an agent's figures.
    case info
    /// Pause an agent.
    case pause
    /// Resume an agent.
    case resume
    /// Write to an agent.
    case chat
    /// Disconnect an agent.
    case disconnect
}

/// One audit log line.
public struct AuditEntry: Sendable, Equatable {
    /// Who acted.
    public let actor: UserID
    /// What.
    public let action: SupervisorAction
    /// On which agent.
    public let agent: AgentID
    /// On which interaction (spy).
    public let interaction: InteractionID?
    /// Free detail (pause reason, number of requeued interactions).
    public let detail: String
    /// When.
    public let at: Timestamp

    /// Creates a value.
    public init(actor: UserID, action: SupervisorAction, agent: AgentID, interaction: InteractionID?, detail: String, at: Timestamp) {
        self.actor = actor
        self.action = action
        self.agent = agent
        self.interaction = interaction
        self.detail = detail
        self.at = at
    }
}
