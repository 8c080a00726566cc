/// What a connection's bounded outbound queue does when a publication would overflow it.
public enum DeliveryPolicy: Sendable, Equatable {
    /// The topic carries the latest state: while the queue is over its bound only the newest frame of
    /// the topic is kept, and it is written once the queue drains (the client sees a newer state later).
    case latestState
    /// Every frame matters and order matters: a client that cannot keep up is closed with 1013
    /// (try again later) and resumes from its last sequence number.
    case lossless
}
