import SwitchboardDomain

/// A recorded message's row id: assigned in arrival order (files from schema version 4 or earlier also hold
/// older ids of the form `interaction id << 20 | sequence`, all below the new ones).
public struct MessageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The row id.
    public let rawValue: Int64
    /// A message id from its row id.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    /// Orders by row id (arrival order).
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    /// The row id as text.
    public var description: String { String(rawValue) }
}
