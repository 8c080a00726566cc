import SwitchboardDomain

/// A login session. The store keeps only a hash of the cookie's token.
public struct SessionRecord: Sendable, Equatable {
    /// Hash of the session token (the primary key).
    public var tokenHash: [UInt8]
    /// The session's user.
    public var userID: UserID
    /// When it was created.
    public var createdAt: Timestamp
    /// When it stops being valid.
    public var expiresAt: Timestamp
    /// When it was revoked (logout, disconnect), nil while not.
    public var revokedAt: Timestamp?

    /// A session record.
    public init(tokenHash: [UInt8], userID: UserID, createdAt: Timestamp, expiresAt: Timestamp, revokedAt: Timestamp? = nil) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the session may be used at `now`: not revoked and not expired.
    /// - Parameter now: the current instant.
    /// - Returns: true when valid.
    public func isValid(at now: Timestamp) -> Bool { revokedAt == nil && now < expiresAt }
}
