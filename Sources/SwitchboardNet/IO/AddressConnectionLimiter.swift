import SwitchboardSync

/// Open connections per client address, shared by the loops: one lock per accept and per close (never per message),
/// refusing an address that already has `limit` open. Sized for an office behind one NAT (DECISIONS.md: thousands).
final class AddressConnectionLimiter: Sendable {
    private let open = Locked<[PeerAddress: Int]>([:])
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Counts a new connection from `peer`; false (nothing counted) when the address is at its limit.
    func admit(_ peer: PeerAddress) -> Bool {
        open.withLock { open in
            let count = open[peer, default: 0]
            guard count < limit else { return false }
            open[peer] = count + 1
            return true
        }
    }

    /// A connection from `peer` closed.
    func release(_ peer: PeerAddress) {
        open.withLock { open in
            let count = (open[peer] ?? 1) - 1
            open[peer] = count > 0 ? count : nil
        }
    }
}
