import COpenSSL
import SwitchboardNet

/// Session tokens: 32 random bytes, given to the browser as base64url in an HttpOnly cookie; the
/// store keeps only their SHA-256, so a leaked database does not leak live sessions.
public struct SessionToken: Sendable, Equatable {
    /// The cookie value.
    public let value: String

    /// A fresh random token.
    public static func generate() -> SessionToken {
        var bytes = [UInt8](repeating: 0, count: 32)
        precondition(RAND_bytes(&bytes, 32) == 1, "RAND_bytes failed")
        return SessionToken(value: base64url(bytes))
    }

    public init(value: String) { self.value = value }

    /// What the store keeps and looks sessions up by.
    public var hash: [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let count = value.utf8.count
        _ = value.withCString { SHA256(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count, &digest) }
        return digest
    }

    private static func base64url(_ bytes: [UInt8]) -> String {
        String(Base64.encode(bytes).compactMap { c -> Character? in
            switch c {
            case "+": "-"
            case "/": "_"
            case "=": nil
            default: c
            }
        })
    }
}
