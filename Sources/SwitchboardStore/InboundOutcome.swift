import SwitchboardDomain

/// What recording an inbound message did; in every case it is committed and may be acknowledged.
public enum InboundOutcome: Sendable, Equatable {
    /// Recorded in the customer's open interaction; `opened` when this message started it (it is now queued).
    case recorded(MessageID, interaction: InteractionID, opened: Bool)
    /// The provider sent this message id before: nothing was written; the message recorded then.
    case duplicate(MessageID, interaction: InteractionID)
    /// Its campaign is disabled and the customer had no open interaction: kept in a new interaction closed at once
    /// (disposition `refused`), never queued.
    case refused(MessageID, interaction: InteractionID)

    /// The message's id, recorded now or before.
    public var messageID: MessageID {
        switch self {
        case .recorded(let id, _, _), .duplicate(let id, _), .refused(let id, _): return id
        }
    }

    /// The interaction holding the message.
    public var interactionID: InteractionID {
        switch self {
        case .recorded(_, let interaction, _), .duplicate(_, let interaction), .refused(_, let interaction): return interaction
        }
    }
}
