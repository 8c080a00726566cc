import SwitchboardNet
import SwitchboardStore

/// The REST API's routes: each with the roles allowed to call it (nil: public) and an async handler.
public struct APIRouter: Sendable {
    /// Answers one API request.
    public typealias Handler = @Sendable (APIRequest) async throws(APIError) -> HTTPResponse

    struct Route: Sendable {
        let roles: Set<UserRole>?
        let handler: Handler
    }

    private var router = HTTPRouter<Route>()

    public init() {}

    /// Adds a route for the given roles (every logged-in user when `roles` is empty, anyone when nil).
    public mutating func add(_ method: HTTPMethod, _ pattern: String, roles: Set<UserRole>?, _ handler: @escaping Handler) {
        router.add(method, pattern, Route(roles: roles, handler: handler))
    }

    /// Finds, authorises and runs the route for `request`; always produces a response.
    func handle(_ request: HTTPRequest, access: AccessDirectory) async -> HTTPResponse {
        switch router.match(method: request.head.method, path: request.head.path) {
        case .notFound:
            return APIError.notFound("No API at \(request.head.path):").response
        case .methodNotAllowed(let allowed):
            var response = APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "Use \(allowed.map(\.rawValue).joined(separator: ", ")).").response
            response.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return response
        case .found(let route, let parameters):
            let token = request.head.cookie(AppDelegate.sessionCookie)
            let user = token.flatMap { access.user(forToken: $0) }
            if let roles = route.roles {
                guard let user else { return APIError.unauthenticated.response }
                guard roles.isEmpty || roles.contains(user.role) else { return APIError.forbidden.response }
            }
            let apiRequest = APIRequest(http: request, parameters: parameters, user: user, sessionToken: token)
            do throws(APIError) {
                return try await route.handler(apiRequest)
            } catch {
                return error.response
            }
        }
    }
}
