/// Where a live socket came from: the client's address and its User-Agent, as the REST audit lines record them.
public struct CommandOrigin: Sendable, Equatable {
    /// The TCP peer (behind a proxy, the proxy's).
    public let address: String?
    /// The upgrade request's User-Agent (512 characters at most).
    public let userAgent: String?

    public init(address: String?, userAgent: String?) {
        self.address = address
        self.userAgent = userAgent
    }
}
