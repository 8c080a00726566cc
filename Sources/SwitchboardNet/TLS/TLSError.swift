import COpenSSL

/// Why a TLS context or session failed; reasons are OpenSSL's own error strings.
public enum TLSError: Error, Equatable, Sendable {
    /// A configured file does not exist.
    case fileNotFound(path: String)
    /// A configured file exists but cannot be opened (permissions, a directory, ...).
    case fileUnreadable(path: String, reason: String)
    /// The certificate chain file is not a readable PEM certificate chain.
    case invalidCertificate(path: String, reason: String)
    /// The private key file is not a readable, unencrypted PEM private key.
    case invalidPrivateKey(path: String, reason: String)
    /// The private key does not belong to the leaf certificate.
    case keyMismatch(certificatePath: String, keyPath: String, reason: String)
    /// OpenSSL refused a context setting (cipher list, versions, ...).
    case contextSetupFailed(reason: String)
    /// OpenSSL could not create the per-connection objects.
    case sessionSetupFailed(reason: String)
    /// The handshake failed: unsupported version, no shared cipher, malformed ClientHello, ...
    case handshakeFailed(reason: String)
    /// A record failed after the handshake: bad record MAC, unexpected message, ...
    case connectionFailed(reason: String)
}

// MARK: - OpenSSL error queue

extension TLSError {
    /// Empties this thread's OpenSSL error queue and returns the reason of its first (root-cause) entry.
    ///
    /// The queue is per thread and shared by every connection on an event loop, so each failing call site
    /// drains it; otherwise a stale entry would be blamed on the next connection.
    /// - Parameter fallback: used when the queue is empty.
    /// - Returns: e.g. `"unsupported protocol"` or `"no shared cipher"`.
    static func drainOpenSSLErrors(fallback: String = "unknown OpenSSL error") -> String {
        var first: UInt = 0
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if first == 0 { first = code }
        }
        guard first != 0 else { return fallback }
        if let reason = ERR_reason_error_string(first) { return String(cString: reason) }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(first, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
