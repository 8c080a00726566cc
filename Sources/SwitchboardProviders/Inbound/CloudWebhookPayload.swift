import Foundation
import SwitchboardDomain

/// A `cloud` webhook body (shaped like Meta's WhatsApp Cloud API): every entry's changes with their messages and
/// statuses. Unknown fields are ignored, as Meta adds fields over time; a body that is not this shape is an error.
public struct CloudWebhookPayload: Sendable {
    /// The messages, in the order of the body.
    public var messages: [InboundWebhookMessage] = []
    /// The status callbacks, in the order of the body.
    public var statuses: [InboundDeliveryStatus] = []

    /// Reads a body.
    /// - Throws: `InboundPayloadError` with the reason (answered 400).
    public init(body: [UInt8]) throws(InboundPayloadError) {
        let root: Root
        do {
            root = try JSONDecoder().decode(Root.self, from: Data(body))
        } catch let DecodingError.keyNotFound(key, context) {
            throw InboundPayloadError("missing field \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw InboundPayloadError("wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw InboundPayloadError("the body is not JSON of the WhatsApp Cloud API")
        }
        guard root.object == "whatsapp_business_account" else {
            throw InboundPayloadError("object must be whatsapp_business_account")
        }
        for entry in root.entry {
            for change in entry.changes ?? [] {
                guard let value = change.value else { continue }
                try read(value)
            }
        }
    }

    private mutating func read(_ value: Value) throws(InboundPayloadError) {
        let to = value.metadata?.display_phone_number.flatMap(normalizedNumber) ?? ""
        let phoneNumberID = value.metadata?.phone_number_id
        guard !to.isEmpty || phoneNumberID != nil else { throw InboundPayloadError("metadata names no receiving number") }
        var names: [String: String] = [:]
        for contact in value.contacts ?? [] {
            if let id = contact.wa_id, let name = contact.profile?.name { names[id] = name }
        }
        let history = (value.bot_transcript ?? []).map {
            InboundWebhookMessage.HistoryLine(fromBot: $0.from != "customer", text: $0.text ?? "", at: Self.time($0.timestamp))
        }
        for message in value.messages ?? [] {
            guard let from = normalizedNumber(message.from) else { throw InboundPayloadError("message \(message.id): from is not a number") }
            guard !message.id.isEmpty else { throw InboundPayloadError("a message has an empty id") }
            var content = InboundContent(type: message.type)
            content.profileName = names[message.from]
            content.reactsTo = message.context?.id
            var text: String? = nil
            switch message.type {
            case "text":
                guard let body = message.text?.body else { throw InboundPayloadError("message \(message.id): text without body") }
                text = body
            case "image", "video", "audio", "document", "sticker":
                let media = [message.image, message.video, message.audio, message.document, message.sticker]
                    .compactMap { $0 }.first
                guard let media else { throw InboundPayloadError("message \(message.id): \(message.type) without its object") }
                content.mediaId = media.id
                content.mimeType = media.mime_type
                content.caption = media.caption
                content.fileName = media.filename
                content.mediaUrl = media.url ?? media.link
            case "location":
                guard let location = message.location else { throw InboundPayloadError("message \(message.id): location without coordinates") }
                content.latitude = location.latitude
                content.longitude = location.longitude
                content.name = location.name
                content.address = location.address
            case "contacts":
                content.contacts = (message.contacts ?? []).map { card in
                    let name = card.name?.formatted_name ?? card.name?.first_name ?? "?"
                    let phones = (card.phones ?? []).compactMap(\.phone)
                    return phones.isEmpty ? name : "\(name) (\(phones.joined(separator: ", ")))"
                }
            case "reaction":
                content.emoji = message.reaction?.emoji.flatMap { $0.isEmpty ? nil : $0 }
                content.reactsTo = message.reaction?.message_id
            case "interactive":
                let reply = message.interactive?.button_reply ?? message.interactive?.list_reply
                content.replyId = reply?.id
                text = reply?.title
            case "button":
                content.replyId = message.button?.payload
                text = message.button?.text
            default:
                text = message.errors?.first?.title.map { "(\(message.type): \($0))" }
            }
            messages.append(InboundWebhookMessage(
                providerMessageID: message.id, from: from, to: to, phoneNumberID: phoneNumberID,
                at: Self.time(message.timestamp), text: content.readableText(text: text), content: content, history: history))
        }
        for status in value.statuses ?? [] {
            let state: DeliveryState
            switch status.status {
            case "sent": state = .sent
            case "delivered": state = .delivered
            case "read": state = .read
            case "failed": state = .failed
            default: continue   // "deleted", "warning" and future states: not a delivery step
            }
            let reason = status.errors?.first.map { error in
                [error.code.map { "\($0)" }, error.title, error.error_data?.details].compactMap { $0 }.joined(separator: " ")
            }
            statuses.append(InboundDeliveryStatus(providerMessageID: status.id, state: state, reason: reason,
                                                  at: Self.time(status.timestamp)))
        }
    }

    /// Meta's timestamps: seconds since the epoch, as a string.
    private static func time(_ text: String?) -> Timestamp? {
        guard let text, let seconds = Int64(text), seconds > 0 else { return nil }
        return Timestamp(milliseconds: seconds * 1000)
    }

    // Meta's field names, as published.
    private struct Root: Decodable { let object: String; let entry: [Entry] }
    private struct Entry: Decodable { let id: String?; let changes: [Change]? }
    private struct Change: Decodable { let field: String?; let value: Value? }
    private struct Value: Decodable {
        let messaging_product: String?
        let metadata: Metadata?
        let contacts: [Contact]?
        let messages: [Message]?
        let statuses: [Status]?
        /// Switchboard's handover extension: the chatbot's conversation before this message.
        let bot_transcript: [BotLine]?
    }
    private struct Metadata: Decodable { let display_phone_number: String?; let phone_number_id: String? }
    private struct Contact: Decodable { let profile: Profile?; let wa_id: String? }
    private struct Profile: Decodable { let name: String? }
    private struct BotLine: Decodable { let from: String?; let text: String?; let timestamp: String? }
    private struct Message: Decodable {
        let from: String
        let id: String
        let timestamp: String?
        let type: String
        let text: Text?
        let image: Media?, video: Media?, audio: Media?, document: Media?, sticker: Media?
        let location: Location?
        let contacts: [Card]?
        let reaction: Reaction?
        let interactive: Interactive?
        let button: Button?
        let context: Context?
        let errors: [ErrorObject]?
    }
    private struct Text: Decodable { let body: String? }
    private struct Media: Decodable {
        let id: String?; let mime_type: String?; let caption: String?; let filename: String?; let url: String?; let link: String?
    }
    private struct Location: Decodable { let latitude: Double?; let longitude: Double?; let name: String?; let address: String? }
    private struct Card: Decodable { let name: CardName?; let phones: [Phone]? }
    private struct CardName: Decodable { let formatted_name: String?; let first_name: String? }
    private struct Phone: Decodable { let phone: String? }
    private struct Reaction: Decodable { let message_id: String?; let emoji: String? }
    private struct Interactive: Decodable { let type: String?; let button_reply: Reply?; let list_reply: Reply? }
    private struct Reply: Decodable { let id: String?; let title: String? }
    private struct Button: Decodable { let text: String?; let payload: String? }
    private struct Context: Decodable { let id: String? }
    private struct ErrorObject: Decodable { let code: Int?; let title: String?; let error_data: ErrorData? }
    private struct ErrorData: Decodable { let details: String? }
    private struct Status: Decodable {
        let id: String; let status: String; let timestamp: String?; let recipient_id: String?; let errors: [ErrorObject]?
    }
}
