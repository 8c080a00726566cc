/// What the network core does with a publication when a connection's outbound queue is full.
public enum DeliveryPolicy: Sendable, Equatable {
    /// Latest-state: the publication may be dropped for a slow connection; the topic is marked stale and the client
    /// gets a fresh snapshot once its queue drains (it only ever needs the newest state).
    case latestState
    /// Lossless and ordered: a connection that cannot take it is closed with 1013 (Try Again Later) and the client
    /// resumes from its last `seq` (replay from the ring buffer or a new snapshot).
    case lossless
}

/// Whether a publication is a whole state or a change to the previous one.
public enum PublicationKind: Sendable, Equatable {
    /// The whole state of the topic as of `seq`; sent to one subscriber, never broadcast.
    case snapshot
    /// A change; the client applies deltas with `seq` greater than its last.
    case delta
}
