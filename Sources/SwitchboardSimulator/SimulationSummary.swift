import SwitchboardSync

/// What a run did, counted as it goes (webhook answers by class, outbound sends received, statuses sent, agents'
/// work) and printed at the end.
public final class SimulationSummary: Sendable {
    public struct Counts: Sendable, Equatable {
        public var messagesSent = 0
        public var answers2xx = 0
        public var answers4xx = 0
        public var answers5xx = 0
        /// Webhooks that got no answer at all (connection refused, timeout).
        public var transportErrors = 0
        public var outboundReceived = 0
        public var statusesSent = 0
        public var agentsLoggedIn = 0
        public var taken = 0
        public var replies = 0
        public var closed = 0
        public var pauses = 0
        public var agentErrors = 0
    }

    private let counts = Locked(Counts())

    public init() {}

    /// A copy of the counts now.
    public var snapshot: Counts { counts.withLock { $0 } }

    func update(_ change: (inout Counts) -> Void) { counts.withLock { change(&$0) } }

    /// Records one webhook answer (nil: none arrived).
    func answered(_ status: Int?, isStatus: Bool) {
        update { c in
            if isStatus { c.statusesSent += 1 } else { c.messagesSent += 1 }
            switch status {
            case .some(200..<300): c.answers2xx += 1
            case .some(400..<500): c.answers4xx += 1
            case .some(500..<600): c.answers5xx += 1
            default: c.transportErrors += 1
            }
        }
    }

    /// The lines printed at the end of a run.
    public var text: String {
        let c = snapshot
        return """
            messages sent:      \(c.messagesSent)
            statuses sent:      \(c.statusesSent)
            webhook answers:    2xx \(c.answers2xx), 4xx \(c.answers4xx), 5xx \(c.answers5xx), no answer \(c.transportErrors)
            outbound received:  \(c.outboundReceived)
            agents:             \(c.agentsLoggedIn) logged in, \(c.taken) taken, \(c.replies) replies, \(c.closed) closed, \(c.pauses) pauses, \(c.agentErrors) errors
            """
    }
}
