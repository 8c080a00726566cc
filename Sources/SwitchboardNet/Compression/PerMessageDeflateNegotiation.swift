/// Server-side negotiation of permessage-deflate offers (RFC 7692 §5, §7.1).
public enum PerMessageDeflateNegotiation {
    /// The registered extension name (RFC 7692 §7).
    public static let extensionName = "permessage-deflate"

    /// Picks the first acceptable permessage-deflate offer and builds the response.
    ///
    /// Offers are considered in the order the client listed them (RFC 7692 §5.1). An offer is declined when it has an
    /// unknown or duplicate parameter, or a value that breaks RFC 7692 §7.1 (window bits 8...15 without leading zeros;
    /// no value on the no-context-takeover parameters; a value on `server_max_window_bits`). A server window of 8 is
    /// accepted: zlib's 9-bit streams fit it (see `PerMessageDeflateParameters.serverMaxWindowBits`).
    /// - Parameters:
    ///   - offers: every `Sec-WebSocket-Extensions` header value of the request, in order.
    ///   - configuration: what the server allows.
    /// - Returns: the extension to put in the response's `Sec-WebSocket-Extensions` and the agreed parameters, or nil to
    ///   answer without permessage-deflate.
    public static func negotiate(
        offers: [String],
        configuration: PerMessageDeflateConfiguration
    ) -> (responseHeaderValue: String, parameters: PerMessageDeflateParameters)? {
        guard configuration.enabled else { return nil }
        for headerValue in offers {
            for offer in WebSocketExtensionListParser.parse(headerValue) where asciiLowercased(offer.name) == extensionName {
                if let accepted = accept(offer.parameters, configuration: configuration) { return accepted }
            }
        }
        return nil
    }

    /// The parameters of one offer, validated (RFC 7692 §7.1).
    private struct Offer {
        var serverNoContextTakeover = false
        var clientNoContextTakeover = false
        var serverMaxWindowBits: Int?
        /// Present when offered; its value is nil when offered without one (RFC 7692 §7.1.2.2).
        var clientMaxWindowBits: Int??
    }

    private static func accept(
        _ parameters: [WebSocketExtensionListParser.Parameter],
        configuration: PerMessageDeflateConfiguration
    ) -> (responseHeaderValue: String, parameters: PerMessageDeflateParameters)? {
        guard let offer = validate(parameters) else { return nil }
        var agreed = PerMessageDeflateParameters()
        var response = extensionName

        // §7.1.1.1: the server may add server_no_context_takeover even if it was not offered.
        agreed.serverNoContextTakeover = offer.serverNoContextTakeover || !configuration.serverContextTakeoverAllowed
        if agreed.serverNoContextTakeover { response += "; server_no_context_takeover" }
        // §7.1.1.2: likewise client_no_context_takeover; echoing an offered one makes the client's hint binding.
        agreed.clientNoContextTakeover = offer.clientNoContextTakeover || !configuration.clientContextTakeoverAllowed
        if agreed.clientNoContextTakeover { response += "; client_no_context_takeover" }

        // §7.1.2.1: answer with the same or a smaller value; the server may announce one even when none was offered.
        if let offered = offer.serverMaxWindowBits {
            agreed.serverMaxWindowBits = min(offered, configuration.serverMaxWindowBits)
            response += "; server_max_window_bits=\(agreed.serverMaxWindowBits)"
        } else if configuration.serverMaxWindowBits < 15 {
            agreed.serverMaxWindowBits = configuration.serverMaxWindowBits
            response += "; server_max_window_bits=\(agreed.serverMaxWindowBits)"
        }

        // §7.1.2.2: only when offered; without a value in the offer the client accepts any value (or none = 15).
        if let offered = offer.clientMaxWindowBits {
            let limit = min(offered ?? 15, configuration.clientMaxWindowBits)
            agreed.clientMaxWindowBits = limit
            if offered != nil || limit < 15 { response += "; client_max_window_bits=\(limit)" }
        }
        return (response, agreed)
    }

    /// Checks each parameter's name, multiplicity and value; nil declines the offer (RFC 7692 §7.1).
    private static func validate(_ parameters: [WebSocketExtensionListParser.Parameter]) -> Offer? {
        var offer = Offer()
        var seen = Set<String>()
        for parameter in parameters {
            let name = asciiLowercased(parameter.name)
            guard seen.insert(name).inserted else { return nil }  // §7: a duplicate parameter declines the offer
            switch name {
            case "server_no_context_takeover":
                guard parameter.value == nil else { return nil }
                offer.serverNoContextTakeover = true
            case "client_no_context_takeover":
                guard parameter.value == nil else { return nil }
                offer.clientNoContextTakeover = true
            case "server_max_window_bits":
                guard let value = parameter.value, let bits = windowBits(value) else { return nil }
                offer.serverMaxWindowBits = bits
            case "client_max_window_bits":
                if let value = parameter.value {
                    guard let bits = windowBits(value) else { return nil }
                    offer.clientMaxWindowBits = .some(bits)
                } else {
                    offer.clientMaxWindowBits = .some(nil)
                }
            default:
                return nil  // §7: an unknown parameter declines the offer
            }
        }
        return offer
    }

    /// `1*DIGIT` in 8...15 without leading zeros (RFC 7692 §7.1.2.1).
    private static func windowBits(_ value: String) -> Int? {
        let digits = Array(value.utf8)
        guard (1...2).contains(digits.count), digits[0] != UInt8(ascii: "0"),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let bits = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return (8...15).contains(bits) ? bits : nil
    }

    private static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
