import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// The product on the network core: `/api/...` to the REST API (answered from a task, off the loop),
/// the web pages from `Public/`, health endpoints, and the live WebSocket.
final class AppDelegate: NetworkServerDelegate {
    /// The session cookie's name.
    static let sessionCookie = "sb_session"

    private let api: APIRouter
    private let access: AccessDirectory
    private let pages: StaticFileServer
    private let store: StoreDatabase
    private let live: LiveSocketHandler?
    private let webhooks: WebhookHandler?

    init(api: APIRouter, access: AccessDirectory, pages: StaticFileServer, store: StoreDatabase, live: LiveSocketHandler? = nil,
         webhooks: WebhookHandler? = nil) {
        self.webhooks = webhooks
        self.api = api
        self.access = access
        self.pages = pages
        self.store = store
        self.live = live
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let path = request.head.path
        if let webhooks, path.hasPrefix(WebhookHandler.prefix) {
            // Signed by the provider: no session, no Origin (a provider's server is not a browser).
            let received = ContinuousClock.now   // the core gives no first-byte instant: the webhook's latency starts here
            let id = RequestID(for: request.head)
            Task { responder.respond(Self.identified(Self.secured(await webhooks.handle(request, id: id, receivedAt: received), for: request), id)) }
            return
        }
        if path.hasPrefix("/api/") || path == MetricsRoutes.path {
            guard CrossOriginProtection.allows(request.head) else {
                let refusal = APIError(status: .forbidden, code: "cross_origin", message: "Cross-origin requests are not allowed.")
                responder.respond(Self.secured(refusal.response, for: request))
                return
            }
            let id = RequestID(for: request.head)
            Task { [api, access] in
                await api.handle(request, id: id, access: access, responder: responder) { Self.identified(Self.secured($0, for: request), id) }
            }
            return
        }
        switch path {
        case "/" where request.head.method == .get || request.head.method == .head:
            responder.respond(Self.secured(landing(request), for: request))
        case "/healthz":
            responder.respond(.json(status: .ok, body: #"{"status":"ok","version":"\#(ServiceVersion.current)"}"#))
        case "/readyz":
            Task { [store] in
                let ready = (try? await store.schemaVersion()) != nil
                responder.respond(.json(status: ready ? .ok : .serviceUnavailable, body: ready ? #"{"ready":true}"# : #"{"ready":false}"#))
            }
        default:
            guard request.head.method == .get || request.head.method == .head else {
                var response = HTTPResponse.methodNotAllowed(allowed: [.get, .head])
                response.headers.add("Allow", "GET, HEAD")
                responder.respond(Self.secured(response, for: request))
                return
            }
            responder.respond(Self.secured(pages.respond(to: request.head), for: request))
        }
    }

    /// `/`: a logged-in user goes to their role's page, anyone else to the login page (decided here, so the page
    /// never has to probe the API and log a 401).
    private func landing(_ request: HTTPRequest) -> HTTPResponse {
        let user = request.head.cookie(Self.sessionCookie).flatMap { access.user(forToken: $0) }
        var response = HTTPResponse.status(.seeOther)
        response.headers.add("Location", user.map { Self.homePath(of: $0.role) } ?? "/login/")
        return response
    }

    /// The page a role lands on.
    static func homePath(of role: UserRole) -> String {
        switch role {
        case .admin: "/admin/"
        case .supervisor: "/wallboard/"
        case .agent: "/inbox/"
        case .kiosk: "/tv/"
        }
    }

    func shouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision {
        if let live, request.head.path == LiveSocketHandler.path { return live.shouldUpgrade(request) }
        return .reject(Self.secured(.text(status: .notFound, "no WebSocket at \(request.head.path)\n")))
    }

    func webSocketDidOpen(_ connection: WebSocketConnection) { live?.didOpen(connection) }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) { live?.didReceive(connection, message) }

    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode) { live?.didClose(connection) }

    /// `secured` for the answer to `request`: the inbox alone may ask to share the screen (monitor screen), and an
    /// answer over TLS tells the browser to keep to TLS.
    static func secured(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        var response = secured(response)
        if request.head.path.hasPrefix("/inbox/") {
            response.headers.replaceOrAdd("Permissions-Policy", "camera=(), microphone=(), geolocation=(), display-capture=(self)")
        }
        if request.isSecure { response.headers.replaceOrAdd("Strict-Transport-Security", "max-age=31536000") }
        return response
    }

    /// `response` with the request's id, so a caller can quote it and find the server's log lines.
    static func identified(_ response: HTTPResponse, _ id: RequestID) -> HTTPResponse {
        var response = response
        response.headers.replaceOrAdd(RequestID.header, id.description)
        return response
    }

    /// Headers every answer carries: pages load nothing from elsewhere and cannot be framed.
    static func secured(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers.replaceOrAdd("Permissions-Policy", "camera=(), microphone=(), geolocation=(), display-capture=()")
        response.headers.replaceOrAdd("Content-Security-Policy", "default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'")
        response.headers.replaceOrAdd("X-Content-Type-Options", "nosniff")
        response.headers.replaceOrAdd("Referrer-Policy", "no-referrer")
        response.headers.replaceOrAdd("X-Frame-Options", "DENY")
        if response.headers.first("Cache-Control") == nil { response.headers.add("Cache-Control", "no-store") }
        return response
    }
}
