/// Every client → server command the live socket accepts (Public/protocol.md). The handler switches over this enum,
/// and `AccessPolicy.commands` holds one rule per case: a new command is a new case here, a rule there, and its
/// branch in `LiveSocketHandler.run` (the authorisation matrix test fails while the rule is missing).
enum LiveCommandName: String, CaseIterable, Sendable {
    case subscribe, unsubscribe
    // An agent's own work.
    case login, logout, status, take, decline, send, retrySend, close, history, typing
    /// An outgoing conversation: an agent's own, or one a supervisor starts for an agent in scope.
    case startOutgoing
    case screenUpdate = "screen.update"
    /// Agents chat with their supervisors; supervisors with an agent in scope.
    case chat
    // Supervisor actions on agents and interactions.
    case spy, unspy, pause, resume, disconnect, info
    case screenStart = "screen.start"
    case screenStop = "screen.stop"
}
