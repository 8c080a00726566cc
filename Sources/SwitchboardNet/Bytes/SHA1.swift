import COpenSSL

/// SHA-1 through OpenSSL, used only for the WebSocket accept value (RFC 6455 §4.2.2), not for security.
public enum SHA1 {
    /// The length of a SHA-1 digest in bytes.
    public static let digestLength = 20

    /// Computes the SHA-1 digest of `bytes`.
    /// - Parameter bytes: the message.
    /// - Returns: the 20-byte digest.
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        return [UInt8](unsafeUninitializedCapacity: digestLength) { out, initialized in
            input.withUnsafeBufferPointer { message in
                _ = COpenSSL.SHA1(message.baseAddress, message.count, out.baseAddress)
            }
            initialized = digestLength
        }
    }
}
