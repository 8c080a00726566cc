import SwitchboardDomain

/// One line of the audit log: who did what to what, when.
public struct AuditEntry: Sendable, Equatable {
    /// Its id (increasing); 0 before it is stored.
    public var id: Int64
    /// When it happened.
    public var at: Timestamp
    /// Who did it (nil for the system itself, e.g. a threshold alert).
    public var actorID: UserID?
    /// What was done, e.g. "agent.pause", "provider.update", "alert.asa.critical".
    public var action: String
    /// What it was done to, e.g. "agent:12".
    public var target: String?
    /// Free-form detail (JSON text by convention). Never a secret.
    public var detail: String?
    /// The actor's role when it acted (`admin`, `supervisor`, `agent`), when known.
    public var actorRole: String?
    /// The client's address, for actions that came over HTTP or the live socket.
    public var address: String?
    /// The client's `User-Agent`.
    public var userAgent: String?

    /// An entry to append.
    public init(id: Int64 = 0, at: Timestamp, actorID: UserID?, action: String, target: String? = nil, detail: String? = nil,
                actorRole: String? = nil, address: String? = nil, userAgent: String? = nil) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.action = action
        self.target = target
        self.detail = detail
        self.actorRole = actorRole
        self.address = address
        self.userAgent = userAgent
    }
}
