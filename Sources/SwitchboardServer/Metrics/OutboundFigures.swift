import Prometheus
import SwitchboardDomain

/// One provider's outbound attempts by outcome and their latency, labelled by provider id (a bounded set; never a
/// message). Made once per provider by `SwitchboardMetrics.outbound(_:)`; counting is a lookup in a five-entry table and an atomic add.
public final class OutboundFigures: Sendable {
    /// What became of an attempt (or of a message that could not be attempted).
    public enum Outcome: String, Sendable, CaseIterable {
        /// The provider accepted it.
        case sent
        /// 5xx, 429, a timeout or a broken connection with attempts left: it is tried again.
        case retried
        /// The provider refused it (4xx): failed.
        case refused
        /// The last attempt allowed failed as a retried one would: failed.
        case gaveUp = "gave_up"
        /// Failed before any request: the provider is gone, or its settings or base URL cannot be used.
        case unsendable
    }

    private static var sends: MetricNameDescriptor {
        SwitchboardMetrics.name(
            "outbound_sends", "total",
            help: "Outbound message attempts by provider id and outcome: sent, retried (5xx, 429, timeout: tried again), refused (4xx), "
                + "gave_up (the last attempt failed), unsendable (failed with no request made).")
    }
    private static var seconds: MetricNameDescriptor {
        SwitchboardMetrics.name(
            "outbound_send", "seconds", help: "Outbound attempts by provider id: the request to the provider until its answer or error.")
    }

    private let outcomes: [Outcome: Counter]
    private let latency: DurationHistogram

    init(_ provider: ProviderID, registry: PrometheusCollectorRegistry) {
        let id = ("provider", provider.description)
        var outcomes: [Outcome: Counter] = [:]
        for outcome in Outcome.allCases {
            outcomes[outcome] = registry.makeCounter(descriptor: Self.sends, labels: [id, ("outcome", outcome.rawValue)])
        }
        self.outcomes = outcomes
        latency = registry.makeDurationHistogram(descriptor: Self.seconds, labels: [id], buckets: SwitchboardMetrics.latencyBuckets)
    }

    /// Counts one outcome.
    public func count(_ outcome: Outcome) { outcomes[outcome]?.increment() }

    /// An attempt's request was answered (or failed) after `duration`.
    public func answered(after duration: Duration) { latency.record(duration) }
}
