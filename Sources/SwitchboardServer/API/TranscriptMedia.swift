import SwitchboardDomain

/// A transcript line's media as the recordings page shows it: what it is, and enough to label the link to
/// `GET /api/media/{messageId}` (the bytes stay with the provider until someone looks).
struct TranscriptMedia: Encodable, Equatable {
    let type: String
    let mimeType: String?
    let fileName: String?
    let caption: String?

    /// The media of a stored message's content JSON (`LineMedia`'s reading of it); nil when it has none the
    /// provider could give (a place is its readable line in a recording).
    init?(content: String?) {
        guard let media = LineMedia(content: content), media.type != "location" else { return nil }
        type = media.type
        mimeType = media.mimeType
        fileName = media.fileName
        caption = media.caption
    }
}
