/// An immutable, encoded frame (or any bytes) that many connections write without copying:
/// a broadcast is encoded once, and every subscriber's outbound queue holds a reference to it.
public final class SharedFrame: Sendable {
    /// The bytes on the wire.
    public let bytes: [UInt8]

    /// Wraps already encoded bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The number of bytes.
    public var count: Int { bytes.count }
}
