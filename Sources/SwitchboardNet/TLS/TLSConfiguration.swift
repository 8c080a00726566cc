/// Server-side TLS settings: where the certificate and key live and which protocol features to offer.
///
/// The defaults follow the "intermediate" profile: TLS 1.2 and 1.3 only, forward-secret AEAD suites only,
/// ALPN `http/1.1`. The event loop enforces `handshakeTimeout`; the TLS layer itself has no clock.
public struct TLSConfiguration: Sendable, Equatable {
    /// A protocol version the server may negotiate (nothing older than TLS 1.2 can be configured).
    public enum ProtocolVersion: Sendable, Equatable, Comparable {
        /// TLS 1.2 (RFC 5246).
        case tls1_2
        /// TLS 1.3 (RFC 8446).
        case tls1_3

        /// The OpenSSL constant for this version.
        var openSSLValue: Int32 {
            switch self {
            case .tls1_2: return 0x0303
            case .tls1_3: return 0x0304
            }
        }
    }

    /// ECDHE key exchange with AES-GCM or ChaCha20-Poly1305 only, for TLS 1.2 (OpenSSL cipher-list syntax).
    public static let modernTLS12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// OpenSSL's default TLS 1.3 suites (RFC 8446 §9.1 mandatory suite plus the two common ones).
    public static let defaultTLS13CipherSuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"

    /// Path of the PEM file holding the leaf certificate followed by any intermediates.
    public var certificateChainPath: String
    /// Path of the PEM file holding the (unencrypted) private key of the leaf certificate.
    public var privateKeyPath: String
    /// The oldest protocol version accepted.
    public var minimumVersion: ProtocolVersion
    /// The newest protocol version offered.
    public var maximumVersion: ProtocolVersion
    /// TLS 1.2 cipher list (OpenSSL syntax).
    public var cipherList: String
    /// TLS 1.3 cipher suites (OpenSSL syntax).
    public var cipherSuites: String
    /// ALPN protocols in server preference order (RFC 7301 §3.2); empty disables ALPN.
    public var alpnProtocols: [String]
    /// How long the event loop lets a connection spend in the handshake before closing it.
    public var handshakeTimeout: Duration

    /// Creates a configuration with the modern defaults.
    /// - Parameters:
    ///   - certificateChainPath: PEM certificate chain, leaf first.
    ///   - privateKeyPath: PEM private key matching the leaf.
    ///   - handshakeTimeout: the loop's limit for a handshake; 10 s by default.
    public init(certificateChainPath: String, privateKeyPath: String, handshakeTimeout: Duration = .seconds(10)) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.minimumVersion = .tls1_2
        self.maximumVersion = .tls1_3
        self.cipherList = Self.modernTLS12Ciphers
        self.cipherSuites = Self.defaultTLS13CipherSuites
        self.alpnProtocols = ["http/1.1"]
        self.handshakeTimeout = handshakeTimeout
    }

    /// The ALPN list in wire format (RFC 7301 §3.1: each name prefixed by its one-byte length).
    /// Names that are empty or longer than 255 bytes cannot be encoded and are skipped.
    var alpnWireFormat: [UInt8] {
        var wire: [UInt8] = []
        for name in alpnProtocols {
            let bytes = Array(name.utf8)
            guard !bytes.isEmpty, bytes.count <= 255 else { continue }
            wire.append(UInt8(bytes.count))
            wire.append(contentsOf: bytes)
        }
        return wire
    }
}
