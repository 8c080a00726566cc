import SwitchboardNet

/// The classic kind's `X-Twilio-Signature` header: base64 of HMAC-SHA1, keyed with the auth token, over the full
/// URL the provider called followed by every POST parameter's name and value (decoded, no separators), in name
/// order (as Twilio signs its webhooks).
public enum ClassicSignature {
    public static let headerName = "X-Twilio-Signature"

    /// The header value for a POST to `url` carrying `parameters` (decoded names and values).
    public static func header(url: String, parameters: [(name: String, value: String)], authToken: String) -> String {
        Base64.encode(HMAC.authenticationCode(.sha1, key: authToken.utf8, message: signedBytes(url: url, parameters: parameters)))
    }

    /// Whether `header` (nil when the request carried none) is the signature of a POST to `url` with `parameters`.
    /// The digests are compared in constant time.
    public static func isValid(header: String?, url: String, parameters: [(name: String, value: String)], authToken: String) -> Bool {
        guard let header, !authToken.isEmpty, let given = Base64.decode(header) else { return false }
        let expected = HMAC.authenticationCode(.sha1, key: authToken.utf8, message: signedBytes(url: url, parameters: parameters))
        return HMAC.constantTimeEqual(given, expected)
    }

    /// URL, then name+value for each parameter sorted by name (bytewise, as the providers' own libraries sort;
    /// a name given twice keeps its values in the order they came).
    static func signedBytes(url: String, parameters: [(name: String, value: String)]) -> [UInt8] {
        let sorted = parameters.enumerated().sorted { a, b in
            let (x, y) = (Array(a.element.name.utf8), Array(b.element.name.utf8))
            return x == y ? a.offset < b.offset : x.lexicographicallyPrecedes(y)
        }
        var bytes = Array(url.utf8)
        for (_, parameter) in sorted {
            bytes += parameter.name.utf8
            bytes += parameter.value.utf8
        }
        return bytes
    }
}
