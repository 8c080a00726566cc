/// The typed content of a publication; `PublicationEncoder` (server) turns each case into JSON as Public/protocol.md states.
/// Large cases are `indirect` so the hot ones (messages, queue and load deltas) stay small in rings and buffers.
public enum LivePayload: Sendable {
    /// Wallboard: the figures of every campaign and every agent (snapshot) or of those that changed since the last
    /// flush (delta).
    case wallboard([CampaignFigures], agents: [AgentRow] = [])
    /// Wallboard and campaign: a threshold crossed (or recovered).
    indirect case alert(ThresholdAlert)
    /// Campaign snapshot: figures and waiting list.
    indirect case campaign(CampaignFigures, [WaitingEntry])
    /// Campaign: new figures (coalesced, at flush).
    indirect case figures(CampaignFigures)
    /// Campaign: an interaction entered (or re-entered) the waiting list.
    case queued(WaitingEntry)
    /// Campaign: an interaction left the waiting list.
    case dequeued(InteractionID, DequeueReason)
    /// Agent: its state and since when.
    case presence(AgentPresence)
    /// Agent: its number of active interactions changed.
    case load(AgentLoad)
    /// Interaction snapshot (spy) and inbox "assigned": the whole interaction with its recent transcript.
    indirect case interaction(InteractionView)
    /// Interaction and inbox: one message.
    case message(TranscriptLine)
    /// Interaction and inbox: an agent message's delivery state moved on.
    case delivery(DeliveryUpdate)
    /// Interaction: the agent's draft (typing indicator); latest-state.
    case typing(InteractionID, draft: String)
    /// Interaction and inbox: the interaction changed phase (closed, requeued, abandoned…).
    case phase(InteractionID, InteractionPhase, agent: AgentID?)
    /// Inbox snapshot: the agent's open interactions.
    case inbox(AgentID, [InteractionView])
    /// Chat snapshot: the recent supervisor ↔ agent lines.
    case chatHistory(AgentID, [ChatLine])
    /// Chat: one line.
    case chat(ChatLine)
    /// Screen: the agent's workspace (open conversation, scroll position, draft).
    indirect case screen(ScreenState)
    /// Screen: monitoring started or stopped (the agent page starts or stops streaming).
    case screenWatch(AgentID, watching: Bool)
}

/// Why an interaction left the waiting list.
public enum DequeueReason: String, Sendable, Equatable {
    /// An agent took it.
    case taken
    /// Auto-assign reserved it for an agent.
    case reserved
    /// The customer left or the maximum queue time passed.
    case abandoned
}

/// One line of the waiting list an agent sees.
public struct WaitingEntry: Sendable, Equatable {
    /// The interaction.
    public let interaction: InteractionID
    /// Its campaign.
    public let campaign: CampaignID
    /// The customer's WhatsApp number.
    public let customer: String
    /// When it first entered the queue (kept on requeue); the waiting time is now − this.
    public let enqueuedAt: Timestamp
    /// Whether it is back after its agent was disconnected.
    public let requeued: Bool

    /// Creates an entry.
    public init(interaction: InteractionID, campaign: CampaignID, customer: String, enqueuedAt: Timestamp, requeued: Bool) {
        self.interaction = interaction
        self.campaign = campaign
        self.customer = customer
        self.enqueuedAt = enqueuedAt
        self.requeued = requeued
    }

    /// Waiting time in milliseconds at `now`.
    public func waitingMilliseconds(at now: Timestamp) -> Int64 { enqueuedAt.millisecondsUntil(now) }
}

/// Who wrote a transcript line.
public enum MessageAuthor: Sendable, Equatable {
    /// The customer (WhatsApp).
    case customer
    /// An agent.
    case agent(AgentID)
}

/// One message of an interaction.
public struct TranscriptLine: Sendable, Equatable {
    /// The interaction.
    public let interaction: InteractionID
    /// 0-based position in the interaction (deltas are idempotent by it).
    public let index: Int
    /// Who wrote it.
    public let author: MessageAuthor
    /// The text.
    public let text: String
    /// When the domain received it.
    public let at: Timestamp
    /// An agent message's way to the customer (nil for customer messages).
    public var delivery: DeliveryState?
    /// The provider's reason when `delivery` is `failed`.
    public var deliveryReason: String?
    /// The stored message's id, when known (a customer's message: its media is fetched by it).
    public var messageID: Int64?
    /// A customer's picture, file or place.
    public var media: LineMedia?

    /// Creates a value.
    public init(interaction: InteractionID, index: Int, author: MessageAuthor, text: String, at: Timestamp,
                delivery: DeliveryState? = nil, deliveryReason: String? = nil, messageID: Int64? = nil, media: LineMedia? = nil) {
        self.messageID = messageID
        self.media = media
        self.delivery = delivery
        self.deliveryReason = deliveryReason
        self.interaction = interaction
        self.index = index
        self.author = author
        self.text = text
        self.at = at
    }
}

/// An interaction as spy and inbox show it.
public struct InteractionView: Sendable, Equatable {
    /// Its id.
    public let id: InteractionID
    /// Its campaign.
    public let campaign: CampaignID
    /// The customer's number.
    public let customer: String
    /// Its phase.
    public let phase: InteractionPhase
    /// The agent holding (or reserved for) it.
    public let agent: AgentID?
    /// First enqueue.
    public let enqueuedAt: Timestamp
    /// Last take.
    public let takenAt: Timestamp?
    /// The most recent lines (bounded).
    public let transcript: [TranscriptLine]
    /// The agent's current draft.
    public let draft: String
    /// Until when an auto-assign offer (phase `reserved`) waits for the agent's accept; nil otherwise.
    public var reservedUntil: Timestamp?

    /// Creates a value.
    public init(id: InteractionID, campaign: CampaignID, customer: String, phase: InteractionPhase, agent: AgentID?, enqueuedAt: Timestamp,
                takenAt: Timestamp?, transcript: [TranscriptLine], draft: String) {
        self.id = id
        self.campaign = campaign
        self.customer = customer
        self.phase = phase
        self.agent = agent
        self.enqueuedAt = enqueuedAt
        self.takenAt = takenAt
        self.transcript = transcript
        self.draft = draft
    }
}

/// The life of an interaction: `queued → active → closed`, `queued → abandoned`, `queued → reserved → active`.
public enum InteractionPhase: String, Sendable, Equatable {
    /// Waiting in the campaign queue.
    case queued
    /// Auto-assign offered it to one agent, waiting for the accept.
    case reserved
    /// An agent holds it.
    case active
    /// The agent closed it.
    case closed
    /// It left the queue unanswered.
    case abandoned
}

/// An agent's state as the `agent:<id>` topic shows it.
public struct AgentPresence: Sendable, Equatable {
    /// The agent.
    public let agent: AgentID
    /// Offline, available, busy or paused.
    public let status: AgentStatus
    /// When the state last changed.
    public let since: Timestamp
    /// Active interactions across all its campaigns.
    public let active: Int

    /// Creates a value.
    public init(agent: AgentID, status: AgentStatus, since: Timestamp, active: Int) {
        self.agent = agent
        self.status = status
        self.since = since
        self.active = active
    }
}

/// An agent's load after a take, close or requeue.
public struct AgentLoad: Sendable, Equatable {
    /// The agent.
    public let agent: AgentID
    /// Active (and reserved) interactions across all its campaigns.
    public let active: Int
    /// When it changed.
    public let at: Timestamp

    /// Creates a value.
    public init(agent: AgentID, active: Int, at: Timestamp) {
        self.agent = agent
        self.active = active
        self.at = at
    }
}

/// Who wrote a supervisor chat line.
public enum ChatAuthor: Sendable, Equatable {
    /// A supervisor (or admin).
    case supervisor(UserID)
    /// The agent.
    case agent
}

/// One line of the supervisor ↔ agent chat.
public struct ChatLine: Sendable, Equatable {
    /// The agent whose chat it is.
    public let agent: AgentID
    /// 0-based position in the chat.
    public let index: Int
    /// Who wrote it.
    public let author: ChatAuthor
    /// The text.
    public let text: String
    /// When.
    public let at: Timestamp

    /// Creates a value.
    public init(agent: AgentID, index: Int, author: ChatAuthor, text: String, at: Timestamp) {
        self.agent = agent
        self.index = index
        self.author = author
        self.text = text
        self.at = at
    }
}

/// The agent's workspace as streamed to `screen:<agentId>`.
public struct ScreenState: Sendable, Equatable {
    /// The agent.
    public let agent: AgentID
    /// The open conversation, if any.
    public let interaction: InteractionID?
    /// Scroll position of the transcript (pixels from the top).
    public let scroll: Int
    /// The draft being typed.
    public let draft: String
    /// When the page sent it.
    public let at: Timestamp

    /// Creates a screen state.
    public init(agent: AgentID, interaction: InteractionID?, scroll: Int, draft: String, at: Timestamp) {
        self.agent = agent
        self.interaction = interaction
        self.scroll = scroll
        self.draft = draft
        self.at = at
    }
}
