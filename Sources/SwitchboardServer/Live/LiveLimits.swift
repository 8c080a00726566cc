/// Abuse limits of the live socket (serve flags; tests set low values, benchmarks raise them).
public struct LiveLimits: Sendable, Equatable {
    /// Commands one socket may send per second (a burst of one second's worth; more get `rate_limited`).
    public var commandsPerSecond = 50
    /// Topics one socket may be subscribed to at once (spies and screen watches included).
    public var subscriptionsPerConnection = 100
    /// Interactions one supervisor may spy at once, over all its sockets.
    public var spiesPerSupervisor = 20
    /// Agents' screens one supervisor may watch at once, over all its sockets.
    public var screensPerSupervisor = 4

    public init() {}
}
