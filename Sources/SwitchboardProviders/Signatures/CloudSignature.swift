/// The cloud kind's `X-Hub-Signature-256` header: `sha256=` and the lowercase hex HMAC-SHA256 of the raw request
/// body, keyed with the app secret (as Meta signs its WhatsApp webhooks).
public enum CloudSignature {
    public static let headerName = "X-Hub-Signature-256"
    private static let prefix = "sha256="

    /// The header value for `body` signed with `appSecret`.
    public static func header(body: UnsafeRawBufferPointer, appSecret: String) -> String {
        prefix + Hex.encode(HMAC.authenticationCode(.sha256, key: appSecret.utf8, message: body))
    }

    /// The header value for `body` signed with `appSecret`.
    public static func header(body: some Collection<UInt8>, appSecret: String) -> String {
        Array(body).withUnsafeBytes { header(body: $0, appSecret: appSecret) }
    }

    /// Whether `header` (nil when the request carried none) is `body`'s signature with `appSecret`. Hex digits are
    /// accepted in either case; the digests are compared in constant time.
    public static func isValid(header: String?, body: UnsafeRawBufferPointer, appSecret: String) -> Bool {
        guard let header, header.hasPrefix(prefix), !appSecret.isEmpty,
              let given = Hex.decode(header.utf8.dropFirst(prefix.utf8.count)) else { return false }
        return HMAC.constantTimeEqual(given, HMAC.authenticationCode(.sha256, key: appSecret.utf8, message: body))
    }
}
