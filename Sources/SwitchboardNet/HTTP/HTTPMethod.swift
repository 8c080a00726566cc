/// The request methods Switchboard serves (RFC 9110 §9); any other method is answered 501.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// GET.
    case get = "GET"
    /// HEAD.
    case head = "HEAD"
    /// POST.
    case post = "POST"
    /// PUT.
    case put = "PUT"
    /// PATCH.
    case patch = "PATCH"
    /// DELETE.
    case delete = "DELETE"
    /// OPTIONS.
    case options = "OPTIONS"

    /// The method token as it appears on the wire.
    public var description: String { rawValue }

    /// Whether a request with this method must declare its body framing (411 otherwise).
    var requiresBodyFraming: Bool {
        switch self {
        case .post, .put, .patch: true
        default: false
        }
    }

    /// Matches a method token byte for byte: methods are case-sensitive (RFC 9110 §9.1).
    /// - Parameter token: the method bytes of a request line.
    /// - Returns: the method, or nil for any other token.
    @inline(__always)
    static func match(_ token: UnsafeRawBufferPointer) -> HTTPMethod? {
        switch token.count {
        case 3:
            if token[0] == 0x47, token[1] == 0x45, token[2] == 0x54 { return .get }  // GET
            if token[0] == 0x50, token[1] == 0x55, token[2] == 0x54 { return .put }  // PUT
            return nil
        case 4:
            if HTTPBytes.equals(token, "HEAD") { return .head }
            if HTTPBytes.equals(token, "POST") { return .post }
            return nil
        case 5: return HTTPBytes.equals(token, "PATCH") ? .patch : nil
        case 6: return HTTPBytes.equals(token, "DELETE") ? .delete : nil
        case 7: return HTTPBytes.equals(token, "OPTIONS") ? .options : nil
        default: return nil
        }
    }
}
