/// Who started the conversation (the recordings' "address" column).
public enum InteractionDirection: String, Sendable, Equatable, CaseIterable {
    /// The customer wrote first.
    case incoming
    /// The contact center wrote first.
    case outgoing
}
