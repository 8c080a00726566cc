import SwitchboardNet

// MARK: - Loopback

extension PeerAddress {
    /// Whether the connection came from this machine (127.0.0.0/8 or ::1): `/metrics` answers local scrapers.
    var isLoopback: Bool {
        guard high == 0 else { return false }
        let low = withUnsafeBytes(of: self.low) { Array($0) }   // bytes 8…15 of the address, in network order
        if low[0..<4].allSatisfy({ $0 == 0 }) && low[4..<7].allSatisfy({ $0 == 0 }) && low[7] == 1 { return true }   // ::1
        return low[0] == 0 && low[1] == 0 && low[2] == 0xFF && low[3] == 0xFF && low[4] == 127   // ::ffff:127.x.y.z
    }
}
