import COpenSSL

/// HMAC through OpenSSL's one-shot `HMAC()`; the two webhook signatures need SHA-256 (cloud) and SHA-1 (classic).
public enum HMAC {
    /// The hash functions a provider signs with.
    public enum Algorithm: Sendable {
        case sha1, sha256

        var digestLength: Int {
            switch self {
            case .sha1: 20
            case .sha256: 32
            }
        }
    }

    /// The HMAC of `message` keyed with `key`.
    public static func authenticationCode(
        _ algorithm: Algorithm, key: some Collection<UInt8>, message: UnsafeRawBufferPointer
    ) -> [UInt8] {
        let keyBytes = Array(key)
        let md = switch algorithm {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        }
        var length: UInt32 = 0
        // An empty body may come without a base address; OpenSSL wants a pointer even for zero bytes.
        let zero: [UInt8] = [0]
        let code = [UInt8](unsafeUninitializedCapacity: algorithm.digestLength) { out, initialized in
            keyBytes.withUnsafeBufferPointer { k in
                zero.withUnsafeBufferPointer { z in
                    let data = message.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? z.baseAddress!
                    _ = COpenSSL.HMAC(md, k.baseAddress ?? z.baseAddress!, Int32(k.count), data, message.count, out.baseAddress, &length)
                }
            }
            initialized = Int(length)
        }
        precondition(code.count == algorithm.digestLength, "HMAC failed")
        return code
    }

    /// The HMAC of `message` keyed with `key`.
    public static func authenticationCode(_ algorithm: Algorithm, key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        Array(message).withUnsafeBytes { authenticationCode(algorithm, key: key, message: $0) }
    }

    /// Whether two byte strings are equal, in time that depends only on their length (never on where they differ),
    /// so a forger cannot learn a signature byte by byte.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return CRYPTO_memcmp(a, b, a.count) == 0
    }
}
