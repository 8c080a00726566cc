// libFuzzer target: client bytes through WebSocketFrameParser + WebSocketMessageAssembler, cut into
// reads at positions derived from the input (like uWebSockets' fuzzing/WebSocket.cpp makeChunked).
// Input layout: byte 0 = options (bit 0 compression, bit 1 small limits, bit 2 require mask),
// bytes 1-4 = read sizes (cycled), the rest = the wire bytes.
// Incomplete frames are shown to inspectIncompleteFrame as the event loop does.
// Checks: no crash or out-of-bounds access, every chunking gives the same outcome as one read,
// delivered text is valid UTF-8, sizes stay within limits, frames re-encode to the same frame.

/// What one connection did with the input: each frame's summary and how it ended.
struct FuzzOutcome: Equatable {
    var events: [String] = []
    var ended: String = "needMore"
}

/// A receive buffer the way the event loop keeps one: bytes arrive at the end, frames leave the front.
struct FuzzConnection {
    var parser: WebSocketFrameParser
    var assembler: WebSocketMessageAssembler
    var closing = WebSocketCloseStateMachine()
    let buffer: UnsafeMutableRawBufferPointer
    var start = 0
    var end = 0
    var outcome = FuzzOutcome()
    var finished = false
    let maxSize: Int

    init(capacity: Int, compression: Bool, maxSize: Int, requireMask: Bool) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 16)
        parser = WebSocketFrameParser(maxFrameSize: maxSize, allowRSV1: compression, requireMask: requireMask)
        assembler = WebSocketMessageAssembler(maxMessageSize: maxSize, compressionEnabled: compression)
        self.maxSize = maxSize
    }

    func free() { buffer.deallocate() }

    mutating func read(_ chunk: UnsafeRawBufferPointer) {
        guard !finished else { return }
        UnsafeMutableRawBufferPointer(rebasing: buffer[end..<(end + chunk.count)]).copyMemory(from: chunk)
        end += chunk.count
        while !finished {
            let available = UnsafeMutableRawBufferPointer(rebasing: buffer[start..<end])
            let required = WebSocketFrameParser.requiredLength(UnsafeRawBufferPointer(available))
            let frame: WebSocketFrame
            do throws(WebSocketProtocolError) {
                guard let next = try parser.nextFrame(available) else {
                    if let required { precondition(required > available.count, "a readable frame was not parsed") }
                    let before = Array(available)
                    let inspected = assembler.inspectIncompleteFrame(UnsafeRawBufferPointer(available))
                    precondition(Array(available) == before, "inspection changed the input")
                    if case .fail(let code, let reason) = inspected {
                        _ = closing.fail(code: code)
                        end(with: "fail \(code.rawValue) \(reason)")
                    } else {
                        precondition(inspected == nil, "inspection may only fail")
                    }
                    return
                }
                frame = next
            } catch {
                end(with: "parser \(error) -> \(WebSocketCloseCode(error).rawValue)")
                return
            }
            precondition(required == frame.frameLength, "requiredLength disagrees with the frame")
            precondition(frame.frameLength <= available.count && frame.payload.count <= maxSize)
            precondition(frame.payload.baseAddress! >= available.baseAddress! && frame.payload.count <= frame.frameLength)
            checkReencoding(frame)
            start += frame.frameLength
            handle(frame)
        }
    }

    /// A parsed frame encodes back (masked) and parses to the same frame.
    func checkReencoding(_ frame: WebSocketFrame) {
        let payload = Array(frame.payload)
        var wire = WebSocketFrameEncoder.encodeMasked(
            opcode: frame.opcode, payload: payload, maskKey: 0xA1B2_C3D4, fin: frame.fin, rsv1: frame.rsv1)
        var again = WebSocketFrameParser(maxFrameSize: maxSize, allowRSV1: true)
        let same: Bool = wire.withUnsafeMutableBytes { raw in
            guard let reparsed = try? again.nextFrame(raw) else { return false }
            return reparsed.fin == frame.fin && reparsed.rsv1 == frame.rsv1 && reparsed.opcode == frame.opcode
                && reparsed.frameLength == raw.count && Array(reparsed.payload) == payload
        }
        precondition(same, "re-encoded frame differs")
    }

    mutating func handle(_ frame: WebSocketFrame) {
        switch assembler.receive(frame) {
        case .message(let opcode, let payload, let compressed):
            precondition(payload.count <= maxSize, "message over the limit")
            if opcode == .text && !compressed {
                precondition(String(validating: payload, as: UTF8.self) != nil, "invalid UTF-8 delivered")
            }
            precondition(opcode == .text || opcode == .binary)
            outcome.events.append("message \(opcode) \(compressed) \(Array(payload).hashValue)")
            assembler.releaseMessage()
            precondition(assembler.bufferedCapacity == 0, "idle assembler keeps a buffer")
        case .needMore:
            precondition(assembler.isAssembling)
            outcome.events.append("needMore")
        case .pong(let payload):
            precondition(payload.count <= 125)
            outcome.events.append("pong \(Array(payload))")
        case .pongReceived:
            outcome.events.append("pongReceived")
        case .peerClosed(let code, let reason):
            precondition(code?.isValidToReceive ?? reason.isEmpty)
            _ = closing.receivedClose(code: code ?? .normalClosure)
            end(with: "peerClosed \(code?.rawValue ?? 1005) \(reason)")
        case .fail(let code, let reason):
            _ = closing.fail(code: code)
            end(with: "fail \(code.rawValue) \(reason)")
        case .ignored:
            preconditionFailure("frame after the end was handed to the assembler")
        }
    }

    mutating func end(with description: String) {
        outcome.ended = description
        finished = true
        precondition(closing.state == .closed || description.hasPrefix("parser"))
    }
}

func runConnection(_ wire: UnsafeRawBufferPointer, chunkSizes: [Int], options: UInt8) -> FuzzOutcome {
    let maxSize = options & 2 != 0 ? 200 : 1 << 20
    var connection = FuzzConnection(capacity: wire.count, compression: options & 1 != 0, maxSize: maxSize, requireMask: options & 4 == 0)
    defer { connection.free() }
    var offset = 0
    var index = 0
    while offset < wire.count && !connection.finished {
        let size = chunkSizes.isEmpty ? wire.count : min(chunkSizes[index % chunkSizes.count], wire.count - offset)
        connection.read(UnsafeRawBufferPointer(rebasing: wire[offset..<(offset + size)]))
        offset += size
        index += 1
    }
    return connection.outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebSocketFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 5 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let options = input[0]
    let chunkSizes = (1...4).map { Int(input[$0]) % 37 + 1 }
    // Each connection copies its reads into its own buffer: the parser unmasks in place and libFuzzer's input is read-only.
    let wire = UnsafeRawBufferPointer(rebasing: input[5...])

    let whole = runConnection(wire, chunkSizes: [], options: options)
    let chunked = runConnection(wire, chunkSizes: chunkSizes, options: options)
    let bytewise = runConnection(wire, chunkSizes: [1], options: options)
    precondition(whole == chunked, "chunking changed the outcome: \(whole) vs \(chunked)")
    precondition(whole == bytewise, "byte-wise reads changed the outcome")

    // The UTF-8 validator agrees with the standard library under any split of the same bytes.
    var validator = UTF8Validator()
    let cut = wire.isEmpty ? 0 : Int(options) % (wire.count + 1)
    let split = validator.validate(UnsafeRawBufferPointer(rebasing: wire[..<cut]))
        && validator.validate(UnsafeRawBufferPointer(rebasing: wire[cut...])) && validator.isAtBoundary
    precondition(split == (String(validating: wire, as: UTF8.self) != nil), "UTF-8 validator disagrees")
    return 0
}
