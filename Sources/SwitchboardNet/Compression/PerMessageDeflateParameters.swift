/// The agreed parameters of a permessage-deflate extension (RFC 7692 §7.1), as the server accepted them.
///
/// "server" is the server-to-client direction, "client" the client-to-server direction, whichever side holds them.
public struct PerMessageDeflateParameters: Equatable, Sendable {
    /// The server resets its compression context after every message (RFC 7692 §7.1.1.1).
    public var serverNoContextTakeover: Bool
    /// The client resets its compression context after every message (RFC 7692 §7.1.1.2).
    public var clientNoContextTakeover: Bool
    /// Base-2 logarithm of the LZ77 window the server compresses with (RFC 7692 §7.1.2.1); 8...15.
    ///
    /// zlib cannot make a raw stream with an 8-bit window, so 8 is compressed with 9 bits: zlib never refers further back
    /// than the window less 262 bytes (its MAX_DIST), 250 bytes at 9 bits, which an 8-bit (256-byte) window holds.
    public var serverMaxWindowBits: Int
    /// Base-2 logarithm of the LZ77 window the client compresses with (RFC 7692 §7.1.2.2); 8...15.
    public var clientMaxWindowBits: Int

    /// The valid window sizes, base-2 logarithm (RFC 7692 §7.1.2.1, §7.1.2.2).
    public static let windowBitsRange: ClosedRange<Int> = 8...15

    /// The window zlib compresses with for an agreed window of `windowBits`: the same, except 9 for 8 (see
    /// `serverMaxWindowBits`). Clients agreed on 8 and on 9 can share one compressed broadcast payload.
    /// - Parameter windowBits: the agreed window, 8...15.
    /// - Returns: the window to pass to zlib's deflate, 9...15.
    public static func deflateWindowBits(forAgreed windowBits: Int) -> Int { max(9, windowBits) }

    /// Creates agreed parameters; the defaults are those of a bare `permessage-deflate` (context takeover, 32 KB windows).
    /// - Parameters:
    ///   - serverNoContextTakeover: the server resets its context after every message.
    ///   - clientNoContextTakeover: the client resets its context after every message.
    ///   - serverMaxWindowBits: the server's window, 8...15.
    ///   - clientMaxWindowBits: the client's window, 8...15.
    public init(
        serverNoContextTakeover: Bool = false,
        clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15
    ) {
        precondition(Self.windowBitsRange.contains(serverMaxWindowBits), "server window bits must be 8...15")
        precondition(Self.windowBitsRange.contains(clientMaxWindowBits), "client window bits must be 8...15")
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }
}
