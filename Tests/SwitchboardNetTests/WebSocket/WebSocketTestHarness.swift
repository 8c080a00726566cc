import SwitchboardNet
import TestSupport

/// A frame copied out of the parser's buffer so tests can compare it after the buffer is gone.
struct WebSocketTestFrame: Equatable, CustomStringConvertible {
    var fin: Bool
    var rsv1: Bool
    var opcode: WebSocketOpcode
    var payload: [UInt8]
    var frameLength: Int

    init(_ frame: WebSocketFrame) {
        fin = frame.fin
        rsv1 = frame.rsv1
        opcode = frame.opcode
        payload = Array(frame.payload)
        frameLength = frame.frameLength
    }

    init(fin: Bool = true, rsv1: Bool = false, opcode: WebSocketOpcode, payload: [UInt8], frameLength: Int) {
        self.fin = fin
        self.rsv1 = rsv1
        self.opcode = opcode
        self.payload = payload
        self.frameLength = frameLength
    }

    var description: String { "\(opcode)(fin: \(fin), rsv1: \(rsv1), \(payload.count) bytes, length \(frameLength))" }
}

/// Client-side frame builders (masked, as a client must send them).
enum WebSocketWire {
    static let key: UInt32 = 0x37FA_213D

    static func frame(_ opcode: WebSocketOpcode, _ payload: [UInt8] = [], fin: Bool = true, rsv1: Bool = false) -> [UInt8] {
        WebSocketFrameEncoder.encodeMasked(opcode: opcode, payload: payload, maskKey: key, fin: fin, rsv1: rsv1)
    }

    static func text(_ string: String, fin: Bool = true) -> [UInt8] { frame(.text, Array(string.utf8), fin: fin) }

    /// A frame with an arbitrary first byte (reserved opcodes, RSV2/3), masked.
    static func raw(firstByte: UInt8, _ payload: [UInt8] = []) -> [UInt8] {
        var bytes = frame(.binary, payload)
        bytes[0] = firstByte
        return bytes
    }

    static func close(_ code: UInt16?, _ reason: [UInt8] = []) -> [UInt8] {
        guard let code else { return frame(.close) }
        return frame(.close, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
    }
}

/// Parses every complete frame of `bytes` (as one buffer) and returns them with the unconsumed byte count.
func parseAllFrames(
    _ bytes: [UInt8], maxFrameSize: Int = 1 << 20, allowRSV1: Bool = false, requireMask: Bool = true
) throws(WebSocketProtocolError) -> (frames: [WebSocketTestFrame], rest: Int) {
    var parser = WebSocketFrameParser(maxFrameSize: maxFrameSize, allowRSV1: allowRSV1, requireMask: requireMask)
    var buffer = bytes
    var frames: [WebSocketTestFrame] = []
    var offset = 0
    let result: Result<Void, WebSocketProtocolError> = buffer.withUnsafeMutableBytes { all in
        do throws(WebSocketProtocolError) {
            while let frame = try parser.nextFrame(UnsafeMutableRawBufferPointer(rebasing: all[offset...])) {
                frames.append(WebSocketTestFrame(frame))
                offset += frame.frameLength
            }
            return .success(())
        } catch {
            return .failure(error)
        }
    }
    try result.get()
    return (frames, bytes.count - offset)
}

/// What an Autobahn-style echo server visibly does.
enum WebSocketTestEvent: Equatable, Sendable, CustomStringConvertible {
    case text(String)
    case binary([UInt8])
    case pong([UInt8])
    case close(UInt16?)
    case tcpClosed

    var description: String {
        switch self {
        case .text(let s): return s.count > 40 ? "text(\(s.utf8.count) bytes)" : "text(\(s))"
        case .binary(let b): return "binary(\(b.count) bytes)"
        case .pong(let b): return "pong(\(b.count) bytes)"
        case .close(let c): return "close(\(c.map(String.init) ?? "-"))"
        case .tcpClosed: return "tcpClosed"
        }
    }
}

/// An echo server's connection without sockets: receive buffer + parser + assembler + close state
/// machine, the way the event loop will drive them. Every message is echoed; events are recorded.
struct WebSocketEchoHarness {
    var parser: WebSocketFrameParser
    var assembler: WebSocketMessageAssembler
    var closing = WebSocketCloseStateMachine()
    var pending: [UInt8] = []
    var events: [WebSocketTestEvent] = []
    var tcpClosed = false
    /// Whether incomplete frames are shown to `inspectIncompleteFrame` (as the event loop does).
    var inspectIncomplete = true

    init(maxMessageSize: Int = 1 << 24, compression: Bool = false) {
        parser = WebSocketFrameParser(maxFrameSize: maxMessageSize, allowRSV1: compression)
        assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize, compressionEnabled: compression)
    }

    /// Feeds bytes as one read; returns the events it produced.
    @discardableResult
    mutating func feed(_ bytes: [UInt8]) -> [WebSocketTestEvent] {
        let before = events.count
        guard !tcpClosed else { return [] }
        pending.append(contentsOf: bytes)
        var buffer: [UInt8] = []
        swap(&buffer, &pending)  // no copy: the loop below works on the only reference
        var consumed = 0
        var produced: [WebSocketTestEvent] = []
        var parser = self.parser
        var assembler = self.assembler
        var closing = self.closing
        var closed = false
        buffer.withUnsafeMutableBytes { all in
            while !closed {
                let frame: WebSocketFrame
                do throws(WebSocketProtocolError) {
                    guard let next = try parser.nextFrame(UnsafeMutableRawBufferPointer(rebasing: all[consumed...])) else {
                        // The loop looks at an incomplete frame so bad text fails before the frame ends.
                        let tail = UnsafeRawBufferPointer(rebasing: all[consumed...])
                        if inspectIncomplete, case .fail(let code, _) = assembler.inspectIncompleteFrame(tail) {
                            Self.apply(closing.fail(code: code), into: &produced)
                            closed = true
                        }
                        break
                    }
                    frame = next
                } catch {
                    Self.apply(closing.fail(code: WebSocketCloseCode(error)), into: &produced)
                    closed = true
                    break
                }
                consumed += frame.frameLength
                switch assembler.receive(frame) {
                case .message(let opcode, let payload, _):
                    produced.append(opcode == .text ? .text(String(decoding: payload, as: UTF8.self)) : .binary(Array(payload)))
                    assembler.releaseMessage()
                case .needMore, .pongReceived, .ignored:
                    break
                case .pong(let payload):
                    produced.append(.pong(Array(payload)))
                case .peerClosed(let code, _):
                    switch closing.receivedClose(code: code ?? .normalClosure) {
                    case .sendCloseThenCloseConnection(let echo):
                        produced.append(.close(echo.rawValue))
                        produced.append(.tcpClosed)
                        closed = true
                    case .closeConnection:
                        produced.append(.tcpClosed)
                        closed = true
                    case .doNothing:
                        break
                    }
                case .fail(let code, _):
                    Self.apply(closing.fail(code: code), into: &produced)
                    closed = true
                }
            }
        }
        self.parser = parser
        self.assembler = assembler
        self.closing = closing
        events += produced
        tcpClosed = closed
        pending = consumed == 0 ? buffer : Array(buffer[consumed...])
        return Array(events[before...])
    }

    /// Feeds `bytes` in reads of `chunk` bytes (0 = all at once).
    mutating func feed(_ bytes: [UInt8], chunk: Int) {
        if chunk == 0 { feed(bytes); return }
        for piece in bytes.chunked(by: chunk) { feed(piece) }
    }

    private static func apply(_ action: WebSocketCloseStateMachine.FailAction, into events: inout [WebSocketTestEvent]) {
        switch action {
        case .sendCloseThenCloseConnection(let code):
            events.append(.close(code.rawValue))
            events.append(.tcpClosed)
        case .closeConnection:
            events.append(.tcpClosed)
        case .doNothing:
            break
        }
    }
}
