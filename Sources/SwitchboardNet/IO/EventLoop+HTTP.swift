// MARK: - HTTP/1.1 on the loop

extension EventLoop {
    /// Parses one step of HTTP; returns the bytes consumed and whether to keep going.
    func parseHTTP(_ slot: UInt32, _ bytes: UnsafeMutableRawBufferPointer) -> (consumed: Int, proceed: Bool) {
        guard let state = table.pointer(slot).pointee!.http else { return (0, false) }
        // The last response said `Connection: close` (or the server is closing): what follows is discarded, also while
        // that answer is still queued. Kept as pipelined input instead, a body that goes on after its 413 (or a head
        // after its 414/431) grew the tail past its bound and the connection was reset before the answer was read.
        if table.pointer(slot).pointee!.closeAfterFlush { return (bytes.count, false) }
        if state.awaitingResponse { return (0, false) }
        if state.idle {
            // The parse loop calls again with nothing left after a response: still idle, keep the keep-alive timer.
            guard !bytes.isEmpty else { return (0, false) }
            state.idle = false
            setDeadline(slot, clock.nanoseconds() + configuration.headerTimeoutMilliseconds * 1_000_000)
        }
        do {
            let (consumed, event) = try state.parser.parse(UnsafeRawBufferPointer(bytes))
            guard let event else { return (consumed, false) }
            switch event {
            case .head(let head):
                state.head = head
                if head.expectsContinue { writeRaw(slot, Self.continueLine) }
            case .body(let chunk):
                state.body.append(contentsOf: chunk)
            case .end:
                let head = state.head!
                let body = state.body
                state.head = nil
                state.body = []
                dispatch(slot, head: head, body: body)
            }
            return (consumed, true)
        } catch {
            respondToBadRequest(slot, error)
            return (bytes.count, false)
        }
    }

    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Queues constant bytes (shared, not copied).
    func writeRaw(_ slot: UInt32, _ bytes: [UInt8]) {
        enqueue(slot, .owned(bytes, offset: 0))
    }

    private func respondToBadRequest(_ slot: UInt32, _ error: HTTPParseError) {
        let state = table.pointer(slot).pointee!.http!
        state.awaitingResponse = true
        var response = HTTPResponse.text(status: error.status, "\(error.status.code) \(error.status.reasonPhrase)\n")
        if let allowed = error.allowedMethods { response.headers.add("Allow", allowed) }
        response.headers.add("Connection", "close")
        write(slot, response, keepAlive: false, omitBody: false)
        table.pointer(slot).pointee!.closeAfterFlush = true
    }

    private func dispatch(_ slot: UInt32, head: HTTPRequestHead, body: [UInt8]) {
        let state = table.pointer(slot).pointee!.http!
        state.awaitingResponse = true
        state.responseKeepAlive = head.keepAlive
        state.responseOmitsBody = head.method == .head
        state.requestIsHTTP11 = head.version.minor >= 1
        table.pointer(slot).pointee!.deadline = 0
        let request = HTTPRequest(
            head: head, body: body, connection: connectionID(slot), isSecure: table.pointer(slot).pointee!.tls != nil,
            peer: table.pointer(slot).pointee!.peer
        )
        if head.headers.containsToken("Upgrade", "websocket") {
            upgrade(slot, request)
            return
        }
        state.dispatching = true
        delegate.handle(request, responder: HTTPResponder(connection: request.connection, inbox: inbox))
        // The delegate may have closed the connection meanwhile.
        table.pointer(slot).pointee?.http?.dispatching = false
    }

    /// Writes the response to the request in progress, then resumes parsing pipelined requests.
    func respond(_ slot: UInt32, _ response: HTTPResponse) {
        guard let state = table.pointer(slot).pointee?.http, state.awaitingResponse else { return }
        let keepAlive = state.responseKeepAlive && !table.pointer(slot).pointee!.closeAfterFlush
        write(slot, response, keepAlive: keepAlive, omitBody: state.responseOmitsBody)
        finishResponse(slot, state, keepAlive: keepAlive)
    }

    /// The answer is queued: keep the connection for the next request (resuming pipelined ones) or close it.
    private func finishResponse(_ slot: UInt32, _ state: HTTPConnectionState, keepAlive: Bool) {
        state.awaitingResponse = false
        state.idle = true
        if !keepAlive {
            table.pointer(slot).pointee!.closeAfterFlush = true
            return
        }
        setDeadline(slot, clock.nanoseconds() + configuration.keepAliveTimeoutMilliseconds * 1_000_000)
        if !state.dispatching, !table.pointer(slot).pointee!.inboundTail.isEmpty {
            // Asynchronous answer: requests that arrived meanwhile wait in the tail.
            receivedPlaintext(slot, UnsafeMutableRawBufferPointer(start: nil, count: 0))
        }
    }

    func write(_ slot: UInt32, _ response: HTTPResponse, keepAlive: Bool, omitBody: Bool) {
        var encoded: [UInt8] = []
        responseEncoder.encode(response, omitBody: omitBody, keepAlive: keepAlive, into: &encoded)
        enqueue(slot, .owned(encoded, offset: 0))
    }

    /// The header or keep-alive timer fired.
    func httpTimedOut(_ slot: UInt32, now: UInt64) {
        guard let state = table.pointer(slot).pointee!.http else { return }
        if state.awaitingResponse { return }
        if state.idle {
            close(slot, reason: "keep-alive timeout")
        } else {
            // Slowloris: the head (or body) did not arrive in time.
            state.awaitingResponse = true
            var response = HTTPResponse.text(status: .requestTimeout, "408 Request Timeout\n")
            response.headers.add("Connection", "close")
            write(slot, response, keepAlive: false, omitBody: false)
            table.pointer(slot).pointee!.closeAfterFlush = true
        }
    }

    // MARK: Streamed answers

    /// Writes a streamed answer's head; chunks follow through `HTTPBodyWriter`.
    func startStream(_ slot: UInt32, _ head: HTTPResponse, _ writer: HTTPBodyWriter) {
        guard let state = table.pointer(slot).pointee?.http, state.awaitingResponse, state.stream == nil else {
            writer.connectionGone()
            return
        }
        var response = head
        response.body = []
        state.stream = writer
        state.streamChunked = state.requestIsHTTP11 && !state.responseOmitsBody
        if state.responseOmitsBody {
            // HEAD: the head alone; the writer's chunks are taken and dropped.
            response.headers.replaceOrAdd("Transfer-Encoding", "chunked")
        } else if state.streamChunked {
            response.headers.replaceOrAdd("Transfer-Encoding", "chunked")
        } else {
            state.responseKeepAlive = false
        }
        write(slot, response, keepAlive: state.responseKeepAlive, omitBody: true)
    }

    func streamChunk(_ slot: UInt32, _ bytes: [UInt8]) {
        guard let state = table.pointer(slot).pointee?.http, let writer = state.stream else { return }
        if state.responseOmitsBody {
            writer.acknowledge(1)
            return
        }
        if state.streamChunked {
            var framed = Array(String(bytes.count, radix: 16).utf8)
            framed.reserveCapacity(framed.count + bytes.count + 4)
            framed.append(contentsOf: [13, 10])
            framed.append(contentsOf: bytes)
            framed.append(contentsOf: [13, 10])
            enqueue(slot, .owned(framed, offset: 0))
        } else {
            enqueue(slot, .owned(bytes, offset: 0))
        }
        if table.pointer(slot).pointee!.outbound.byteCount < configuration.outboundLimitBytes {
            writer.acknowledge(1)
        } else {
            state.unacknowledgedChunks += 1
        }
    }

    func streamEnd(_ slot: UInt32) {
        guard let state = table.pointer(slot).pointee?.http, state.stream != nil else { return }
        if state.streamChunked { writeRaw(slot, Self.lastChunk) }
        state.stream = nil
        state.unacknowledgedChunks = 0
        let keepAlive = state.responseKeepAlive && !table.pointer(slot).pointee!.closeAfterFlush
        finishResponse(slot, state, keepAlive: keepAlive)
    }

    private static let lastChunk = Array("0\r\n\r\n".utf8)

    /// The connection drained: let a waiting stream writer go on.
    func acknowledgeStream(_ slot: UInt32) {
        guard let state = table.pointer(slot).pointee?.http, let writer = state.stream, state.unacknowledgedChunks > 0 else { return }
        writer.acknowledge(state.unacknowledgedChunks)
        state.unacknowledgedChunks = 0
    }
}
