/// How the server negotiates and uses permessage-deflate (RFC 7692).
public struct PerMessageDeflateConfiguration: Sendable {
    /// Whether the server accepts permessage-deflate offers at all.
    public var enabled: Bool
    /// Whether the server may keep its compression context between messages when the client allows it.
    ///
    /// Off by default: without server context takeover one compressed frame serves every subscriber of a broadcast
    /// topic, and an idle connection holds no deflate stream (~142 KB each at 15 window bits otherwise).
    public var serverContextTakeoverAllowed: Bool
    /// Whether the client may keep its compression context between messages (else the response carries
    /// `client_no_context_takeover`, RFC 7692 §7.1.1.2).
    ///
    /// Off by default: client messages are small commands, and with takeover each connection holds an inflate
    /// stream for its whole life (~7 KB plus the client's window, 32 KB at 15 bits).
    public var clientContextTakeoverAllowed: Bool
    /// The largest window the server compresses with, 8...15; below 15 it is announced in every response.
    public var serverMaxWindowBits: Int
    /// The largest window the server asks the client to use, 8...15, when the client offers `client_max_window_bits`.
    public var clientMaxWindowBits: Int
    /// zlib compression level, 1 (fastest) ... 9 (smallest).
    public var compressionLevel: Int
    /// Messages shorter than this many bytes are sent uncompressed (their frames have RSV1 clear).
    public var compressionThreshold: Int
    /// The most bytes one inflated message may reach; beyond it the connection is closed with 1009.
    public var maxInflatedMessageSize: Int

    /// Creates a configuration.
    /// - Parameters:
    ///   - enabled: accept permessage-deflate offers.
    ///   - serverContextTakeoverAllowed: keep the server's context between messages when the client allows it.
    ///   - clientContextTakeoverAllowed: let the client keep its context between messages.
    ///   - serverMaxWindowBits: the server's largest window, 8...15.
    ///   - clientMaxWindowBits: the largest client window asked for, 8...15.
    ///   - compressionLevel: zlib level 1...9; the default 1 is the fastest.
    ///   - compressionThreshold: smaller messages go uncompressed.
    ///   - maxInflatedMessageSize: the cap on an inflated message, in bytes.
    public init(
        enabled: Bool = true,
        serverContextTakeoverAllowed: Bool = false,
        clientContextTakeoverAllowed: Bool = false,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15,
        compressionLevel: Int = 1,
        compressionThreshold: Int = 64,
        maxInflatedMessageSize: Int = 16 << 20
    ) {
        precondition(PerMessageDeflateParameters.windowBitsRange.contains(serverMaxWindowBits), "server window bits: 8...15")
        precondition(PerMessageDeflateParameters.windowBitsRange.contains(clientMaxWindowBits), "client window bits: 8...15")
        precondition((1...9).contains(compressionLevel), "compression level must be 1...9")
        precondition(maxInflatedMessageSize >= 0 && compressionThreshold >= 0, "sizes must not be negative")
        self.enabled = enabled
        self.serverContextTakeoverAllowed = serverContextTakeoverAllowed
        self.clientContextTakeoverAllowed = clientContextTakeoverAllowed
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
        self.compressionLevel = compressionLevel
        self.compressionThreshold = compressionThreshold
        self.maxInflatedMessageSize = maxInflatedMessageSize
    }
}
