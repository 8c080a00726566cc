import SwitchboardStore

/// How `switchboard serve` runs: address, database, pages, TLS, session lifetimes and login limits.
public struct AppConfiguration: Sendable {
    /// Address to bind.
    public var host = "127.0.0.1"
    /// Port (0: any free port).
    public var port = 8080
    /// Event loops (nil: one per CPU in the affinity mask).
    public var loopCount: Int?
    /// The SQLite file.
    public var databasePath = "./switchboard.db"
    /// `normal` survives a crash of the process; `full` also a power loss.
    public var durability = StoreConfiguration.Durability.normal
    /// The folder of the web pages.
    public var publicDirectory = "Public"
    /// PEM certificate chain and key: serve https/wss.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// How long a login lasts, in seconds.
    public var sessionLifetimeSeconds: Int64 = 12 * 3600
    /// A login without a request or command for this long ends (an open live socket counts as activity); nil: never.
    public var sessionIdleSeconds: Int64? = 30 * 60
    /// Login attempt limits per username and per address.
    public var loginLimits = LoginThrottle.Limits()
    /// The public URL the providers call and the largest webhook body.
    public var webhooks = WebhookConfiguration()
    /// The server's public base URL (`serve --public-url`): classic status callbacks and webhook signatures name it.
    public var publicURL: String?
    /// Retries and timeouts of the messages sent to the providers (its `publicURL` defaults to the one above).
    public var outbound = OutboundSettings()
    /// Live socket limits: commands per second, subscriptions per connection, spies and screens per supervisor.
    public var liveLimits = LiveLimits()
    /// Connections one client address may hold open (nil: no limit). Thousands: an office logs in from one NAT address.
    public var maxConnectionsPerAddress: Int? = 5_000
    /// Audit entries older than this many days are deleted (hourly; nil keeps them all).
    public var auditRetentionDays: Int? = 365
    /// A bearer token that opens `/metrics` from elsewhere than this machine (nil: loopback and admin sessions only).
    public var metricsToken: String?

    public init() {}
}
