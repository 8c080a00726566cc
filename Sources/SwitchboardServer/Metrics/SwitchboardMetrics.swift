import Metrics
import Prometheus
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore
import SwitchboardSync

/// The service's figures in Prometheus text (`GET /metrics`), through swift-metrics with swift-prometheus as its
/// backend — on a registry of this app's own (no global bootstrap, so several apps in one test process stay apart).
///
/// Per-message figures are never counted per message with a lock: the network core counts in each loop's own
/// atomics and the gateway once per publication; those are read and turned into Prometheus values at scrape time.
/// What is counted here directly is rare (a refusal, a login, a commit, an HTTP request, an outbound attempt) or one
/// histogram observation on an object resolved beforehand (a webhook's latency: no label lookup per webhook). The
/// campaigns' queues are read from the hub's wallboard figures at scrape time.
public final class SwitchboardMetrics: Sendable {
    /// Which limit refused something.
    public enum Limit: String, Sendable, CaseIterable {
        case connectionsPerAddress = "connections_per_address"
        case commandsPerSecond = "commands_per_second"
        case subscriptionsPerConnection = "subscriptions_per_connection"
        case spiesPerSupervisor = "spies_per_supervisor"
        case screensPerSupervisor = "screens_per_supervisor"
    }

    /// Upper bounds of the latency histograms, fine below 20 ms where the webhook targets are (p99 under 5 and 20 ms).
    public static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
        .seconds(5), .seconds(10), .seconds(30),
    ]
    /// Upper bounds of the commit batch sizes (the writer's default most is 4096 requests).
    public static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]

    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let refusals: [Limit: Metrics.Counter]
    private let loginThrottled: Metrics.Counter
    private let loginLockouts: Metrics.Counter
    private let commits: DurationHistogram
    private let commitBatches: ValueHistogram
    private let cloudWebhooks: DurationHistogram
    private let classicWebhooks: DurationHistogram
    private let outboundByProvider = Locked<[ProviderID: OutboundFigures]>([:])
    private let connections: Prometheus.Gauge
    private let webSockets: Prometheus.Gauge
    private let slowConsumers: Prometheus.Counter
    private let deliveries: Prometheus.Counter
    private let publications: Prometheus.Counter
    private let addressRefusals: Prometheus.Counter
    /// The totals already turned into counter increments at the last scrape.
    private let scraped = Locked(Scraped())

    private struct Scraped {
        var net = NetworkCounters()
        var publications = 0
        /// Each campaign's queue gauges (size, longest wait), made at its first scrape, removed once it is gone.
        var queues: [CampaignID: (size: Prometheus.Gauge, wait: Prometheus.Gauge)] = [:]
    }

    private static var queueSize: MetricNameDescriptor {
        name("queue", "size", help: "Interactions waiting in each campaign's queue.")
    }
    private static var longestWait: MetricNameDescriptor {
        name("queue_longest_wait", "seconds",
             help: "How long each campaign's oldest waiting interaction has waited (0 when none waits).")
    }
    private static var webhookLatency: MetricNameDescriptor {
        name(
            "webhook_latency", "seconds",
            help: "Webhook requests answered 200, by provider kind: from when the handler was given the whole request (the network core "
                + "does not stamp a request's first byte: reading it is not included) to the commit of everything it carried.")
    }

    /// The metrics, all at zero.
    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
        var refusals: [Limit: Metrics.Counter] = [:]
        for limit in Limit.allCases where limit != .connectionsPerAddress {
            refusals[limit] = Metrics.Counter(label: "switchboard_limit_refusals_total", dimensions: [("limit", limit.rawValue)], factory: factory)
        }
        self.refusals = refusals
        addressRefusals = registry.makeCounter(descriptor: Self.name("limit_refusals", "total", help: ""),
                                               labels: [("limit", Limit.connectionsPerAddress.rawValue)])
        loginThrottled = Metrics.Counter(label: "switchboard_login_throttled_total", factory: factory)
        loginLockouts = Metrics.Counter(label: "switchboard_login_lockouts_total", factory: factory)
        commits = registry.makeDurationHistogram(
            descriptor: Self.name("store_commit", "seconds", help: "Store commits: one batch's deferred writes and COMMIT."),
            buckets: Self.latencyBuckets)
        commitBatches = registry.makeValueHistogram(
            descriptor: Self.name("store_commit_batch", "size", help: "Write requests per store commit (a webhook's message is one)."),
            buckets: Self.batchBuckets)
        cloudWebhooks = registry.makeDurationHistogram(descriptor: Self.webhookLatency, labels: [("kind", ProviderKind.cloud.rawValue)],
                                                       buckets: Self.latencyBuckets)
        classicWebhooks = registry.makeDurationHistogram(descriptor: Self.webhookLatency, labels: [("kind", ProviderKind.classic.rawValue)],
                                                         buckets: Self.latencyBuckets)
        connections = registry.makeGauge(descriptor: Self.name("connections", "open", help: "Connections open now (HTTP and WebSocket)."))
        webSockets = registry.makeGauge(descriptor: Self.name("websockets", "open", help: "WebSockets open now."))
        slowConsumers = registry.makeCounter(descriptor: Self.name("slow_consumers_dropped", "total",
                                                                  help: "WebSockets closed with 1013: too slow for a lossless topic."))
        deliveries = registry.makeCounter(descriptor: Self.name("hub_deliveries", "total", help: "Frames handed to subscribers."))
        publications = registry.makeCounter(descriptor: Self.name("hub_publications", "total", help: "Publications of the live hub."))
    }

    /// `switchboard_<metric>_<unit>` with its help line.
    static func name(_ metric: String, _ unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "switchboard", metricName: metric, unitName: unit, helpText: help)
    }

    /// A limit refused something.
    public func refused(_ limit: Limit) { refusals[limit]?.increment() }

    /// A login was answered 429 (throttled or locked).
    public func loginWasThrottled() { loginThrottled.increment() }

    /// A username or address was locked.
    public func loginLockedOut() { loginLockouts.increment() }

    /// A store commit of `requests` write requests took `nanoseconds` (on the writer thread).
    public func committed(nanoseconds: UInt64, requests: Int) {
        commits.recordNanoseconds(Int64(clamping: nanoseconds))
        commitBatches.record(Double(requests))
    }

    /// A webhook of `kind` was answered 200 `duration` after the handler got it, everything it carried committed.
    public func webhookCommitted(_ kind: ProviderKind, after duration: Duration) {
        switch kind {
        case .cloud: cloudWebhooks.record(duration)
        case .classic: classicWebhooks.record(duration)
        }
    }

    /// One provider's outbound figures (made at its first message, then found again: resolve them once per message).
    public func outbound(_ provider: ProviderID) -> OutboundFigures {
        if let found = outboundByProvider.withLock({ $0[provider] }) { return found }
        let made = OutboundFigures(provider, registry: registry)   // the registry returns the same series if two race here
        return outboundByProvider.withLock { table in
            if let found = table[provider] { return found }
            table[provider] = made
            return made
        }
    }

    /// One HTTP API request answered: by route pattern (not the path, so ids do not explode the series) and status.
    public func answered(method: String, route: String, status: Int) {
        Metrics.Counter(label: "switchboard_http_requests_total",
                dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory).increment()
    }

    /// The Prometheus text exposition, with the network core's and the hub's running totals read now.
    /// - Parameters:
    ///   - network: the network core (nil before it starts).
    ///   - publications: the gateway's publications since start.
    ///   - queues: each campaign's queue (`LiveHub.queues()`); a campaign no longer there loses its series.
    ///   - now: the instant the longest waits are measured at (the domain's clock).
    public func exposition(network: NetworkCounters, publications total: Int, queues: [CampaignQueue] = [],
                           now: Timestamp = Timestamp(milliseconds: 0)) -> [UInt8] {
        scraped.withLock { last in
            connections.set(Double(network.connections))
            webSockets.set(Double(network.webSockets))
            // The loops' totals only grow: the counters take what came since the last scrape.
            slowConsumers.increment(by: Int64(max(0, network.slowConsumersDropped - last.net.slowConsumersDropped)))
            deliveries.increment(by: Int64(max(0, network.deliveries - last.net.deliveries)))
            addressRefusals.increment(by: Int64(max(0, network.refusedPerAddress - last.net.refusedPerAddress)))
            publications.increment(by: Int64(max(0, total - last.publications)))
            last.net = network
            last.publications = total
            var gone = last.queues
            for queue in queues {
                let gauges = gone.removeValue(forKey: queue.campaign) ?? (
                    registry.makeGauge(descriptor: Self.queueSize, labels: [("campaign", queue.campaign.description)]),
                    registry.makeGauge(descriptor: Self.longestWait, labels: [("campaign", queue.campaign.description)]))
                gauges.size.set(Double(queue.waiting))
                gauges.wait.set(queue.longestWait(at: now))
                last.queues[queue.campaign] = gauges
            }
            for (campaign, gauges) in gone {
                registry.unregisterGauge(gauges.size)
                registry.unregisterGauge(gauges.wait)
                last.queues[campaign] = nil
            }
        }
        return registry.emitToBuffer()
    }
}
