import SwitchboardNet
import SwitchboardSync

/// Lets a delegate reach the server made after it (set once, before the server starts). Weak: the
/// server owns its delegate, so a strong reference back would keep both alive forever.
public final class ServerReference: Sendable {
    private struct Weak { weak var server: NetworkServer? }

    private let storage = Locked(Weak())

    public init() {}

    /// The server, while it exists.
    public var server: NetworkServer? { storage.withLock { $0.server } }

    /// Points at `server`.
    public func set(_ server: NetworkServer) { storage.withLock { $0.server = server } }
}
