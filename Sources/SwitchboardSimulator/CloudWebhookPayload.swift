import Foundation

/// Webhook bodies shaped like Meta's WhatsApp Cloud API (`object: whatsapp_business_account`, one entry with one
/// `messages` change), as its published examples show them.
public enum CloudWebhookPayload {
    /// A customer message to `provider`'s number `message.to`.
    public static func message(_ message: PlannedMessage, provider: SimulatedProvider, timestamp: Int64) -> [UInt8] {
        let from = digits(message.from)
        var body: [String: Any] = ["from": from, "id": message.messageID, "timestamp": String(timestamp)]
        switch message.content {
        case .text(let text):
            body["type"] = "text"
            body["text"] = ["body": text]
        case .image(let id, let caption):
            body["type"] = "image"
            body["image"] = ["id": id, "mime_type": "image/jpeg", "sha256": "c0ffee\(id.count)", "caption": caption]
        case .document(let id, let fileName):
            body["type"] = "document"
            body["document"] = ["id": id, "mime_type": "application/pdf", "sha256": "d0c\(id.count)", "filename": fileName]
        case .location(let latitude, let longitude, let name, let address):
            body["type"] = "location"
            body["location"] = ["latitude": latitude, "longitude": longitude, "name": name, "address": address]
        }
        let value: [String: Any] = [
            "messaging_product": "whatsapp",
            "metadata": ["display_phone_number": digits(message.to), "phone_number_id": provider.account],
            "contacts": [["profile": ["name": message.name], "wa_id": from]],
            "messages": [body],
        ]
        return envelope(value, provider: provider)
    }

    /// A status change of an outbound message `wamid` sent to `recipient`.
    public static func status(wamid: String, status: DeliveryStatus, recipient: String, number: String, provider: SimulatedProvider,
                              timestamp: Int64) -> [UInt8] {
        var entry: [String: Any] = ["id": wamid, "status": status.rawValue, "timestamp": String(timestamp), "recipient_id": digits(recipient)]
        if status == .failed {
            entry["errors"] = [["code": 131_026, "title": "Message undeliverable", "message": "Message undeliverable",
                                "error_data": ["details": "The recipient's phone number is not a WhatsApp phone number."]]]
        } else {
            entry["conversation"] = ["id": "conv-\(digits(recipient))", "origin": ["type": "service"]]
            entry["pricing"] = ["billable": true, "pricing_model": "CBP", "category": "service"]
        }
        let value: [String: Any] = [
            "messaging_product": "whatsapp",
            "metadata": ["display_phone_number": digits(number), "phone_number_id": provider.account],
            "statuses": [entry],
        ]
        return envelope(value, provider: provider)
    }

    private static func envelope(_ value: [String: Any], provider: SimulatedProvider) -> [UInt8] {
        let root: [String: Any] = [
            "object": "whatsapp_business_account",
            "entry": [["id": "WABA\(provider.id)", "changes": [["value": value, "field": "messages"]]]],
        ]
        // Sorted keys: the same message is the same bytes (and signature) on every run.
        return Array((try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    static func digits(_ number: String) -> String { String(number.filter(\.isNumber)) }
}
