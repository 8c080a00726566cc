import SwitchboardStore

/// A kiosk link as administrators see it: never its token (shown once, at creation) nor its hash.
struct KioskLinkView: Encodable, Sendable {
    let id: Int64
    let name: String
    let campaigns: [Int64]
    let createdBy: Int64?
    let createdAt: Int64
    let revokedAt: Int64?

    init(_ link: KioskLinkRecord) {
        id = link.id
        name = link.name
        campaigns = link.campaigns.map(\.rawValue)
        createdBy = link.createdBy?.rawValue
        createdAt = link.createdAt.milliseconds
        revokedAt = link.revokedAt?.milliseconds
    }
}

/// The answer to `POST /api/kiosk-links`: the link and, this once, its token and the page path that opens it.
struct CreatedKioskLinkView: Encodable, Sendable {
    let link: KioskLinkView
    let token: String
    /// The TV page with the token in the fragment, which browsers never send to a server or in a Referer.
    let path: String
}
