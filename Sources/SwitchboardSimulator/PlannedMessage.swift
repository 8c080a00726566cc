/// One message a simulated customer writes, at a time relative to the start of the run.
public struct PlannedMessage: Sendable, Equatable {
    /// Milliseconds after the start.
    public var at: Int64
    /// Index of the provider in the simulation's list.
    public var provider: Int
    /// The number the customer writes to (a campaign's).
    public var to: String
    /// The customer's number (E.164 with `+`).
    public var from: String
    /// The customer's profile name.
    public var name: String
    /// The provider's message id (wamid… or SM…), unique in the run.
    public var messageID: String
    /// Its turn in the conversation (0: the first message).
    public var turn: Int
    /// Whether this customer gives up after writing (writes no more turns).
    public var abandons: Bool
    public var content: CustomerContent
}
