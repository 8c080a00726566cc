/// Webhook forms shaped like Twilio's WhatsApp API: inbound messages and status callbacks, form-encoded, with
/// the parameters Twilio sends.
public enum ClassicWebhookPayload {
    public typealias Parameters = [(name: String, value: String)]

    /// A customer message; its media URLs start with `mediaBase` (Twilio's API, or the simulated provider endpoint).
    public static func message(_ message: PlannedMessage, provider: SimulatedProvider, mediaBase: String = "https://api.twilio.com") -> Parameters {
        var parameters: Parameters = [
            ("SmsMessageSid", message.messageID), ("MessageSid", message.messageID), ("SmsSid", message.messageID),
            ("AccountSid", provider.account), ("From", "whatsapp:\(message.from)"), ("To", "whatsapp:\(message.to)"),
            ("ProfileName", message.name), ("WaId", CloudWebhookPayload.digits(message.from)), ("NumSegments", "1"),
            ("ApiVersion", "2010-04-01"),
        ]
        switch message.content {
        case .text(let text):
            parameters += [("Body", text), ("NumMedia", "0"), ("MessageType", "text")]
        case .image(let id, let caption):
            parameters += [("Body", caption), ("NumMedia", "1"), ("MessageType", "image"), ("MediaContentType0", "image/jpeg"),
                           ("MediaUrl0", "\(mediaBase)/2010-04-01/Accounts/\(provider.account)/Messages/\(message.messageID)/Media/\(id)")]
        case .document(let id, let fileName):
            parameters += [("Body", fileName), ("NumMedia", "1"), ("MessageType", "document"), ("MediaContentType0", "application/pdf"),
                           ("MediaUrl0", "\(mediaBase)/2010-04-01/Accounts/\(provider.account)/Messages/\(message.messageID)/Media/\(id)")]
        case .location(let latitude, let longitude, let name, let address):
            parameters += [("Body", ""), ("NumMedia", "0"), ("MessageType", "location"), ("Latitude", String(latitude)),
                           ("Longitude", String(longitude)), ("Label", name), ("Address", address)]
        }
        return parameters
    }

    /// A status callback for the outbound message `sid`.
    public static func status(sid: String, status: DeliveryStatus, recipient: String, number: String, provider: SimulatedProvider) -> Parameters {
        var parameters: Parameters = [
            ("MessageSid", sid), ("SmsSid", sid), ("AccountSid", provider.account), ("MessageStatus", status.rawValue),
            ("SmsStatus", status.rawValue), ("From", "whatsapp:\(number)"), ("To", "whatsapp:\(recipient)"), ("ApiVersion", "2010-04-01"),
        ]
        if status == .failed { parameters += [("ErrorCode", "63016"), ("ErrorMessage", "Outside the allowed window")] }
        return parameters
    }

    /// `application/x-www-form-urlencoded` (spaces as `+`, everything but unreserved characters percent-encoded).
    public static func encode(_ parameters: Parameters) -> [UInt8] {
        Array(parameters.map { "\(FormEncoding.escape($0.name))=\(FormEncoding.escape($0.value))" }.joined(separator: "&").utf8)
    }
}
