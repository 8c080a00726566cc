/// The receive side of one connection (RFC 6455 §5.4, §5.5, §8.1): turns parsed frames into
/// messages and control actions, enforcing fragmentation order, RSV1 use (RFC 7692 §6), UTF-8 of
/// uncompressed text (failing fast inside fragments) and the message size limit. Fragments are copied
/// into a buffer that exists only while a fragmented message is in progress, so an idle connection
/// holds no buffer; unfragmented messages are never copied.
public struct WebSocketMessageAssembler {
    // Word-sized fields first, then the bytes: the assembler takes 32 bytes in the connection record, not 48.
    /// The largest message accepted, in (still compressed) payload bytes.
    public let maxMessageSize: Int
    /// The fragments of the message in progress, or a completed message until the next call.
    private var fragments: FragmentBuffer?
    /// Payload bytes of the incomplete frame already checked by `inspectIncompleteFrame`, and the
    /// validator state after them; reset by every `receive`.
    private var inspectedBytes = 0
    private var inspectedValidator = UTF8Validator()
    /// Whether permessage-deflate was negotiated (RSV1 allowed on a message's first frame).
    public let compressionEnabled: Bool
    /// The message in progress: its opcode and whether it is compressed.
    private var openMessage: (opcode: WebSocketOpcode, compressed: Bool)?
    private var validator = UTF8Validator()
    /// Set after a close was received or the connection failed: further frames are dropped.
    private var finished = false

    private static let invalidTextReason = "invalid UTF-8 in text message"

    /// Creates the receive state of a new connection.
    /// - Parameters:
    ///   - maxMessageSize: the largest message accepted (16 MiB by default in the server).
    ///   - compressionEnabled: whether permessage-deflate was negotiated.
    public init(maxMessageSize: Int, compressionEnabled: Bool) {
        self.maxMessageSize = maxMessageSize
        self.compressionEnabled = compressionEnabled
    }

    /// Whether a fragmented message is in progress.
    public var isAssembling: Bool { openMessage != nil }

    /// Whether a close was received or the connection failed (every later frame is ignored).
    public var isFinished: Bool { finished }

    /// The bytes the assembler holds (fragments of the message in progress); 0 when idle.
    public var bufferedCapacity: Int { fragments?.capacity ?? 0 }

    /// Frees the buffer of a completed fragmented message once the caller is done with its payload
    /// (the next `receive` does it too); keeps an idle connection free of buffers.
    public mutating func releaseMessage() {
        if openMessage == nil { fragments = nil }
    }

    /// Handles one frame.
    /// - Parameter frame: a frame from `WebSocketFrameParser` (its header rules already checked).
    /// - Returns: what the connection must do.
    public mutating func receive(_ frame: WebSocketFrame) -> WebSocketReceiveAction {
        if finished { return .ignored }
        releaseMessage()
        inspectedBytes = 0
        let payload = UnsafeRawBufferPointer(frame.payload)
        if frame.opcode.isControl {
            // RFC 7692 §6: RSV1 is only for the first frame of a data message.
            if frame.rsv1 { return fail(.reservedBitsSet, "RSV1 set on a control frame") }
            if !frame.fin { return fail(.fragmentedControlFrame, "fragmented control frame") }
            if payload.count > 125 { return fail(.controlFrameTooLong, "control frame over 125 bytes") }
            switch frame.opcode {
            case .ping: return .pong(payload)
            case .pong: return .pongReceived
            default: return receiveClose(payload)
            }
        }

        let opcode: WebSocketOpcode
        let compressed: Bool
        var size = payload.count
        if frame.opcode == .continuation {
            guard let open = openMessage else { return fail(.unexpectedContinuation, "continuation without a message") }
            if frame.rsv1 { return fail(.reservedBitsSet, "RSV1 set on a continuation frame") }
            opcode = open.opcode
            compressed = open.compressed
            size += fragments?.count ?? 0
        } else {
            if openMessage != nil { return fail(.expectedContinuation, "new message before the previous one ended") }
            if frame.rsv1 && !compressionEnabled { return fail(.reservedBitsSet, "RSV1 set without permessage-deflate") }
            opcode = frame.opcode
            compressed = frame.rsv1
            validator.reset()
        }
        if size > maxMessageSize { return fail(.messageTooBig, "message over \(maxMessageSize) bytes") }
        // §8.1: fail as soon as the text so far cannot be valid UTF-8.
        if opcode == .text && !compressed {
            if !validator.validate(payload) { return fail(.invalidUTF8, Self.invalidTextReason) }
            if frame.fin && !validator.isAtBoundary { return fail(.invalidUTF8, "text message ends inside a character") }
        }

        if frame.fin && frame.opcode != .continuation {
            return .message(opcode: opcode, payload: payload, compressed: compressed)  // zero copy
        }
        let buffer: FragmentBuffer
        if let existing = fragments {
            buffer = existing
        } else {
            buffer = FragmentBuffer(capacity: Swift.min(Swift.max(payload.count * 2, 4096), maxMessageSize), limit: maxMessageSize)
            fragments = buffer
        }
        buffer.append(payload)
        if !frame.fin {
            openMessage = (opcode, compressed)
            return .needMore
        }
        openMessage = nil  // the buffer stays until the next call or releaseMessage()
        return .message(opcode: opcode, payload: buffer.bytes, compressed: compressed)
    }

    /// Looks at a data frame that has only partly arrived (the parser returned nil for `input`), so the
    /// connection fails before the rest of a large frame comes: a message that will exceed the size
    /// limit (1009) or text that is already invalid UTF-8 (1007; RFC 6455 §8.1, Autobahn 6.4.3/6.4.4).
    /// Changes neither `input` nor the message in progress; a later call for the same frame checks only
    /// the bytes that arrived since. Rules `receive` reports with 1002 are left to it.
    /// - Parameter input: the received bytes, starting with the incomplete frame.
    /// - Returns: `.fail` when the frame can already be rejected, nil when there is nothing to do yet.
    public mutating func inspectIncompleteFrame(_ input: UnsafeRawBufferPointer) -> WebSocketReceiveAction? {
        guard !finished, let header = WebSocketFrameParser.Header(input) else { return nil }
        let rsv1 = header.byte0 & 0x40 != 0
        var size = header.payloadLength
        let isUncompressedText: Bool
        let messageValidator: UTF8Validator
        switch header.byte0 & 0x0F {
        case WebSocketOpcode.text.rawValue, WebSocketOpcode.binary.rawValue:
            // The same order of checks as `receive`, so a frame fails the same way whenever it is looked at.
            guard openMessage == nil, !rsv1 || compressionEnabled else { return nil }
            isUncompressedText = header.byte0 & 0x0F == WebSocketOpcode.text.rawValue && !rsv1
            messageValidator = UTF8Validator()
        case WebSocketOpcode.continuation.rawValue:
            guard let open = openMessage, !rsv1 else { return nil }
            isUncompressedText = open.opcode == .text && !open.compressed
            messageValidator = validator
            size += UInt64(fragments?.count ?? 0)
        default:
            return nil
        }
        if size > UInt64(maxMessageSize) { return fail(.messageTooBig, "message over \(maxMessageSize) bytes") }
        guard isUncompressedText, !header.masked || header.maskKey != nil, input.count > header.length else { return nil }

        let arrived = Int(Swift.min(UInt64(input.count - header.length), header.payloadLength))
        if inspectedBytes == 0 || inspectedBytes > arrived {
            inspectedBytes = 0
            inspectedValidator = messageValidator
        }
        let payload = UnsafeRawBufferPointer(rebasing: input[(header.length + inspectedBytes)..<(header.length + arrived)])
        let valid: Bool
        if let key = header.maskKey {
            valid = Self.validateMasked(payload, key: key, keyOffset: inspectedBytes, with: &inspectedValidator)
        } else {
            valid = inspectedValidator.validate(payload)
        }
        inspectedBytes = arrived
        return valid ? nil : fail(.invalidUTF8, Self.invalidTextReason)
    }

    /// Feeds masked bytes to a validator through a small stack buffer, unmasking a copy (the input stays as it is).
    private static func validateMasked(
        _ bytes: UnsafeRawBufferPointer, key: UInt32, keyOffset: Int, with validator: inout UTF8Validator
    ) -> Bool {
        // The key as it applies from this offset: its bytes rotated so byte 0 masks the first byte here.
        var keyBytes = key
        let rotated: UInt32 = withUnsafeBytes(of: &keyBytes) { raw in
            var shifted: UInt32 = 0
            withUnsafeMutableBytes(of: &shifted) { out in
                for index in 0..<4 { out[index] = raw[(index + keyOffset) & 3] }
            }
            return shifted
        }
        return withUnsafeTemporaryAllocation(byteCount: 256, alignment: 8) { scratch in
            var offset = 0
            while offset < bytes.count {
                let count = Swift.min(256, bytes.count - offset)  // a multiple of 4 except at the end
                let block = UnsafeMutableRawBufferPointer(rebasing: scratch[..<count])
                block.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
                WebSocketFrameParser.unmask(block, key: rotated)
                if !validator.validate(UnsafeRawBufferPointer(block)) { return false }
                offset += count
            }
            return true
        }
    }

    /// Checks a close frame's body (§5.5.1, §7.4): empty, or a valid code and a UTF-8 reason.
    private mutating func receiveClose(_ payload: UnsafeRawBufferPointer) -> WebSocketReceiveAction {
        if payload.isEmpty {
            finish()
            return .peerClosed(code: nil, reason: "")
        }
        if payload.count == 1 { return fail(.invalidClosePayload, "close payload of 1 byte") }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        if !code.isValidToReceive { return fail(.invalidCloseCode(code.rawValue), "invalid close code \(code.rawValue)") }
        let reasonBytes = UnsafeRawBufferPointer(rebasing: payload[2...])
        var reasonValidator = UTF8Validator()
        if !reasonValidator.validate(reasonBytes) || !reasonValidator.isAtBoundary {
            return fail(.invalidUTF8, "close reason is not valid UTF-8")
        }
        finish()
        return .peerClosed(code: code, reason: String(decoding: reasonBytes, as: UTF8.self))
    }

    /// Fails the connection (§7.1.7): from now on every frame is ignored.
    private mutating func fail(_ error: WebSocketProtocolError, _ reason: String) -> WebSocketReceiveAction {
        finish()
        return .fail(WebSocketCloseCode(error), reason)
    }

    private mutating func finish() {
        finished = true
        inspectedBytes = 0
        openMessage = nil
        fragments = nil
    }
}

@available(*, unavailable)
extension WebSocketMessageAssembler: Sendable {}

// MARK: - Fragment storage

extension WebSocketMessageAssembler {
    /// Growable bytes at a stable address for the life of the object, so a completed message's payload
    /// pointer stays valid until the assembler drops the buffer.
    private final class FragmentBuffer {
        private(set) var base: UnsafeMutableRawPointer
        private(set) var count = 0
        private(set) var capacity: Int
        /// Growth stops here: the assembler never lets a message exceed its size limit.
        private let limit: Int

        init(capacity: Int, limit: Int) {
            self.capacity = Swift.max(capacity, 1)
            self.limit = limit
            base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
        }

        deinit { base.deallocate() }

        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

        func append(_ bytes: UnsafeRawBufferPointer) {
            guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
            if count + bytes.count > capacity {
                var newCapacity = capacity
                while newCapacity < count + bytes.count { newCapacity *= 2 }
                newCapacity = Swift.max(Swift.min(newCapacity, limit), count + bytes.count)
                let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
                grown.copyMemory(from: base, byteCount: count)
                base.deallocate()
                base = grown
                capacity = newCapacity
            }
            (base + count).copyMemory(from: source, byteCount: bytes.count)
            count += bytes.count
        }
    }
}
