import SwitchboardDomain

/// A kiosk link: a read-only TV wallboard of some campaigns, opened without a user login by a token of which the store
/// keeps only the hash. Revoked, never deleted.
public struct KioskLinkRecord: Sendable, Equatable {
    /// The link's id.
    public var id: Int64
    /// What the administrator called it ("Floor 2 TV").
    public var name: String
    /// Hash of the link's token.
    public var tokenHash: [UInt8]
    /// The campaigns its wallboard shows.
    public var campaigns: [CampaignID]
    /// The administrator who created it (nil once that user is deleted).
    public var createdBy: UserID?
    /// When it was created.
    public var createdAt: Timestamp
    /// When it was revoked, nil while it opens the wallboard.
    public var revokedAt: Timestamp?

    /// A kiosk link record.
    public init(id: Int64, name: String, tokenHash: [UInt8], campaigns: [CampaignID], createdBy: UserID?, createdAt: Timestamp,
                revokedAt: Timestamp? = nil) {
        self.id = id
        self.name = name
        self.tokenHash = tokenHash
        self.campaigns = campaigns
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
