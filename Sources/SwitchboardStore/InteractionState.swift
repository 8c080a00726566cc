/// Where an interaction is in its life: `queued → active → closed`, `queued → abandoned`, with `reserved` while
/// auto-assign holds it for an agent.
public enum InteractionState: String, Sendable, Equatable, CaseIterable {
    /// Waiting in the campaign's queue.
    case queued
    /// Held for one agent by auto-assign, not yet accepted.
    case reserved
    /// Taken by an agent.
    case active
    /// Finished by the agent.
    case closed
    /// Left unanswered (customer gone, or the maximum queue time passed).
    case abandoned

    /// Whether the interaction is still live (queued, reserved or active).
    public var isOpen: Bool { self == .queued || self == .reserved || self == .active }
}
