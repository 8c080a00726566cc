import Metrics
import Prometheus
import SwitchboardNet
import SwitchboardSync

/// The service's figures in Prometheus text (`GET /metrics`), through swift-metrics with swift-prometheus as its
/// backend — on a registry of this app's own (no global bootstrap, so several apps in one test process stay apart).
///
/// Per-message figures are never counted per message with a lock: the network core counts in each loop's own
/// atomics and the gateway once per publication; those are read and turned into Prometheus values at scrape time.
/// What is counted here directly is rare (a refusal, a login, a commit, an HTTP request).
public final class SwitchboardMetrics: Sendable {
    /// Which limit refused something.
    public enum Limit: String, Sendable, CaseIterable {
        case connectionsPerAddress = "connections_per_address"
        case commandsPerSecond = "commands_per_second"
        case subscriptionsPerConnection = "subscriptions_per_connection"
        case spiesPerSupervisor = "spies_per_supervisor"
        case screensPerSupervisor = "screens_per_supervisor"
    }

    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let refusals: [Limit: Metrics.Counter]
    private let loginThrottled: Metrics.Counter
    private let loginLockouts: Metrics.Counter
    private let commits: Metrics.Timer
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
        commits = Metrics.Timer(label: "switchboard_store_commit_seconds", factory: factory)
        connections = registry.makeGauge(descriptor: Self.name("connections", "open", help: "Connections open now (HTTP and WebSocket)."))
        webSockets = registry.makeGauge(descriptor: Self.name("websockets", "open", help: "WebSockets open now."))
        slowConsumers = registry.makeCounter(descriptor: Self.name("slow_consumers_dropped", "total",
                                                                  help: "WebSockets closed with 1013: too slow for a lossless topic."))
        deliveries = registry.makeCounter(descriptor: Self.name("hub_deliveries", "total", help: "Frames handed to subscribers."))
        publications = registry.makeCounter(descriptor: Self.name("hub_publications", "total", help: "Publications of the live hub."))
    }

    /// `switchboard_<metric>_<unit>` with its help line.
    private static func name(_ metric: String, _ unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "switchboard", metricName: metric, unitName: unit, helpText: help)
    }

    /// A limit refused something.
    public func refused(_ limit: Limit) { refusals[limit]?.increment() }

    /// A login was answered 429 (throttled or locked).
    public func loginWasThrottled() { loginThrottled.increment() }

    /// A username or address was locked.
    public func loginLockedOut() { loginLockouts.increment() }

    /// A store commit took `nanoseconds`.
    public func committed(nanoseconds: UInt64) { commits.recordNanoseconds(Int64(clamping: nanoseconds)) }

    /// One HTTP API request answered: by route pattern (not the path, so ids do not explode the series) and status.
    public func answered(method: String, route: String, status: Int) {
        Metrics.Counter(label: "switchboard_http_requests_total",
                dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory).increment()
    }

    /// The Prometheus text exposition, with the network core's and the hub's running totals read now.
    /// - Parameters:
    ///   - network: the network core (nil before it starts).
    ///   - publications: the gateway's publications since start.
    public func exposition(network: NetworkCounters, publications total: Int) -> [UInt8] {
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
        }
        return registry.emitToBuffer()
    }
}
