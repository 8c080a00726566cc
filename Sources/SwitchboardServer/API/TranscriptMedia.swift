import Foundation

/// A transcript line's media as the recordings page shows it: what it is, and enough to label the link to
/// `GET /api/media/{messageId}` (the bytes stay with the provider until someone looks).
struct TranscriptMedia: Encodable, Equatable {
    let type: String
    let mimeType: String?
    let fileName: String?
    let caption: String?

    /// The media of a stored message's content JSON; nil when it has none the provider could give.
    init?(content: String?) {
        guard let content, let fields = (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any],
              let type = fields["type"] as? String, fields["mediaId"] is String || fields["mediaUrl"] is String else { return nil }
        self.type = type
        mimeType = fields["mimeType"] as? String
        fileName = fields["fileName"] as? String
        caption = fields["caption"] as? String
    }
}
