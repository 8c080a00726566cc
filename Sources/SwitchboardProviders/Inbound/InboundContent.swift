import Foundation

/// What a customer's message carries besides plain text, in the providers' terms: stored with the message as a JSON
/// object (`content`) and turned into the readable line a transcript shows.
public struct InboundContent: Codable, Sendable, Equatable {
    /// text, image, video, audio, document, sticker, location, contacts, reaction, interactive, button, unsupported.
    public var type: String
    /// `bot` for a line the provider's chatbot wrote before handover.
    public var author: String?
    public var mediaId: String?
    public var mediaUrl: String?
    public var mimeType: String?
    public var caption: String?
    public var fileName: String?
    public var latitude: Double?
    public var longitude: Double?
    public var name: String?
    public var address: String?
    public var emoji: String?
    /// The provider message id a reaction or a reply refers to.
    public var reactsTo: String?
    /// A button or list reply's id, or a quick-reply button's payload.
    public var replyId: String?
    /// The contacts a customer shared, as "name (phone)".
    public var contacts: [String]?
    /// The customer's profile name, as the provider reported it.
    public var profileName: String?

    public init(type: String) { self.type = type }

    /// The line a transcript shows for it; `text` is the message's own text when it has one.
    public func readableText(text: String?) -> String {
        switch type {
        case "text", "button", "interactive": return text ?? name ?? ""
        case "location":
            let place = [name, address].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
            let at = "(\(Self.coordinate(latitude)), \(Self.coordinate(longitude)))"
            return place.isEmpty ? "📍 \(at)" : "📍 \(place) \(at)"
        case "reaction": return emoji.map { "\($0) (reaction)" } ?? "(reaction removed)"
        case "contacts": return "👤 " + (contacts ?? []).joined(separator: ", ")
        case "image", "video", "audio", "document", "sticker":
            let icon = ["image": "🖼", "video": "🎬", "audio": "🎤", "document": "📄", "sticker": "🏷"][type] ?? "📎"
            let label = [caption, fileName].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · ")
            return label.isEmpty ? "\(icon) \(type)" : "\(icon) \(label)"
        default: return text ?? "(\(type))"
        }
    }

    /// The JSON object stored beside the text; nil for a plain text message (nothing to add).
    public var storedJSON: String? {
        if type == "text" && author == nil && reactsTo == nil && profileName == nil { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) }
    }

    private static func coordinate(_ value: Double?) -> String {
        guard let value else { return "?" }
        return String(format: "%.5f", value)
    }
}
