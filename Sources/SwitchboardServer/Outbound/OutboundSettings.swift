import SwitchboardNet
import SwitchboardProviders

/// How the server sends agents' messages: the retry policy, the waits between attempts, the HTTP client's
/// timeouts, and the public base URL the classic provider's status callbacks go to.
public struct OutboundSettings: Sendable {
    /// Attempts and backoff per message.
    public var policy = RetryPolicy()
    /// Waits between attempts (`TaskSleeper` in production; tests return at once).
    public var sleeper: any OutboundSleeper = TaskSleeper()
    /// Timeouts and limits of each provider's connection pool.
    public var client = HTTPClient.Configuration()
    /// `serve --public-url` (e.g. `https://sb.example.com`): classic sends name `<it>/webhooks/classic/{providerId}`
    /// as their StatusCallback; nil sends none.
    public var publicURL: String?

    /// The defaults.
    public init() {}
}
