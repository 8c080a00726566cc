/// Names one connection from any thread: its loop, its slot in that loop's table, and the slot's
/// generation (a reused slot gets a new generation, so a stale id never reaches a newer connection).
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    /// The loop that owns the connection.
    public let loop: UInt16
    /// The slot in the loop's connection table.
    let slot: UInt32
    /// The slot's generation when this id was made.
    let generation: UInt32

    init(loop: UInt16, slot: UInt32, generation: UInt32) {
        self.loop = loop
        self.slot = slot
        self.generation = generation
    }

    public var description: String { "c\(loop).\(slot).\(generation)" }
}
