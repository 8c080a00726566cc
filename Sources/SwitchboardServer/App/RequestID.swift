import SwitchboardNet

/// The id one HTTP request is logged and answered with (`X-Request-Id`): the caller's own when it sends a usable
/// one (a proxy's or a provider's trace id, so both sides' logs meet), else a fresh random one.
struct RequestID: Sendable, CustomStringConvertible {
    static let header = "X-Request-Id"
    /// Longer ids are refused: an id is logged with every line of its request.
    static let maxLength = 128

    let description: String

    /// The id for this request.
    init(for head: HTTPRequestHead) {
        if let given = head.headers.first(Self.header), Self.isUsable(given) {
            description = given
        } else {
            description = Self.fresh()
        }
    }

    /// Letters, digits and `-_.:` only: a caller's id is written into log lines and a header as is, so nothing
    /// that could forge another field or line gets through.
    static func isUsable(_ id: String) -> Bool {
        (1...maxLength).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"): true
            default: false
            }
        }
    }

    /// 16 hex digits from the system's random generator.
    static func fresh() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
