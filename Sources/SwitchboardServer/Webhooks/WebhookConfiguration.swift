/// How the webhooks are answered: the public base URL the classic signature covers and the largest body taken.
public struct WebhookConfiguration: Sendable {
    /// `https://switchboard.example.com` as the providers call it (behind a proxy the request's Host and scheme
    /// differ); nil: the request's scheme and `Host`.
    public var publicURL: String?
    /// Larger webhook bodies are answered 413.
    public var maxBodyBytes = 1 << 20

    public init() {}
}
