/// A connection's HTTP state while it speaks HTTP: the parser and the request being received.
/// Boxed so that the connection record stays small once it has upgraded to WebSocket.
final class HTTPConnectionState {
    var parser: HTTPRequestParser
    var head: HTTPRequestHead?
    var body: [UInt8] = []
    /// A request was handed to the application and its response is not written yet: pipelined
    /// requests wait, so responses leave in request order.
    var awaitingResponse = false
    /// Inside the delegate call: a response given now is written by the caller's turn, no resume needed.
    var dispatching = false
    /// How to answer the request in progress: keep the connection, and whether it was HEAD.
    var responseKeepAlive = true
    var responseOmitsBody = false
    /// The streamed body being written, if the answer is streamed.
    var stream: HTTPBodyWriter?
    /// The stream uses chunked transfer coding (HTTP/1.1); an HTTP/1.0 stream ends by closing.
    var streamChunked = false
    /// Chunks queued while the connection was over its bound; acknowledged once it drains.
    var unacknowledgedChunks = 0
    /// Whether the request in progress is HTTP/1.1.
    var requestIsHTTP11 = true
    /// Between requests with no byte of the next one received yet.
    var idle = true

    init(limits: HTTPLimits) {
        parser = HTTPRequestParser(limits: limits)
    }
}

@available(*, unavailable) extension HTTPConnectionState: Sendable {}
