// MARK: - The center's pause reasons

extension StoreDatabase {
    /// The center's pause reasons, in the administrator's order.
    public func pauseReasons() async throws(StoreError) -> [String] {
        try await read { c throws(StoreError) in
            try c.with("SELECT name FROM pause_reasons ORDER BY position") { s throws(StoreError) in
                var result: [String] = []
                while try s.step() { result.append(s.text(0)) }
                return result
            }
        }
    }

    /// Replaces the center's pause reasons (in this order), in one transaction.
    public func setPauseReasons(_ reasons: [String]) async throws(StoreError) {
        try await write { c throws(StoreError) in
            try c.run("DELETE FROM pause_reasons", [])
            for (position, name) in reasons.enumerated() {
                try c.run("INSERT INTO pause_reasons(position, name) VALUES (?, ?)", [.integer(Int64(position)), .text(name)])
            }
        }
    }
}
