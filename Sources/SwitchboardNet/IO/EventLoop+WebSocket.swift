// MARK: - WebSocket on the loop (RFC 6455, RFC 7692)

extension EventLoop {
    /// Checks and answers an upgrade request (RFC 6455 §4.2), then switches the connection to WebSocket.
    func upgrade(_ slot: UInt32, _ request: HTTPRequest) {
        let head = request.head
        let key: String
        switch WebSocketHandshake.validate(
            method: head.method.rawValue, versionMinor: head.version.minor, header: { head.headers.values($0) }
        ) {
        case .success(let valid):
            key = valid
        case .failure(let error):
            var response = HTTPResponse.text(status: HTTPStatus(code: error.status, reasonPhrase: error.reason), "\(error.reason)\n")
            for (name, value) in error.extraHeaders { response.headers.add(name, value) }
            respond(slot, response)
            return
        }
        let userData: (any Sendable)?
        switch delegate.shouldUpgrade(request) {
        case .reject(let response):
            respond(slot, response)
            return
        case .accept(let data):
            userData = data
        }
        guard table.pointer(slot).pointee?.phase == .http else { return }
        var extensionHeader: String?
        var deflate: PerMessageDeflateSession?
        if configuration.deflate.enabled,
           let (header, parameters) = PerMessageDeflateNegotiation.negotiate(
               offers: head.headers.values("Sec-WebSocket-Extensions"), configuration: configuration.deflate
           ) {
            extensionHeader = header
            deflate = PerMessageDeflateSession(parameters: parameters, configuration: configuration.deflate)
            server.noteDeflateConnection()
        }
        let response = WebSocketHandshake.response(
            accept: WebSocketHandshake.acceptValue(key: key), extensions: extensionHeader, subprotocol: nil, extraHeaders: []
        )
        enqueue(slot, .owned(response, offset: 0))
        server.noteUpgrade(deflate: deflate != nil)
        let connection = table.pointer(slot)
        connection.pointee!.http = nil
        connection.pointee!.phase = .webSocket
        connection.pointee!.webSocket = WebSocketConnectionState(
            parser: WebSocketFrameParser(maxFrameSize: configuration.maxMessageSize, allowRSV1: deflate != nil),
            assembler: WebSocketMessageAssembler(maxMessageSize: configuration.maxMessageSize, compressionEnabled: deflate != nil),
            deflate: deflate.map(DeflateBox.init),
            userData: userData
        )
        let now = clock.nanoseconds()
        connection.pointee!.lastReceived = now
        setDeadline(slot, now + configuration.pingIntervalMilliseconds * 1_000_000)
        LoopCounters.add(counters.webSockets, 1)
        delegate.webSocketDidOpen(WebSocketConnection(loop: self, slot: slot))
    }

    /// Parses one frame and acts on it; returns the bytes consumed and whether to keep going.
    func parseWebSocket(_ slot: UInt32, _ bytes: UnsafeMutableRawBufferPointer) -> (consumed: Int, proceed: Bool) {
        let connection = table.pointer(slot)
        guard connection.pointee!.webSocket!.closing != .done else { return (bytes.count, false) }
        let frame: WebSocketFrame
        do {
            guard let parsed = try connection.pointee!.webSocket!.parser.nextFrame(bytes) else {
                // Fail fast inside a frame still arriving: bad UTF-8 so far, or a message already over the limit.
                if case .fail(let code, let reason)? = connection.pointee!.webSocket!.assembler.inspectIncompleteFrame(
                    UnsafeRawBufferPointer(bytes)) {
                    failWebSocket(slot, code: code, reason: reason)
                    return (bytes.count, false)
                }
                reserveForLargeFrame(slot, bytes)
                return (0, false)
            }
            frame = parsed
        } catch {
            failWebSocket(slot, code: WebSocketCloseCode(error), reason: "")
            return (bytes.count, false)
        }
        connection.pointee!.webSocket!.pingOutstanding = false
        let action = connection.pointee!.webSocket!.assembler.receive(frame)
        switch action {
        case .needMore:
            break
        case .message(let opcode, let payload, let compressed):
            if compressed {
                deliverCompressed(slot, opcode: opcode, payload: payload)
            } else {
                delegate.webSocket(WebSocketConnection(loop: self, slot: slot), didReceive: WebSocketMessage(opcode: opcode, bytes: payload))
            }
            // An idle connection keeps no reassembly buffer.
            table.pointer(slot).pointee?.webSocket?.assembler.releaseMessage()
        case .pong(let payload):
            if connection.pointee!.webSocket!.closing == .open { sendFrame(slot, opcode: .pong, payload: payload) }
        case .pongReceived, .ignored:
            break
        case .peerClosed(let code, let reason):
            peerSentClose(slot, code: code, reason: reason)
            return (frame.frameLength, false)
        case .fail(let code, let reason):
            failWebSocket(slot, code: code, reason: reason)
            return (bytes.count, false)
        }
        return (frame.frameLength, table.pointer(slot).pointee?.phase == .webSocket)
    }

    /// A frame larger than what arrived: grow the tail once to the frame's size instead of step by step.
    private func reserveForLargeFrame(_ slot: UInt32, _ bytes: UnsafeMutableRawBufferPointer) {
        guard let needed = WebSocketFrameParser.requiredLength(UnsafeRawBufferPointer(bytes)), needed > bytes.count else { return }
        table.pointer(slot).pointee!.inboundTail.reserveCapacity(needed)
    }

    private func deliverCompressed(_ slot: UInt32, opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        var inflated = [UInt8]()
        do {
            try table.pointer(slot).pointee!.webSocket!.deflate!.session.decompress(
                payload, pool: deflatePool, maxSize: configuration.maxMessageSize, into: &inflated
            )
        } catch {
            failWebSocket(slot, code: error == .tooLarge ? .messageTooBig : .invalidPayloadData, reason: "")
            return
        }
        if opcode == .text {
            var validator = UTF8Validator()
            let valid = inflated.withUnsafeBytes { validator.validate($0) } && validator.isAtBoundary
            guard valid else {
                failWebSocket(slot, code: .invalidPayloadData, reason: "invalid UTF-8")
                return
            }
        }
        inflated.withUnsafeBytes {
            delegate.webSocket(WebSocketConnection(loop: self, slot: slot), didReceive: WebSocketMessage(opcode: opcode, bytes: $0))
        }
    }

    /// The peer's close frame: answer it (RFC 6455 §5.5.1), then close TCP once it is written.
    private func peerSentClose(_ slot: UInt32, code: WebSocketCloseCode?, reason: String) {
        let connection = table.pointer(slot)
        connection.pointee!.webSocket!.closeCode = code ?? .noStatusReceived
        if connection.pointee!.webSocket!.closing == .open {
            let echo = WebSocketFrameEncoder.encodeClose(code: code ?? .normalClosure, reason: "")
            enqueue(slot, .owned(echo, offset: 0))
        }
        connection.pointee!.webSocket!.closing = .done
        connection.pointee!.closeAfterFlush = true
        markDirty(slot)
    }

    /// Fails the connection (RFC 6455 §7.1.7): a close frame with `code`, then TCP closes.
    func failWebSocket(_ slot: UInt32, code: WebSocketCloseCode, reason: String) {
        let connection = table.pointer(slot)
        guard connection.pointee!.webSocket!.closing != .done else { return }
        if connection.pointee!.webSocket!.closing == .open {
            enqueue(slot, .owned(WebSocketFrameEncoder.encodeClose(code: code, reason: reason), offset: 0))
        }
        connection.pointee!.webSocket!.closing = .done
        connection.pointee!.webSocket!.closeCode = code
        connection.pointee!.inboundTail = []
        connection.pointee!.closeAfterFlush = true
        markDirty(slot)
    }

    /// Starts the close handshake from our side (application close, shutdown, slow consumer); `reason` is the close
    /// frame's text (the encoder keeps it within RFC 6455 §5.5.1's 123 bytes).
    func closeWebSocket(_ slot: UInt32, code: WebSocketCloseCode, reason: String = "") {
        let connection = table.pointer(slot)
        switch connection.pointee!.phase {
        case .http:
            if connection.pointee!.outbound.isEmpty { close(slot, reason: nil) } else { connection.pointee!.closeAfterFlush = true }
            return
        case .lingering, .closed:
            return
        case .webSocket:
            break
        }
        guard connection.pointee!.webSocket!.closing == .open else { return }
        connection.pointee!.webSocket!.closing = .closeSent
        connection.pointee!.webSocket!.closeCode = code
        enqueue(slot, .owned(WebSocketFrameEncoder.encodeClose(code: code, reason: reason), offset: 0))
        setDeadline(slot, clock.nanoseconds() + configuration.closeTimeoutMilliseconds * 1_000_000)
    }

    /// TCP ended without a close frame.
    func closeWebSocketAbruptly(_ slot: UInt32) {
        let connection = table.pointer(slot)
        if connection.pointee!.webSocket!.closing == .open { connection.pointee!.webSocket!.closeCode = .abnormalClosure }
        close(slot, reason: nil)
    }

    /// Tells the application once, and drops the subscriptions.
    func notifyWebSocketClosed(_ slot: UInt32) {
        let connection = table.pointer(slot)
        guard connection.pointee!.webSocket != nil, !connection.pointee!.webSocket!.closeNotified else { return }
        connection.pointee!.webSocket!.closeNotified = true
        LoopCounters.add(counters.webSockets, -1)
        let topics = connection.pointee!.webSocket!.topics
        connection.pointee!.webSocket!.topics = ConnectionTopics()
        topics.forEach { removeSubscriber(slot, $0) }
        connection.pointee!.webSocket!.pendingLatest = []
        delegate.webSocketDidClose(WebSocketConnection(loop: self, slot: slot), code: connection.pointee!.webSocket!.closeCode)
    }

    /// Ping after a silent interval; close after two; finish a close handshake the peer never answered.
    func webSocketTimedOut(_ slot: UInt32, now: UInt64) {
        let connection = table.pointer(slot)
        let ws = connection.pointee!.webSocket!
        if ws.closing != .open {
            close(slot, reason: "close handshake timeout")
            return
        }
        connection.pointee!.outbound.releaseStorageIfEmpty()
        let interval = configuration.pingIntervalMilliseconds * 1_000_000
        let silent = now &- connection.pointee!.lastReceived
        if silent >= 2 * interval {
            close(slot, reason: "no answer to ping")
        } else if silent >= interval {
            if !ws.pingOutstanding {
                connection.pointee!.webSocket!.pingOutstanding = true
                sendFrame(slot, opcode: .ping, payload: UnsafeRawBufferPointer(start: nil, count: 0))
            }
            setDeadline(slot, connection.pointee!.lastReceived + 2 * interval)
        } else {
            setDeadline(slot, connection.pointee!.lastReceived + interval)
        }
    }

    // MARK: Sending

    /// Frames `payload` into the turn arena (compressing it for a deflate connection when worth it).
    func sendFrame(_ slot: UInt32, opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        let connection = table.pointer(slot)
        if !opcode.isControl, connection.pointee!.webSocket!.deflate != nil,
           payload.count >= configuration.deflate.compressionThreshold {
            var compressed = [UInt8]()
            connection.pointee!.webSocket!.deflate!.session.compress(payload, pool: deflatePool, into: &compressed)
            compressed.withUnsafeBytes { writeFrame(slot, opcode: opcode, payload: $0, rsv1: true) }
        } else {
            writeFrame(slot, opcode: opcode, payload: payload, rsv1: false)
        }
    }

    private func writeFrame(_ slot: UInt32, opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, rsv1: Bool) {
        let header = WebSocketFrameEncoder.headerSize(payloadLength: payload.count)
        enqueue(slot, arenaBytes: header + payload.count) { target in
            _ = WebSocketFrameEncoder.writeHeader(
                opcode: opcode, fin: true, rsv1: rsv1, payloadLength: payload.count, into: target.baseAddress!
            )
            if payload.count > 0 {
                UnsafeMutableRawBufferPointer(rebasing: target[header...]).copyMemory(from: payload)
            }
        }
    }

    /// Queues a prepared message for one connection, honouring its outbound bound.
    func deliver(_ message: WebSocketOutboundMessage, to slot: UInt32, policy: DeliveryPolicy, topic: TopicID? = nil) {
        let connection = table.pointer(slot)
        guard connection.pointee!.phase == .webSocket, connection.pointee!.webSocket!.closing == .open else { return }
        if connection.pointee!.outbound.byteCount + message.plainFrame.count > configuration.outboundLimitBytes {
            switch policy {
            case .latestState:
                let key = topic ?? TopicID(rawValue: .max)
                if let i = connection.pointee!.webSocket!.pendingLatest.firstIndex(where: { $0.0 == key }) {
                    connection.pointee!.webSocket!.pendingLatest[i].1 = message
                } else {
                    connection.pointee!.webSocket!.pendingLatest.append((key, message))
                }
            case .lossless:
                // A reader this slow would only fall further behind: drop what is queued (but finish a frame
                // already begun) and close with 1013.
                connection.pointee!.outbound.removeUnstarted()
                LoopCounters.add(counters.slowConsumersDropped, 1)
                closeWebSocket(slot, code: .tryAgainLater)
                connection.pointee!.webSocket!.closing = .done
                connection.pointee!.closeAfterFlush = true
            }
            return
        }
        if let deflate = connection.pointee!.webSocket!.deflate {
            if deflate.session.sharesBroadcastFrames, let compressed = message.compressedFrame {
                enqueue(slot, .shared(compressed, offset: 0))
            } else if message.payload.count >= configuration.deflate.compressionThreshold {
                message.payload.withUnsafeBytes { sendFrame(slot, opcode: message.opcode, payload: $0) }
            } else {
                enqueue(slot, .shared(message.plainFrame, offset: 0))
            }
        } else {
            enqueue(slot, .shared(message.plainFrame, offset: 0))
        }
    }

    /// The queue drained: send the newest held-back state of each coalesced topic.
    func releaseCoalesced(_ slot: UInt32) {
        let held = table.pointer(slot).pointee!.webSocket!.pendingLatest
        table.pointer(slot).pointee!.webSocket!.pendingLatest = []
        for (topic, message) in held { deliver(message, to: slot, policy: .latestState, topic: topic) }
    }

    // MARK: Fan-out

    /// Delivers to every subscriber of `topic` on this loop: the frame is shared, each connection's
    /// queue gets a reference, and the turn's flush writes each connection once.
    func deliver(_ message: WebSocketOutboundMessage, toSubscribersOf topic: TopicID, policy: DeliveryPolicy) {
        guard let subscribers = subscriptions[topic] else { return }
        LoopCounters.add(counters.deliveries, subscribers.count)   // once per broadcast per loop, not per subscriber
        for slot in subscribers { deliver(message, to: slot, policy: policy, topic: topic) }
    }

    func subscribe(_ slot: UInt32, _ topic: TopicID) {
        let connection = table.pointer(slot)
        guard connection.pointee!.phase == .webSocket, connection.pointee!.webSocket!.topics.insert(topic) else { return }
        subscriptions[topic, default: []].insert(slot)
    }

    func unsubscribe(_ slot: UInt32, _ topic: TopicID) {
        let connection = table.pointer(slot)
        guard connection.pointee!.phase == .webSocket, connection.pointee!.webSocket!.topics.remove(topic) else { return }
        removeSubscriber(slot, topic)
    }

    func removeSubscriber(_ slot: UInt32, _ topic: TopicID) {
        subscriptions[topic]?.remove(slot)
        if subscriptions[topic]?.isEmpty == true { subscriptions[topic] = nil }
    }
}
