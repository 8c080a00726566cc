/// A delivery status the provider reports for an outbound message.
public enum DeliveryStatus: String, Sendable, Equatable {
    case sent, delivered, read, failed
}
