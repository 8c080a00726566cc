/// One message of the hub for a topic: the server encodes it once (JSON) and hands it to the network core.
public struct Publication: Sendable {
    /// Where it goes.
    public let topic: Topic
    /// Per-topic sequence number: deltas count 1, 2, 3…; a snapshot carries the seq of the last delta it includes.
    public let seq: UInt64
    /// Snapshot or delta.
    public let kind: PublicationKind
    /// What the network core does with it under backpressure.
    public let policy: DeliveryPolicy
    /// The typed content.
    public let payload: LivePayload

    /// Creates a publication (the hub stamps `seq`).
    public init(topic: Topic, seq: UInt64, kind: PublicationKind, policy: DeliveryPolicy, payload: LivePayload) {
        self.topic = topic
        self.seq = seq
        self.kind = kind
        self.policy = policy
        self.payload = payload
    }
}

/// Receives every broadcast publication, in seq order per topic (the server implements it: encode once, hand to Net).
public protocol PublicationSink: Sendable {
    /// Called inside the hub's per-topic lock: must be quick (encode and enqueue, never block).
    /// - Parameter publication: a delta to broadcast to the topic's subscribers.
    func publish(_ publication: Publication)
}

/// A sink that drops everything (tests and benchmarks that only inspect the hub's rings).
public struct DiscardingPublicationSink: PublicationSink {
    /// Creates the sink.
    public init() {}
    /// Drops the publication.
    public func publish(_ publication: Publication) {}
}
