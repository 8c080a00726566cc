/// Parses whole WebSocket frames (RFC 6455 §5.2) at the start of a receive buffer and unmasks their
/// payload in place (§5.3). It consumes nothing until a frame is complete, so the caller keeps the
/// incomplete tail and feeds it again with more bytes; header rules are checked as soon as the header
/// is readable, so a bad frame fails before its payload arrives (and
/// `WebSocketMessageAssembler.inspectIncompleteFrame` checks the text of a frame still arriving).
public struct WebSocketFrameParser: Sendable {
    /// The largest payload one frame may carry; a larger length fails with `.messageTooBig`.
    public var maxFrameSize: Int
    /// Whether RSV1 may be set (permessage-deflate negotiated, RFC 7692 §6); RSV2/RSV3 never may.
    public var allowRSV1: Bool
    /// Whether frames must be masked (a server reading client frames, §5.1). When false, masked and
    /// unmasked frames are both accepted (a client or a test reading server frames).
    public var requireMask: Bool

    /// Creates a parser.
    /// - Parameters:
    ///   - maxFrameSize: the largest payload of one frame.
    ///   - allowRSV1: whether RSV1 is allowed (permessage-deflate negotiated).
    ///   - requireMask: whether every frame must be masked (true on the server).
    public init(maxFrameSize: Int, allowRSV1: Bool, requireMask: Bool = true) {
        self.maxFrameSize = maxFrameSize
        self.allowRSV1 = allowRSV1
        self.requireMask = requireMask
    }

    /// Parses the frame at the start of `input` if it is complete and unmasks its payload in place.
    /// - Parameter input: received bytes; the frame, if any, starts at its first byte.
    /// - Returns: the frame (its payload a slice of `input`, `frameLength` the bytes it took), or nil
    ///   when more bytes are needed (then nothing was consumed or changed).
    /// - Throws: the first rule of §5 the header breaks, as soon as the header is readable.
    public mutating func nextFrame(_ input: UnsafeMutableRawBufferPointer) throws(WebSocketProtocolError) -> WebSocketFrame? {
        let available = input.count
        guard available >= 2, let base = input.baseAddress else { return nil }
        let byte0 = base.load(as: UInt8.self)
        let byte1 = base.load(fromByteOffset: 1, as: UInt8.self)
        // §5.2: RSV bits must be 0 unless an extension defines them.
        let rsv1 = byte0 & 0x40 != 0
        if byte0 & 0x30 != 0 || (rsv1 && !allowRSV1) { throw .reservedBitsSet }
        guard let opcode = WebSocketOpcode(rawValue: byte0 & 0x0F) else { throw .unknownOpcode(byte0 & 0x0F) }
        let fin = byte0 & 0x80 != 0
        let masked = byte1 & 0x80 != 0
        let shortLength = Int(byte1 & 0x7F)
        // §5.5: control frames are never fragmented and carry at most 125 bytes.
        if opcode.isControl {
            if !fin { throw .fragmentedControlFrame }
            if shortLength > 125 { throw .controlFrameTooLong }
        }
        // §5.1: a server must fail an unmasked client frame.
        if requireMask && !masked { throw .unmaskedClientFrame }

        var headerLength = 2
        let payloadLength: Int
        switch shortLength {
        case 126:
            guard available >= 4 else { return nil }
            payloadLength = Int(UInt16(bigEndian: base.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
            headerLength = 4
        case 127:
            guard available >= 10 else { return nil }
            let length = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            // §5.2: "the most significant bit MUST be 0".
            if length & (1 << 63) != 0 { throw .invalidLength }
            payloadLength = Int(length)
            headerLength = 10
        default:
            payloadLength = shortLength
        }
        if payloadLength > maxFrameSize { throw .messageTooBig }
        if masked { headerLength += 4 }
        guard available >= headerLength, available - headerLength >= payloadLength else { return nil }

        let payload = UnsafeMutableRawBufferPointer(start: base + headerLength, count: payloadLength)
        if masked {
            Self.unmask(payload, key: base.loadUnaligned(fromByteOffset: headerLength - 4, as: UInt32.self))
        }
        return WebSocketFrame(fin: fin, rsv1: rsv1, opcode: opcode, payload: payload, frameLength: headerLength + payloadLength)
    }

    /// The total size of the frame at the start of `input` (header + mask + payload), once its header
    /// is readable, so the caller can make room for a large frame before it arrives.
    /// - Parameter input: received bytes starting at a frame boundary.
    /// - Returns: the frame's total length, nil if the header is still incomplete; a length that does
    ///   not fit in `Int` gives `Int.max` (`nextFrame` rejects such a frame).
    public static func requiredLength(_ input: UnsafeRawBufferPointer) -> Int? {
        guard let header = Header(input) else { return nil }
        guard header.payloadLength <= UInt64(Int.max - header.length) else { return Int.max }
        return header.length + Int(header.payloadLength)
    }

    /// A frame header read without checking any rule (§5.2), for looking at a frame still arriving.
    struct Header {
        /// The first byte: FIN, RSV1-3 and the opcode.
        var byte0: UInt8
        /// The payload length as sent.
        var payloadLength: UInt64
        /// Header bytes including the masking key.
        var length: Int
        /// Whether the MASK bit is set.
        var masked: Bool
        /// The masking key as it lies in memory, once it has arrived (nil for an unmasked frame).
        var maskKey: UInt32?

        /// Reads the header at the start of `input`; nil while it is incomplete.
        init?(_ input: UnsafeRawBufferPointer) {
            guard input.count >= 2, let base = input.baseAddress else { return nil }
            byte0 = base.load(as: UInt8.self)
            let byte1 = base.load(fromByteOffset: 1, as: UInt8.self)
            switch byte1 & 0x7F {
            case 126:
                guard input.count >= 4 else { return nil }
                payloadLength = UInt64(UInt16(bigEndian: base.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
                length = 4
            case 127:
                guard input.count >= 10 else { return nil }
                payloadLength = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
                length = 10
            case let short:
                payloadLength = UInt64(short)
                length = 2
            }
            maskKey = nil
            masked = byte1 & 0x80 != 0
            if masked {
                length += 4
                // The key may not have arrived yet: the length is known, the key is not needed for it.
                if input.count >= length { maskKey = base.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self) }
            }
        }

    }

    /// XORs `payload` with the 4-byte masking key (§5.3): 8 bytes at a time, then the tail.
    /// - Parameters:
    ///   - payload: the bytes to unmask (or mask: the operation is its own inverse).
    ///   - key: the key's four bytes as they lie in memory (wire order).
    @inlinable
    public static func unmask(_ payload: UnsafeMutableRawBufferPointer, key: UInt32) {
        guard let base = payload.baseAddress else { return }
        let count = payload.count
        // Both halves hold the key in wire order, so byte i is XORed with key byte i % 4.
        let wide = UInt64(key) | UInt64(key) << 32
        var offset = 0
        while offset + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            base.storeBytes(of: word ^ wide, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        var keyBytes = key
        withUnsafeBytes(of: &keyBytes) { keyBytes in
            while offset < count {
                let byte = base.load(fromByteOffset: offset, as: UInt8.self)
                base.storeBytes(of: byte ^ keyBytes[offset & 3], toByteOffset: offset, as: UInt8.self)
                offset += 1
            }
        }
    }
}
