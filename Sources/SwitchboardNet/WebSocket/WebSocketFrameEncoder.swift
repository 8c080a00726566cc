/// Encodes WebSocket frames (RFC 6455 §5.2). Server frames are unmasked (§5.1); `encodeMasked`
/// builds client frames for clients and tests.
public enum WebSocketFrameEncoder {
    /// The header size of an unmasked frame with `payloadLength` bytes: 2, 4 or 10 (§5.2: the
    /// minimal length encoding).
    /// - Parameter payloadLength: the payload size.
    /// - Returns: the header size in bytes.
    @inlinable
    public static func headerSize(payloadLength: Int) -> Int {
        payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10
    }

    /// Writes an unmasked frame header.
    /// - Parameters:
    ///   - opcode: the opcode.
    ///   - fin: whether this is the message's last frame.
    ///   - rsv1: RSV1 (a compressed message's first frame, RFC 7692 §6).
    ///   - payloadLength: the payload size that will follow.
    ///   - pointer: where to write; room for `headerSize(payloadLength:)` bytes.
    /// - Returns: the bytes written.
    @inlinable
    @discardableResult
    public static func writeHeader(
        opcode: WebSocketOpcode, fin: Bool, rsv1: Bool, payloadLength: Int, into pointer: UnsafeMutableRawPointer
    ) -> Int {
        writeHeader(opcode: opcode, fin: fin, rsv1: rsv1, masked: false, payloadLength: payloadLength, into: pointer)
    }

    /// Writes a frame header with or without the MASK bit (the key itself is not written).
    @usableFromInline
    static func writeHeader(
        opcode: WebSocketOpcode, fin: Bool, rsv1: Bool, masked: Bool, payloadLength: Int, into pointer: UnsafeMutableRawPointer
    ) -> Int {
        precondition(payloadLength >= 0, "negative payload length")
        pointer.storeBytes(of: (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.rawValue, as: UInt8.self)
        let maskBit: UInt8 = masked ? 0x80 : 0
        if payloadLength <= 125 {
            pointer.storeBytes(of: maskBit | UInt8(payloadLength), toByteOffset: 1, as: UInt8.self)
            return 2
        } else if payloadLength <= 0xFFFF {
            pointer.storeBytes(of: maskBit | 126, toByteOffset: 1, as: UInt8.self)
            pointer.storeBytes(of: UInt16(payloadLength).bigEndian, toByteOffset: 2, as: UInt16.self)
            return 4
        } else {
            pointer.storeBytes(of: maskBit | 127, toByteOffset: 1, as: UInt8.self)
            pointer.storeBytes(of: UInt64(payloadLength).bigEndian, toByteOffset: 2, as: UInt64.self)
            return 10
        }
    }

    /// Encodes one unmasked frame in a single allocation (header + payload).
    /// - Parameters:
    ///   - opcode: the opcode.
    ///   - payload: the payload bytes.
    ///   - fin: whether this is the message's last frame.
    ///   - rsv1: RSV1 (compressed message).
    /// - Returns: the frame's bytes.
    public static func encode(
        opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, fin: Bool = true, rsv1: Bool = false
    ) -> [UInt8] {
        let header = headerSize(payloadLength: payload.count)
        return [UInt8](unsafeUninitializedCapacity: header + payload.count) { out, initialized in
            let base = UnsafeMutableRawPointer(out.baseAddress!)
            _ = writeHeader(opcode: opcode, fin: fin, rsv1: rsv1, payloadLength: payload.count, into: base)
            if let source = payload.baseAddress, payload.count > 0 {
                (base + header).copyMemory(from: source, byteCount: payload.count)
            }
            initialized = header + payload.count
        }
    }

    /// Encodes one unmasked frame from an array (see `encode(opcode:payload:fin:rsv1:)`).
    /// - Returns: the frame's bytes.
    public static func encode(opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true, rsv1: Bool = false) -> [UInt8] {
        payload.withUnsafeBytes { encode(opcode: opcode, payload: $0, fin: fin, rsv1: rsv1) }
    }

    /// Encodes a close frame (§5.5.1): the code and a UTF-8 reason cut at a character boundary so the
    /// payload stays within 125 bytes. `.noStatusReceived` (1005) gives an empty body, as it must
    /// never be sent (§7.4.1).
    /// - Parameters:
    ///   - code: the status code.
    ///   - reason: a human-readable reason (may be empty).
    /// - Returns: the frame's bytes.
    public static func encodeClose(code: WebSocketCloseCode, reason: String = "") -> [UInt8] {
        if code == .noStatusReceived { return encode(opcode: .close, payload: [UInt8]()) }
        var payload: [UInt8] = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
        var used = 0
        for scalar in reason.unicodeScalars {
            let width = UTF8.width(scalar)
            if used + width > 123 { break }
            payload.append(contentsOf: UTF8.encode(scalar)!)
            used += width
        }
        return encode(opcode: .close, payload: payload)
    }

    /// Encodes one masked frame (§5.3), as a client sends it.
    /// - Parameters:
    ///   - opcode: the opcode.
    ///   - payload: the payload bytes (before masking).
    ///   - maskKey: the masking key, its most significant byte first on the wire.
    ///   - fin: whether this is the message's last frame.
    ///   - rsv1: RSV1 (compressed message).
    /// - Returns: the frame's bytes.
    public static func encodeMasked(
        opcode: WebSocketOpcode, payload: [UInt8], maskKey: UInt32, fin: Bool = true, rsv1: Bool = false
    ) -> [UInt8] {
        let header = headerSize(payloadLength: payload.count) + 4
        return [UInt8](unsafeUninitializedCapacity: header + payload.count) { out, initialized in
            let base = UnsafeMutableRawPointer(out.baseAddress!)
            let written = writeHeader(opcode: opcode, fin: fin, rsv1: rsv1, masked: true, payloadLength: payload.count, into: base)
            base.storeBytes(of: maskKey.bigEndian, toByteOffset: written, as: UInt32.self)
            payload.withUnsafeBytes { source in
                if let start = source.baseAddress, source.count > 0 {
                    (base + header).copyMemory(from: start, byteCount: source.count)
                }
            }
            let body = UnsafeMutableRawBufferPointer(start: base + header, count: payload.count)
            WebSocketFrameParser.unmask(body, key: maskKey.bigEndian)
            initialized = header + payload.count
        }
    }
}
