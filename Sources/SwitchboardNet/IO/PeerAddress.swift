import Glibc

/// The address a connection came from, as 16 bytes of IPv6 (IPv4 mapped as `::ffff:a.b.c.d`): two words in the
/// connection record, no allocation; printed on demand (login limits and the audit log).
public struct PeerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The first and last 8 bytes, big-endian order kept as read.
    public let high: UInt64
    public let low: UInt64

    /// No address (a connection not made over IP).
    public static let unknown = PeerAddress(high: 0, low: 0)

    /// An address from its two words.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An address from 16 bytes of IPv6.
    init(bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)) {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeBytes(of: bytes) { raw in withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: raw) } }
        self.init(high: words.0, low: words.1)
    }

    /// The 16 bytes in network order.
    var bytes: [UInt8] {
        withUnsafeBytes(of: (high, low)) { Array($0) }
    }

    /// `a.b.c.d` for IPv4, the RFC 5952 text for IPv6.
    public var description: String {
        let bytes = self.bytes
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = bytes.withUnsafeBytes { inet_ntop(AF_INET6, $0.baseAddress, &text, socklen_t(INET6_ADDRSTRLEN)) }
        guard ok != nil else { return "unknown" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
