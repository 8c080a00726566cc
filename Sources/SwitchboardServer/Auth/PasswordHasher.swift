import COpenSSL
import SwitchboardNet

/// Password hashing with PBKDF2-HMAC-SHA256 (OpenSSL). Stored as
/// `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>` so the cost can rise later without
/// invalidating existing hashes.
public enum PasswordHasher {
    /// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000
    private static let prefix = "pbkdf2-sha256"

    /// Hashes `password` with a fresh random salt.
    public static func hash(_ password: String, iterations: Int = defaultIterations) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        precondition(RAND_bytes(&salt, 16) == 1, "RAND_bytes failed")
        let derived = derive(password, salt: salt, iterations: iterations)
        return "\(prefix)$\(iterations)$\(Base64.encode(salt))$\(Base64.encode(derived))"
    }

    /// Whether `password` matches `stored` (compared in constant time).
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == prefix, let iterations = Int(parts[1]), iterations > 0, iterations <= 10_000_000,
              let salt = Base64.decode(String(parts[2])), let expected = Base64.decode(String(parts[3])),
              !expected.isEmpty else { return false }
        let derived = derive(password, salt: salt, iterations: iterations, length: expected.count)
        return CRYPTO_memcmp(derived, expected, expected.count) == 0
    }

    /// Does the work of `verify` against a real hash and returns false: a login for a username that does not exist
    /// takes as long as one with a wrong password (no user enumeration by timing).
    public static func verifyNothing(_ password: String) -> Bool {
        _ = verify(password, against: decoy)
        return false
    }

    /// A hash at the default cost, made once.
    private static let decoy = hash("no user has this password", iterations: defaultIterations)

    private static func derive(_ password: String, salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        let count = Int32(password.utf8.count)
        let ok = password.withCString {
            PKCS5_PBKDF2_HMAC($0, count, salt, Int32(salt.count), Int32(iterations), EVP_sha256(), Int32(length), &output)
        }
        precondition(ok == 1, "PKCS5_PBKDF2_HMAC failed")
        return output
    }
}
