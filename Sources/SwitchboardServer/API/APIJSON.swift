import Foundation
import SwitchboardNet

/// JSON for the REST API (Codable; the live WebSocket path uses its own writer instead).
public enum APIJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A 200 (or `status`) JSON response of `value`.
    public static func response(_ value: some Encodable, status: HTTPStatus = .ok) -> HTTPResponse {
        do {
            return .json(status: status, body: [UInt8](try encoder.encode(value)))
        } catch {
            return APIError(status: .internalServerError, code: "internal", message: "Could not encode the answer.").response
        }
    }

    /// Decodes a request body, turning decoding failures into field-level validation errors.
    public static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws(APIError) -> T {
        guard !body.isEmpty else { throw .badRequest("A JSON body is required.") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let DecodingError.keyNotFound(key, context) {
            throw .validation([path(context.codingPath + [key]): "is required"])
        } catch let DecodingError.typeMismatch(type, context) {
            throw .validation([path(context.codingPath): "must be \(describe(type))"])
        } catch let DecodingError.valueNotFound(type, context) {
            throw .validation([path(context.codingPath): "must be \(describe(type)), not null"])
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw .validation([path(context.codingPath): context.debugDescription])
        } catch {
            throw .badRequest("The body is not valid JSON.")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        default: "of another type"
        }
    }
}
