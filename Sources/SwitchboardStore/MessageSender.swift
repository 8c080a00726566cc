/// Who wrote a message.
public enum MessageSender: String, Sendable, Equatable, CaseIterable {
    /// The customer, through the provider.
    case customer
    /// An agent.
    case agent
    /// Switchboard itself (a notice in the transcript).
    case system
}
