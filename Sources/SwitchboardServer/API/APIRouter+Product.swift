import SwitchboardDomain
import SwitchboardStore

// MARK: - Every route of the product

extension APIRouter {
    /// The product's REST API: session, providers, campaigns, users, recordings and the OpenAPI document.
    /// - Parameters:
    ///   - store: the database.
    ///   - access: who is logged in (kept in step with user changes).
    ///   - clock: "now" for creation times and sessions.
    ///   - lifetimeSeconds: how long a login lasts.
    ///   - live: told of campaign and user changes, so the live actors follow at once.
    ///   - throttle: the login attempt limits.
    ///   - metrics: the figures of `/metrics` (HTTP requests are counted there).
    ///   - metricsToken: a bearer token that opens `/metrics` from another machine.
    /// - Returns: the router with every route.
    static func product(store: StoreDatabase, access: AccessDirectory, clock: any WallClock, lifetimeSeconds: Int64,
                        live: LiveService? = nil, throttle: LoginThrottle? = nil, metrics: SwitchboardMetrics? = nil,
                        metricsToken: String? = nil) -> APIRouter {
        var api = APIRouter()
        api.metrics = metrics
        api.metricsToken = metricsToken
        api.scopes = AccessScopeChecker(store: store)
        SessionRoutes.add(to: &api, store: store, access: access, clock: clock, lifetimeSeconds: lifetimeSeconds,
                          throttle: throttle ?? LoginThrottle(clock: clock), metrics: metrics)
        ProviderRoutes.add(to: &api, store: store, clock: clock)
        CampaignRoutes.add(to: &api, store: store, access: access, clock: clock, live: live)
        UserRoutes.add(to: &api, store: store, access: access, clock: clock, live: live)
        SessionAdminRoutes.add(to: &api, store: store, access: access, clock: clock)
        KioskLinkRoutes.add(to: &api, store: store, access: access, clock: clock)
        RecordingRoutes.add(to: &api, store: store, access: access)
        MediaRoutes.add(to: &api, store: store)
        PauseReasonRoutes.add(to: &api, store: store, clock: clock)
        AuditRoutes.add(to: &api, store: store, access: access)
        TemplateRoutes.add(to: &api, store: store, clock: clock)
        InteractionRoutes.add(to: &api, store: store, clock: clock, live: live)
        OpenAPIDocument.add(to: &api)
        MetricsRoutes.add(to: &api, metrics: metrics ?? live?.sockets.metrics ?? SwitchboardMetrics(), live: live)
        return api
    }
}
