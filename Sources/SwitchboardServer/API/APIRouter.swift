import SwitchboardNet
import SwitchboardStore

/// The REST API's routes: each with the roles allowed to call it (nil: public) and an async handler.
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
        let roles: Set<UserRole>?
        let answer: Answer
    }

    private var router = HTTPRouter<Route>()
    /// Every route added, in order (for the OpenAPI document's test).
    private(set) var patterns: [(method: HTTPMethod, pattern: String)] = []

    public init() {}

    /// Adds a route for the given roles (every logged-in user when `roles` is empty, anyone when nil).
    public mutating func add(_ method: HTTPMethod, _ pattern: String, roles: Set<UserRole>?, _ handler: @escaping Handler) {
        router.add(method, pattern, Route(roles: roles, answer: .whole(handler)))
        patterns.append((method, pattern))
    }

    /// Adds a route whose answer is streamed (exports): the handler validates and returns the head and a body
    /// producer; the router starts the stream, runs the producer and finishes the body.
    public mutating func addStreaming(_ method: HTTPMethod, _ pattern: String, roles: Set<UserRole>?, _ handler: @escaping StreamHandler) {
        router.add(method, pattern, Route(roles: roles, answer: .streamed(handler)))
        patterns.append((method, pattern))
    }

    /// Finds, authorises and runs the route for `request`, answering through `responder` (whole or streamed),
    /// with `secure` applied to every head.
    func handle(
        _ request: HTTPRequest, access: AccessDirectory, responder: HTTPResponder,
        secure: @Sendable (HTTPResponse) -> HTTPResponse
    ) async {
        switch route(request, access: access) {
        case .failure(let refusal):
            responder.respond(secure(refusal.response))
        case .success(let (route, apiRequest)):
            do throws(APIError) {
                switch route.answer {
                case .whole(let handler):
                    responder.respond(secure(try await handler(apiRequest)))
                case .streamed(let handler):
                    let streamed = try await handler(apiRequest)
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
                responder.respond(secure(error.response))
            }
        }
    }

    private struct Refusal: Error {
        let response: HTTPResponse
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
            if let roles = route.roles {
                guard let user else { return .failure(Refusal(response: APIError.unauthenticated.response)) }
                guard roles.isEmpty || roles.contains(user.role) else { return .failure(Refusal(response: APIError.forbidden.response)) }
            }
            return .success((route, APIRequest(http: request, parameters: parameters, user: user, sessionToken: token)))
        }
    }
}
