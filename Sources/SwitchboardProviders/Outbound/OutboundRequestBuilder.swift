import Foundation
import SwitchboardNet

/// The HTTP request that sends one text through a provider's API (the wire contract of issue 10, "Outbound").
public enum OutboundRequestBuilder {
    /// The request for `text` through `account`.
    /// - Parameters:
    ///   - text: the message.
    ///   - account: the provider's credentials.
    /// - Returns: a `POST` below the provider's base URL, with the `Idempotency-Key` header.
    public static func request(_ text: OutboundText, account: OutboundAccount) -> HTTPClientRequest {
        switch account {
        case .cloud(let phoneNumberID, let accessToken):
            var body = #"{"messaging_product":"whatsapp","recipient_type":"individual","to":"#
            body += jsonString(digits(text.to))
            if let template = text.template {
                // Meta's template object: name, language code, one body component with the text parameters in order.
                body += #","type":"template","template":{"name":"#
                body += jsonString(template.name)
                body += #","language":{"policy":"deterministic","code":"#
                body += jsonString(template.language)
                body += "}"
                if !template.parameters.isEmpty {
                    body += #","components":[{"type":"body","parameters":["#
                    body += template.parameters.map { #"{"type":"text","text":"# + jsonString($0) + "}" }.joined(separator: ",")
                    body += "]}]"
                }
                body += "}}"
            } else {
                body += #","type":"text","text":{"body":"#
                body += jsonString(text.body)
                body += "}}"
            }
            return HTTPClientRequest(method: "POST", path: "/\(pathSegment(phoneNumberID))/messages", headers: [
                HTTPField("Authorization", "Bearer \(accessToken)"),
                HTTPField("Content-Type", "application/json"),
                HTTPField("Idempotency-Key", text.idempotencyKey),
            ], body: Array(body.utf8))
        case .classic(let accountSID, let authToken, let statusCallback):
            var form = [("From", "whatsapp:+\(digits(text.from))"), ("To", "whatsapp:+\(digits(text.to))")]
            if let template = text.template, let sid = template.contentSID {
                // Twilio's Content API: the approved content by SID, its variables as a JSON object keyed "1", "2"….
                form.append(("ContentSid", sid))
                if !template.parameters.isEmpty { form.append(("ContentVariables", contentVariables(template.parameters))) }
            } else {
                form.append(("Body", text.body))
            }
            if let statusCallback { form.append(("StatusCallback", statusCallback)) }
            let body = form.map { "\(formEncoded($0.0))=\(formEncoded($0.1))" }.joined(separator: "&")
            return HTTPClientRequest(method: "POST", path: "/2010-04-01/Accounts/\(pathSegment(accountSID))/Messages.json", headers: [
                HTTPField("Authorization", "Basic \(Base64.encode(Array("\(accountSID):\(authToken)".utf8)))"),
                HTTPField("Content-Type", "application/x-www-form-urlencoded"),
                HTTPField("Idempotency-Key", text.idempotencyKey),
            ], body: Array(body.utf8))
        }
    }

    /// `{"1":"…","2":"…"}`: Twilio's ContentVariables for numbered placeholders.
    static func contentVariables(_ values: [String]) -> String {
        "{" + values.enumerated().map { "\"\($0.offset + 1)\":" + jsonString($0.element) }.joined(separator: ",") + "}"
    }

    /// The number's digits (`+598 99-000` → `59899000`): what both APIs call a WhatsApp id.
    static func digits(_ number: String) -> String { String(number.unicodeScalars.filter { ("0"..."9").contains($0) }) }

    /// A JSON string literal (RFC 8259 §7).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `application/x-www-form-urlencoded` of one name or value (WHATWG URL: space as `+`).
    static func formEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// A path segment: unreserved characters kept, the rest percent-encoded (an id never escapes its segment).
    static func pathSegment(_ text: String) -> String {
        formEncoded(text).replacingOccurrences(of: "+", with: "%20")
    }
}
