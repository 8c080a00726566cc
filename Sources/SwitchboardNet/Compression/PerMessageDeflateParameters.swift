/// The agreed parameters of a permessage-deflate extension (RFC 7692 §7.1), as the server accepted them.
///
/// "server" is the server-to-client direction, "client" the client-to-server direction, whichever side holds them.
public struct PerMessageDeflateParameters: Equatable, Sendable {
    /// The server resets its compression context after every message (RFC 7692 §7.1.1.1).
    public var serverNoContextTakeover: Bool
    /// The client resets its compression context after every message (RFC 7692 §7.1.1.2).
    public var clientNoContextTakeover: Bool
    /// Base-2 logarithm of the LZ77 window the server compresses with (RFC 7692 §7.1.2.1); 9...15, zlib has no raw 8.
    public var serverMaxWindowBits: Int
    /// Base-2 logarithm of the LZ77 window the client compresses with (RFC 7692 §7.1.2.2); 8...15.
    public var clientMaxWindowBits: Int

    /// The valid range of `serverMaxWindowBits`: RFC 7692 allows 8, but zlib cannot produce a raw deflate stream with it.
    public static let serverWindowBitsRange: ClosedRange<Int> = 9...15
    /// The valid range of `clientMaxWindowBits` (RFC 7692 §7.1.2.2); zlib inflates all of it.
    public static let clientWindowBitsRange: ClosedRange<Int> = 8...15

    /// Creates agreed parameters; the defaults are those of a bare `permessage-deflate` (context takeover, 32 KB windows).
    /// - Parameters:
    ///   - serverNoContextTakeover: the server resets its context after every message.
    ///   - clientNoContextTakeover: the client resets its context after every message.
    ///   - serverMaxWindowBits: the server's window, 9...15.
    ///   - clientMaxWindowBits: the client's window, 8...15.
    public init(
        serverNoContextTakeover: Bool = false,
        clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15
    ) {
        precondition(Self.serverWindowBitsRange.contains(serverMaxWindowBits), "server window bits must be 9...15")
        precondition(Self.clientWindowBitsRange.contains(clientMaxWindowBits), "client window bits must be 8...15")
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }
}
