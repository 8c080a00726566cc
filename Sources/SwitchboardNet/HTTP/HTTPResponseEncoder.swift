/// Writes a response head and body into one buffer (RFC 9112 §4, §6); one encoder per event loop.
public struct HTTPResponseEncoder: Sendable {
    /// The Date field cache; the encoder formats the date at most once per second.
    public var dateCache = HTTPDateCache()

    /// An encoder with an empty date cache.
    public init() {}

    /// Appends the encoded response to `buffer`, dated now.
    /// - Parameters:
    ///   - response: the response.
    ///   - omitBody: true for a HEAD request: the fields (including Content-Length) are written, the body is not.
    ///   - keepAlive: false adds `Connection: close`; the caller closes after writing.
    ///   - buffer: the output; existing bytes are kept (pipelined responses share one write).
    public mutating func encode(_ response: HTTPResponse, omitBody: Bool, keepAlive: Bool, into buffer: inout [UInt8]) {
        encode(response, omitBody: omitBody, keepAlive: keepAlive, into: &buffer, epochSeconds: HTTPDateCache.nowEpochSeconds())
    }

    /// Appends the encoded response to `buffer`, dated `epochSeconds` (tests pin the date).
    public mutating func encode(
        _ response: HTTPResponse, omitBody: Bool, keepAlive: Bool, into buffer: inout [UInt8], epochSeconds: Int
    ) {
        let status = response.status
        let headerBytes = response.headers.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        buffer.reserveCapacity(buffer.count + 128 + status.reasonPhrase.utf8.count + headerBytes + (omitBody ? 0 : response.body.count))
        Self.append("HTTP/1.1 ", to: &buffer)
        HTTPBytes.appendDecimal(status.code, to: &buffer)
        buffer.append(HTTPBytes.space)
        buffer.append(contentsOf: status.reasonPhrase.utf8)
        Self.append("\r\nDate: ", to: &buffer)
        buffer.append(contentsOf: dateCache.bytes(epochSeconds: epochSeconds))
        Self.append("\r\nServer: switchboard\r\n", to: &buffer)
        var hasContentLength = false
        var hasConnectionClose = false
        for field in response.headers.fields {
            // The encoder owns these two; a caller's copy would duplicate them.
            if HTTPHeaders.namesEqual(field.name, "Date") || HTTPHeaders.namesEqual(field.name, "Server") { continue }
            // A streamed (chunked) body has no length up front.
            if HTTPHeaders.namesEqual(field.name, "Transfer-Encoding") { hasContentLength = true }
            if HTTPHeaders.namesEqual(field.name, "Content-Length") {
                // An explicit length is kept only where a body may exist (HEAD answered with an empty body).
                if status.forbidsBody { continue }
                hasContentLength = true
            }
            if HTTPHeaders.namesEqual(field.name, "Connection"), field.value.lowercased().contains("close") { hasConnectionClose = true }
            Self.appendFieldText(field.name, to: &buffer)
            buffer.append(HTTPBytes.colon)
            buffer.append(HTTPBytes.space)
            Self.appendFieldText(field.value, to: &buffer)
            buffer.append(HTTPBytes.cr)
            buffer.append(HTTPBytes.lf)
        }
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; on 304 it would have to describe the selected representation.
        if !status.forbidsBody, !hasContentLength {
            Self.append("Content-Length: ", to: &buffer)
            HTTPBytes.appendDecimal(response.body.count, to: &buffer)
            buffer.append(HTTPBytes.cr)
            buffer.append(HTTPBytes.lf)
        }
        if !keepAlive, !hasConnectionClose { Self.append("Connection: close\r\n", to: &buffer) }
        buffer.append(HTTPBytes.cr)
        buffer.append(HTTPBytes.lf)
        if !omitBody, !status.forbidsBody { buffer.append(contentsOf: response.body) }
    }

    /// Appends a field name or value with CR, LF and NUL replaced by spaces, so a value built from request
    /// data can never start a new header line (response splitting).
    @inline(__always)
    private static func appendFieldText(_ text: String, to buffer: inout [UInt8]) {
        for byte in text.utf8 {
            buffer.append(byte == HTTPBytes.cr || byte == HTTPBytes.lf || byte == 0 ? HTTPBytes.space : byte)
        }
    }

    @inline(__always)
    private static func append(_ text: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
