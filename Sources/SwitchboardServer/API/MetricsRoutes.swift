import SwitchboardDomain
import SwitchboardNet

/// `GET /metrics`: Prometheus text for scrapers on this machine (loopback), with `--metrics-token` as a bearer
/// token from elsewhere, or for an administrator's session (rule in `AccessPolicy`).
enum MetricsRoutes {
    /// The path.
    static let path = "/metrics"

    /// Adds the route.
    static func add(to router: inout APIRouter, metrics: SwitchboardMetrics, live: LiveService?) {
        router.add(.get, path) { _ throws(APIError) in
            let network = live?.sockets.net?.counters() ?? NetworkCounters()
            let publications = live?.gateway.publications.load(ordering: .relaxed) ?? 0
            let queues = live?.center.hub.queues() ?? []
            let now = live?.clock.now() ?? Timestamp(milliseconds: 0)
            let body = metrics.exposition(network: network, publications: publications, queues: queues, now: now)
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"], body: body)
        }
    }
}
