/// The server side of the opening handshake (RFC 6455 §4.2): checks the client's upgrade request and
/// builds the 101 response.
public enum WebSocketHandshake {
    /// The GUID appended to the key before hashing (§1.3).
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// Checks an upgrade request (§4.2.1).
    /// - Parameters:
    ///   - method: the request method.
    ///   - versionMinor: the minor HTTP version (1 for HTTP/1.1; the major is 1).
    ///   - header: all values of a header, by case-insensitive name (one element per header line).
    /// - Returns: the client's `Sec-WebSocket-Key`, or the refusal to send: 405 for a method other
    ///   than GET, 426 with `Sec-WebSocket-Version: 13` for a missing or other version, 400 otherwise.
    public static func validate(
        method: String, versionMinor: Int, header: (String) -> [String]
    ) -> Result<String, WebSocketHandshakeError> {
        guard method == "GET" else {
            return .failure(WebSocketHandshakeError(status: 405, reason: "WebSocket upgrade requires GET", extraHeaders: [("Allow", "GET")]))
        }
        guard versionMinor >= 1 else {
            return .failure(WebSocketHandshakeError(status: 400, reason: "WebSocket upgrade requires HTTP/1.1"))
        }
        guard containsToken("websocket", in: header("Upgrade")) else {
            return .failure(WebSocketHandshakeError(status: 400, reason: "Upgrade header must contain websocket"))
        }
        guard containsToken("upgrade", in: header("Connection")) else {
            return .failure(WebSocketHandshakeError(status: 400, reason: "Connection header must contain upgrade"))
        }
        // §4.4: an unsupported version is answered with 426 and the versions we speak.
        let versions = header("Sec-WebSocket-Version")
        guard versions.count == 1, trimmed(versions[0]) == "13" else {
            return .failure(WebSocketHandshakeError(
                status: 426, reason: "unsupported WebSocket version", extraHeaders: [("Sec-WebSocket-Version", "13")]))
        }
        let keys = header("Sec-WebSocket-Key")
        guard keys.count == 1 else {
            return .failure(WebSocketHandshakeError(status: 400, reason: "exactly one Sec-WebSocket-Key required"))
        }
        let key = trimmed(keys[0])
        // §4.1: the key is the base64 encoding of 16 random bytes.
        guard let nonce = Base64.decode(key), nonce.count == 16 else {
            return .failure(WebSocketHandshakeError(status: 400, reason: "Sec-WebSocket-Key must be base64 of 16 bytes"))
        }
        return .success(key)
    }

    /// The `Sec-WebSocket-Accept` value for a key: base64(SHA-1(key + GUID)) (§4.2.2).
    /// - Parameter key: the client's `Sec-WebSocket-Key`.
    /// - Returns: the accept value.
    public static func acceptValue(key: String) -> String {
        var input = key
        input += guid
        return input.withUTF8 { Base64.encode(SHA1.digest(UnsafeRawBufferPointer($0))) }
    }

    /// The complete 101 response (§4.2.2).
    /// - Parameters:
    ///   - accept: the `Sec-WebSocket-Accept` value.
    ///   - extensions: the negotiated `Sec-WebSocket-Extensions` value, if any.
    ///   - subprotocol: the selected `Sec-WebSocket-Protocol`, if any.
    ///   - extraHeaders: more headers (names and values must not contain CR or LF).
    /// - Returns: the response bytes, ending with the empty line.
    public static func response(
        accept: String, extensions: String? = nil, subprotocol: String? = nil, extraHeaders: [(String, String)] = []
    ) -> [UInt8] {
        var text = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Accept: \(accept)\r\n"
        if let extensions { text += "Sec-WebSocket-Extensions: \(extensions)\r\n" }
        if let subprotocol { text += "Sec-WebSocket-Protocol: \(subprotocol)\r\n" }
        for (name, value) in extraHeaders {
            // A CR or LF here would let a value inject headers: refuse to emit it.
            guard !name.utf8.contains(where: { $0 == 13 || $0 == 10 }), !value.utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
                assertionFailure("header \(name) contains CR or LF")
                continue
            }
            text += "\(name): \(value)\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Whether a comma-separated header (any of its lines) lists `token`, compared case-insensitively (RFC 9110 §5.6.1).
    private static func containsToken(_ token: String, in values: [String]) -> Bool {
        for value in values {
            for element in value.split(separator: ",") where trimmed(element).lowercased() == token {
                return true
            }
        }
        return false
    }

    /// The value without surrounding spaces and tabs (optional whitespace, RFC 9110 §5.6.3).
    private static func trimmed(_ value: some StringProtocol) -> String {
        let bytes = Array(value.utf8)
        var start = 0, end = bytes.count
        while start < end && (bytes[start] == 32 || bytes[start] == 9) { start += 1 }
        while end > start && (bytes[end - 1] == 32 || bytes[end - 1] == 9) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
