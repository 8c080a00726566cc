import Foundation
import SwitchboardDomain

extension LineMedia {
    /// The media of a stored message's content JSON (`InboundContent`): pictures, files and places; nil for
    /// anything else (text, reactions, contacts and replies are their readable line alone).
    init?(content: String?) {
        guard let content, content.contains("\"type\""),
              let fields = (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any],
              let type = fields["type"] as? String else { return nil }
        switch type {
        case "image", "video", "audio", "document", "sticker":
            guard fields["mediaId"] is String || fields["mediaUrl"] is String else { return nil }
            self.init(type: type, caption: fields["caption"] as? String, fileName: fields["fileName"] as? String,
                      mimeType: fields["mimeType"] as? String)
        case "location":
            guard let latitude = fields["latitude"] as? Double, let longitude = fields["longitude"] as? Double else { return nil }
            self.init(type: type, latitude: latitude, longitude: longitude, name: fields["name"] as? String)
        default:
            return nil
        }
    }
}
