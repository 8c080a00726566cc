/// Hard limits the HTTP/1.1 request parser enforces, each mapped to its status code.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (method, target, version; without CRLF). Longer → 414 URI Too Long.
    public var maxRequestLineBytes: Int
    /// Largest request head (request line and header fields, with their CRLFs). Larger → 431.
    public var maxHeadBytes: Int
    /// Most header field lines in one head (also bounds chunked trailers). More → 431.
    public var maxHeaderCount: Int
    /// Largest request body, after chunked decoding. Larger → 413 Content Too Large.
    public var maxBodyBytes: Int
    /// Longest chunk-size line including chunk extensions (RFC 9112 §7.1.1). Longer → 400.
    public var maxChunkLineBytes: Int

    /// Limits with the given values; the defaults suit a browser-facing API and static pages.
    public init(
        maxRequestLineBytes: Int = 8192,
        maxHeadBytes: Int = 16384,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1 << 20,
        maxChunkLineBytes: Int = 4096
    ) {
        precondition(maxRequestLineBytes > 0 && maxHeadBytes > 0 && maxHeaderCount >= 0, "limits must be positive")
        precondition(maxBodyBytes >= 0 && maxChunkLineBytes > 0, "limits must be positive")
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
    }

    /// The default limits.
    public static let `default` = HTTPLimits()
}
