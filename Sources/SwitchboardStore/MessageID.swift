import SwitchboardDomain

/// A recorded message: `interaction id << 20 | sequence`, so the messages of an interaction are contiguous.
public struct MessageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The row id.
    public let rawValue: Int64
    /// A message id from its row id.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    /// The interaction the message belongs to.
    public var interactionID: InteractionID { InteractionID(rawValue >> MessageID.sequenceBits) }
    /// Its position in the interaction (1 for the first).
    public var sequence: Int64 { rawValue & ((1 << MessageID.sequenceBits) - 1) }
    /// Bits for the sequence within an interaction.
    static let sequenceBits: Int64 = 20
    /// The most messages one interaction can hold.
    static let maxSequence: Int64 = (1 << sequenceBits) - 1
    /// Orders by row id (interaction, then sequence).
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    /// The row id as text.
    public var description: String { String(rawValue) }
}
