import Synchronization

/// One loop's running counts for `/metrics`: written only by the loop's own thread (a relaxed atomic add on a line no
/// other loop writes, so no lock and no contention per message), read and summed by the scraper.
public final class LoopCounters: Sendable {
    /// Connections open now.
    let connections = Atomic<Int>(0)
    /// WebSockets open now.
    let webSockets = Atomic<Int>(0)
    /// Connections refused at accept: their address had `maxConnectionsPerAddress` open.
    let refusedPerAddress = Atomic<Int>(0)
    /// WebSockets closed with 1013 because they read too slowly for a lossless topic.
    let slowConsumersDropped = Atomic<Int>(0)
    /// Frames handed to this loop's subscribers (one per subscriber per broadcast).
    let deliveries = Atomic<Int>(0)

    init() {}

    @inline(__always) static func add(_ counter: borrowing Atomic<Int>, _ value: Int) {
        counter.wrappingAdd(value, ordering: .relaxed)
    }
}

/// The network core's counts, summed over the loops at the moment of a scrape.
public struct NetworkCounters: Sendable, Equatable {
    public var connections = 0
    public var webSockets = 0
    public var refusedPerAddress = 0
    public var slowConsumersDropped = 0
    public var deliveries = 0

    public init() {}
}
