/// An outbound message the target sent to the simulated provider API, as the endpoint accepted it.
public struct OutboundSend: Sendable, Equatable {
    /// Index of the provider in the simulation's list.
    public var provider: Int
    /// The id the endpoint answered (wamid… or SM…), which the status callbacks carry.
    public var id: String
    /// The customer (E.164 with `+`).
    public var to: String
    /// The campaign number it was sent from.
    public var from: String
    public var text: String
}
