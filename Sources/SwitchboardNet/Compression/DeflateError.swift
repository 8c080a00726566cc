/// Why a permessage-deflate payload could not be inflated (RFC 7692 §7.2.2).
public enum DeflateError: Error, Equatable, Sendable {
    /// The inflated message would exceed the caller's size limit; the connection closes with 1009 (message too big).
    case tooLarge
    /// The payload is not a valid raw DEFLATE stream; the connection closes with 1007 (invalid frame payload data),
    /// as Autobahn|Testsuite and common servers (ws, websockets) expect for bad compressed data.
    case corrupt
    /// zlib failed for a reason that is not the peer's fault (out of memory); the connection closes with 1011.
    case internalError(Int32)

    /// The WebSocket close code (RFC 6455 §7.4.1) a server answers this error with.
    public var closeCode: UInt16 {
        switch self {
        case .tooLarge: 1009
        case .corrupt: 1007
        case .internalError: 1011
        }
    }
}
