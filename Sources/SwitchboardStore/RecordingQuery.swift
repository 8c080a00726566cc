import SwitchboardDomain

/// The recording search's filters, order and page. Every filter is optional; all given ones must hold.
public struct RecordingQuery: Sendable, Equatable {
    /// Enqueued at or after this instant.
    public var startDate: Timestamp?
    /// Enqueued at or before this instant.
    public var finalDate: Timestamp?
    /// The customer's number, exactly.
    public var heyNowNumber: String?
    /// Text the subject contains (case-insensitive for ASCII).
    public var subject: String?
    /// Only these campaigns (also how a supervisor's scope is applied); nil for all.
    public var campaignIDs: [CampaignID]?
    /// Only this agent's interactions.
    public var agentID: AgentID?
    /// Only these states; nil for all.
    public var states: [InteractionState]?
    /// Only incoming or only outgoing.
    public var direction: InteractionDirection?
    /// Words that must all appear in the interaction's messages (full text, FTS5; each word matched as typed,
    /// a trailing `*` makes it a prefix).
    public var text: String?
    /// Sort column.
    public var sort: RecordingSort
    /// Newest / largest first.
    public var descending: Bool
    /// Rows to skip (paging).
    public var offset: Int
    /// Rows per page.
    public var limit: Int

    /// A query; with no argument, the newest 50 interactions.
    public init(
        startDate: Timestamp? = nil, finalDate: Timestamp? = nil, heyNowNumber: String? = nil, subject: String? = nil,
        campaignIDs: [CampaignID]? = nil, agentID: AgentID? = nil, states: [InteractionState]? = nil,
        direction: InteractionDirection? = nil, text: String? = nil, sort: RecordingSort = .date, descending: Bool = true,
        offset: Int = 0, limit: Int = 50
    ) {
        self.startDate = startDate
        self.finalDate = finalDate
        self.heyNowNumber = heyNowNumber
        self.subject = subject
        self.campaignIDs = campaignIDs
        self.agentID = agentID
        self.states = states
        self.direction = direction
        self.text = text
        self.sort = sort
        self.descending = descending
        self.offset = offset
        self.limit = limit
    }
}
