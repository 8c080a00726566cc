import Foundation
import SwitchboardNet
import SwitchboardStore

/// An API failure as the client sees it: an HTTP status and a JSON body
/// `{"error":{"code":"...","message":"...","fields":{"name":"why"}}}`.
public struct APIError: Error, Sendable, Equatable {
    public let status: HTTPStatus
    /// A stable machine-readable code (`validation`, `not_found`, `conflict`, ...).
    public let code: String
    /// A sentence for people.
    public let message: String
    /// Per-field problems for validation errors.
    public let fields: [String: String]
    /// Sent as `Retry-After` (a throttled login).
    public var retryAfterSeconds: Int64?

    public init(status: HTTPStatus, code: String, message: String, fields: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
    }

    public static func validation(_ fields: [String: String]) -> APIError {
        APIError(status: .unprocessableContent, code: "validation", message: "Some fields are not valid.", fields: fields)
    }
    public static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, code: "bad_request", message: message) }
    public static func notFound(_ what: String) -> APIError { APIError(status: .notFound, code: "not_found", message: "\(what) not found.") }
    public static func conflict(_ message: String) -> APIError { APIError(status: .conflict, code: "conflict", message: message) }
    public static let unauthenticated = APIError(status: .unauthorized, code: "unauthenticated", message: "Log in first.")
    /// Too many login attempts: the same answer whether or not the username exists.
    public static func tooManyAttempts(retryAfter seconds: Int64) -> APIError {
        var error = APIError(status: .tooManyRequests, code: "too_many_attempts",
                             message: "Too many login attempts. Try again in \(seconds) s.")
        error.retryAfterSeconds = seconds
        return error
    }
    public static let forbidden = APIError(status: .forbidden, code: "forbidden", message: "Your role may not do this.")

    /// Maps a store failure: what the client asked wrongly is the client's, the rest is ours (500).
    public init(_ error: StoreError) {
        switch error {
        case .notFound(let what): self = .notFound(what)
        case .conflict(let what): self = .conflict(what)
        case .providerInUse(_, let campaigns):
            self = .conflict("The provider is used by campaign(s): \(campaigns.joined(separator: ", ")).")
        case .campaignHasRecordings(_, let count):
            self = .conflict("The campaign has \(count) recorded interaction(s); disable it instead of deleting it.")
        case .invalidArgument(let why): self = .badRequest(why)
        case .invalidTransition(let id, let state): self = .conflict("Interaction \(id) is \(state).")
        default:
            self = APIError(status: .internalServerError, code: "internal", message: "The server could not complete the request.")
        }
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let fields: [String: String]?
        }
        let error: Detail
    }

    /// The response carrying this error.
    public var response: HTTPResponse {
        let body = Body(error: .init(code: code, message: message, fields: fields.isEmpty ? nil : fields))
        let data = (try? APIJSON.encoder.encode(body)) ?? Data()
        var response = HTTPResponse.json(status: status, body: [UInt8](data))
        if let retryAfterSeconds { response.headers.add("Retry-After", "\(retryAfterSeconds)") }
        return response
    }
}

/// Runs a store call, mapping its failure to the API's (`try await storing { try await store.x() }`).
public func storing<T>(_ body: () async throws(StoreError) -> T) async throws(APIError) -> T {
    do { return try await body() } catch { throw APIError(error) }
}
