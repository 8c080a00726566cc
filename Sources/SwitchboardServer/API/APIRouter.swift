import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// The REST API's routes and their async handlers. Who may call each one, and the scope check on the object its path
/// names, come from `AccessPolicy.routes` (one table for the whole surface); a route without a rule is refused.
public struct APIRouter: Sendable {
    /// Answers one API request.
    public typealias Handler = @Sendable (APIRequest) async throws(APIError) -> HTTPResponse
    /// Checks one API request and returns the streamed answer to send (a failure is answered as usual).
    public typealias StreamHandler = @Sendable (APIRequest) async throws(APIError) -> APIStreamedResponse

    enum Answer: Sendable {
        case whole(Handler)
        case streamed(StreamHandler)
    }

    struct Route: Sendable {
        /// The route's row of `AccessPolicy.routes`; nil: none, so every call is refused (fail closed).
        let rule: AccessRule?
        let key: String
        let answer: Answer
    }

    private var router = HTTPRouter<Route>()
    /// Every route added, in order (for the OpenAPI document's and the authorisation matrix's tests).
    private(set) var patterns: [(method: HTTPMethod, pattern: String)] = []
    /// Resolves the objects a path names for the scope checks (nil: a router without a store refuses scoped routes).
    var scopes: AccessScopeChecker?
    /// HTTP requests are counted here by route pattern and status.
    var metrics: SwitchboardMetrics?
    /// Answers of 500 and above are logged here, with the request's id and route.
    var logger: Logger?
    /// A bearer token that passes `.loopbackOrAdmin` from another machine (`--metrics-token`).
    var metricsToken: String?

    public init() {}

    /// Adds a route; who may call it is its row of `AccessPolicy.routes`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        router.add(method, pattern, Route(rule: AccessPolicy.rule(method, pattern), key: AccessPolicy.key(method, pattern), answer: .whole(handler)))
        patterns.append((method, pattern))
    }

    /// The former signature: the roles now come from `AccessPolicy.routes`, and `roles` is ignored.
    @available(*, deprecated, message: "who may call a route is its row in AccessPolicy.routes (Auth/AccessPolicy.swift); drop roles:")
    public mutating func add(_ method: HTTPMethod, _ pattern: String, roles: Set<UserRole>?, _ handler: @escaping Handler) {
        add(method, pattern, handler)
    }

    /// Adds a route whose answer is streamed (exports): the handler validates and returns the head and a body
    /// producer; the router starts the stream, runs the producer and finishes the body.
    public mutating func addStreaming(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping StreamHandler) {
        router.add(method, pattern, Route(rule: AccessPolicy.rule(method, pattern), key: AccessPolicy.key(method, pattern), answer: .streamed(handler)))
        patterns.append((method, pattern))
    }

    /// Finds, authorises and runs the route for `request`, answering through `responder` (whole or streamed),
    /// with `secure` applied to every head.
    func handle(
        _ request: HTTPRequest, id: RequestID, access: AccessDirectory, responder: HTTPResponder,
        secure: @Sendable (HTTPResponse) -> HTTPResponse
    ) async {
        let method = request.head.method.rawValue
        switch route(request, access: access) {
        case .failure(let refusal):
            metrics?.answered(method: method, route: refusal.route, status: refusal.response.status.code)
            responder.respond(secure(refusal.response))
        case .success(let (route, apiRequest)):
            let pattern = String(route.key.drop { $0 != " " }.dropFirst())
            do throws(APIError) {
                try await checkScope(route, apiRequest)
                switch route.answer {
                case .whole(let handler):
                    let response = try await handler(apiRequest)
                    metrics?.answered(method: method, route: pattern, status: response.status.code)
                    responder.respond(secure(response))
                case .streamed(let handler):
                    let streamed = try await handler(apiRequest)
                    metrics?.answered(method: method, route: pattern, status: streamed.head.status.code)
                    // HEAD gets the head alone (RFC 9110 §9.3.2): nothing is produced.
                    if request.head.method == .head {
                        responder.respond(secure(streamed.head))
                        return
                    }
                    let body = responder.stream(secure(streamed.head))
                    await streamed.produce(body)
                    body.finish()
                }
            } catch {
                metrics?.answered(method: method, route: pattern, status: error.response.status.code)
                if error.response.status.code >= 500 {
                    logger?.error("API \(method) \(pattern) answered \(error.response.status.code): \(error.message)",
                                  metadata: ["request_id": "\(id)", "route": "\(pattern)"])
                }
                responder.respond(secure(error.response))
            }
        }
    }

    private struct Refusal: Error {
        let response: HTTPResponse
        /// The route pattern for the request counter (`unmatched` when no route matched).
        var route = "unmatched"
    }

    /// The route and the authenticated request, or the refusal to send (unknown path, method, login, role).
    private func route(_ request: HTTPRequest, access: AccessDirectory) -> Result<(Route, APIRequest), Refusal> {
        switch router.match(method: request.head.method, path: request.head.path) {
        case .notFound:
            return .failure(Refusal(response: APIError.notFound("No API at \(request.head.path):").response))
        case .methodNotAllowed(let allowed):
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            var response = APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "Use \(names).").response
            response.headers.add("Allow", names)
            return .failure(Refusal(response: response))
        case .found(let route, let parameters):
            let token = request.head.cookie(AppDelegate.sessionCookie)
            let user = token.flatMap { access.user(forToken: $0) }
            let pattern = String(route.key.drop { $0 != " " }.dropFirst())
            guard let rule = route.rule else {
                return .failure(Refusal(response: APIError(status: .forbidden, code: "no_access_rule",
                                                           message: "\(route.key) has no rule in AccessPolicy.routes.").response, route: pattern))
            }
            switch rule.audience {
            case .anyone, .signed: break
            case .loopbackOrAdmin:
                if !request.peer.isLoopback && !bearerMatches(request) {
                    guard let user else { return .failure(Refusal(response: APIError.unauthenticated.response, route: pattern)) }
                    guard user.role == .admin else { return .failure(Refusal(response: APIError.forbidden.response, route: pattern)) }
                }
            case .kiosk, .roles:
                guard let user else { return .failure(Refusal(response: APIError.unauthenticated.response, route: pattern)) }
                guard rule.audience.admits(user.role) else { return .failure(Refusal(response: APIError.forbidden.response, route: pattern)) }
            }
            return .success((route, APIRequest(http: request, parameters: parameters, user: user, sessionToken: token)))
        }
    }

    /// Whether the request carries `Authorization: Bearer <metricsToken>` (compared in constant time).
    private func bearerMatches(_ request: HTTPRequest) -> Bool {
        guard let token = metricsToken, !token.isEmpty, let value = request.head.headers.first("Authorization"),
              value.hasPrefix("Bearer ") else { return false }
        let given = Array(value.utf8.dropFirst(7)), expected = Array(token.utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(given, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// The rule's check on the object the path names: out of scope is 404, as if it did not exist.
    private func checkScope(_ route: Route, _ request: APIRequest) async throws(APIError) {
        guard let rule = route.rule else { throw .forbidden }
        switch rule.scope {
        case .none, .filtered, .ownInteraction, .topic, .agent, .campaignArgument: return
        case .campaign(let parameter):
            guard let user = request.user, let scopes else { throw .forbidden }
            try await scopes.requireCampaign(CampaignID(try request.id(parameter)), visibleTo: user)
        case .interaction(let parameter):
            guard let user = request.user, let scopes else { throw .forbidden }
            try await scopes.requireInteraction(InteractionID(try request.id(parameter)), visibleTo: user)
        }
    }
}
