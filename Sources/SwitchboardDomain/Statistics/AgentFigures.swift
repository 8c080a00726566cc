/// One agent's figures for today (in one campaign, or summed over its campaigns).
public struct AgentFigures: Sendable, Equatable {
    /// Interactions it closed.
    public var handled: Int64 = 0
    /// Σ handling time, ms.
    public var handleTime: Int64 = 0
    /// First responses measured.
    public var firstResponses: Int64 = 0
    /// Σ first response time, ms.
    public var firstResponseTime: Int64 = 0

    /// Zero figures.
    public init() {}

    /// Counts a close.
    public mutating func recordClosed(handle: Int64) {
        handled += 1
        handleTime += handle
    }

    /// Counts a first response.
    public mutating func recordFirstResponse(delay: Int64) {
        firstResponses += 1
        firstResponseTime += delay
    }

    /// Adds another campaign's figures.
    public mutating func add(_ other: AgentFigures) {
        handled += other.handled
        handleTime += other.handleTime
        firstResponses += other.firstResponses
        firstResponseTime += other.firstResponseTime
    }

    /// Average handling time, seconds; nil when nothing handled.
    public var aht: Double? { handled > 0 ? Double(handleTime) / Double(handled) / 1000 : nil }
    /// Mean first response, seconds; nil when none.
    public var firstResponse: Double? { firstResponses > 0 ? Double(firstResponseTime) / Double(firstResponses) / 1000 : nil }
}
