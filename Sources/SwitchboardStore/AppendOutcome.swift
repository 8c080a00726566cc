/// What appending a message did; in both cases the state is committed.
public enum AppendOutcome: Sendable, Equatable {
    /// Recorded now.
    case recorded(MessageID)
    /// Its provider message id was recorded before; nothing was written.
    case duplicate(MessageID)
}
