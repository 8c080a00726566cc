import Foundation
import SwitchboardDomain

/// A `classic` webhook (shaped like Twilio's WhatsApp API): a customer's message, or a status callback for a
/// message an agent sent (same URL; a callback carries `MessageStatus`).
public enum ClassicWebhookPayload: Sendable, Equatable {
    case message(InboundWebhookMessage)
    case status(InboundDeliveryStatus)
    /// A status that is not a delivery step (`accepted`, `scheduled`, `receiving`, …): acknowledged, nothing to do.
    case ignored

    /// Reads the form's fields.
    /// - Throws: `InboundPayloadError` with the reason (answered 400).
    public init(form: FormBody) throws(InboundPayloadError) {
        guard let sid = form["MessageSid"] ?? form["SmsMessageSid"] ?? form["SmsSid"], !sid.isEmpty else {
            throw InboundPayloadError("MessageSid is required")
        }
        if let status = form["MessageStatus"] ?? form["SmsStatus"], form["Body"] == nil || form["MessageStatus"] != nil,
           Self.isOutboundStatus(status) {
            let state: DeliveryState
            switch status {
            case "sent": state = .sent
            case "delivered": state = .delivered
            case "read": state = .read
            case "failed", "undelivered": state = .failed
            default: self = .ignored; return   // queued, accepted, sending, scheduled: still pending
            }
            var reason: String? = nil
            if state == .failed {
                reason = [form["ErrorCode"].map { "error \($0)" }, form["ErrorMessage"], status == "undelivered" ? "undelivered" : nil]
                    .compactMap { $0 }.joined(separator: " ")
            }
            self = .status(InboundDeliveryStatus(providerMessageID: sid, state: state, reason: reason, at: nil))
            return
        }
        guard let fromField = form["From"], let from = normalizedNumber(fromField) else {
            throw InboundPayloadError("From must be whatsapp:+<number>")
        }
        guard let toField = form["To"], let to = normalizedNumber(toField) else {
            throw InboundPayloadError("To must be whatsapp:+<number>")
        }
        let body = form["Body"] ?? ""
        var content = InboundContent(type: "text")
        content.profileName = form["ProfileName"]
        let mediaCount = Int(form["NumMedia"] ?? "0") ?? -1
        guard mediaCount >= 0, mediaCount <= 10 else { throw InboundPayloadError("NumMedia must be 0…10") }
        var text: String? = body
        if let lat = form["Latitude"], let lon = form["Longitude"] {
            guard let latitude = Double(lat), let longitude = Double(lon), abs(latitude) <= 90, abs(longitude) <= 180 else {
                throw InboundPayloadError("Latitude/Longitude must be coordinates")
            }
            content.type = "location"
            content.latitude = latitude
            content.longitude = longitude
            content.name = form["Label"]
            content.address = form["Address"]
        } else if mediaCount > 0 {
            let mime = form["MediaContentType0"] ?? "application/octet-stream"
            content.type = mime.hasPrefix("image/") ? "image" : mime.hasPrefix("video/") ? "video"
                : mime.hasPrefix("audio/") ? "audio" : "document"
            content.mimeType = mime
            content.mediaUrl = form["MediaUrl0"]
            content.caption = body.isEmpty ? nil : body
            text = nil
        } else if let payload = form["ButtonPayload"] {
            content.type = "button"
            content.replyId = payload
            text = form["ButtonText"] ?? body
        }
        var history: [InboundWebhookMessage.HistoryLine] = []
        if let transcript = form["BotTranscript"], !transcript.isEmpty {
            history = try Self.botTranscript(transcript)
        }
        self = .message(InboundWebhookMessage(
            providerMessageID: sid, from: from, to: to, phoneNumberID: nil, at: nil,
            text: content.readableText(text: text), content: content, history: history))
    }

    /// A status callback names a message this side sent; an inbound message's own `SmsStatus` is `received`.
    private static func isOutboundStatus(_ status: String) -> Bool { status != "received" && status != "receiving" }

    /// Switchboard's handover extension for the classic kind: `BotTranscript`, a JSON array of
    /// `{"from": "bot"|"customer", "text": "...", "timestamp": "<epoch seconds>"}`.
    private static func botTranscript(_ json: String) throws(InboundPayloadError) -> [InboundWebhookMessage.HistoryLine] {
        struct Line: Decodable { let from: String?; let text: String?; let timestamp: String? }
        guard let lines = try? JSONDecoder().decode([Line].self, from: Data(json.utf8)) else {
            throw InboundPayloadError("BotTranscript must be a JSON array of {from, text, timestamp}")
        }
        return lines.map { line in
            InboundWebhookMessage.HistoryLine(fromBot: line.from != "customer", text: line.text ?? "",
                                              at: line.timestamp.flatMap { Int64($0) }.map { Timestamp(milliseconds: $0 * 1000) })
        }
    }
}
