/// Identifiers of the domain's entities. Each is a distinct type so a campaign id can never be
/// passed where an agent id is expected; all are 64-bit row ids assigned by the store.

/// A campaign (a WhatsApp entry point with its queue and agents).
public struct CampaignID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// A user: administrator, supervisor or agent. An agent's id is its user id.
public struct UserID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// Agents are users with the agent role; the alias keeps call sites readable.
public typealias AgentID = UserID

/// One customer conversation in one campaign, from enqueue to close or abandon.
public struct InteractionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// A configured WhatsApp provider account (one of the two HeyNow APIs).
public struct ProviderID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// A point in wall-clock time, in milliseconds since the Unix epoch. The domain never reads a
/// clock itself: every instant comes from an injected `WallClock`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let milliseconds: Int64
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.milliseconds < rhs.milliseconds }
    public var description: String { "\(milliseconds)ms" }

    /// The instant `seconds` later (negative goes back).
    public func adding(seconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + seconds * 1000) }
    /// The instant `milliseconds` later.
    public func adding(milliseconds delta: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + delta) }
    /// Milliseconds from `self` to `later` (negative when `later` is earlier).
    public func millisecondsUntil(_ later: Timestamp) -> Int64 { later.milliseconds - milliseconds }
}

/// The source of "now" for everything in the domain; the server passes the system clock,
/// tests a `ManualClock`.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}
