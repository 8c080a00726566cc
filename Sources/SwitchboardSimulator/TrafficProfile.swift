/// How the customers behave: arrival rate and bursts, conversation length, pauses between turns, media and
/// abandon shares. The defaults make a busy but readable demo.
public struct TrafficProfile: Sendable, Equatable {
    /// New conversations per second on average (all providers together).
    public var rate: Double = 1.0
    /// Share of time in a burst, and the rate's multiplier inside one (bursts come and go every few seconds).
    public var burstShare: Double = 0.2
    public var burstFactor: Double = 4
    /// Turns per conversation: 1...maxTurns, uniformly.
    public var maxTurns: Int = 4
    /// Mean seconds between a customer's turns.
    public var meanTurnGap: Double = 8
    /// Share of customers who write once and give up.
    public var abandonShare: Double = 0.15
    /// Share of messages that are media (image or document) and that are locations.
    public var mediaShare: Double = 0.1
    public var locationShare: Double = 0.05

    public init() {}
}
