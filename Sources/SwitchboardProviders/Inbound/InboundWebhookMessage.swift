import SwitchboardDomain

/// A customer's message as one of the two webhook kinds delivered it, read and checked, before it is recorded.
public struct InboundWebhookMessage: Sendable, Equatable {
    /// The provider's message id (wamid, or MessageSid): the deduplication key.
    public var providerMessageID: String
    /// The customer's number, `+` and digits.
    public var from: String
    /// The number the customer wrote to (selects the campaign), `+` and digits; may be empty when only
    /// `phoneNumberID` is known.
    public var to: String
    /// The cloud API's phone number id of the receiving number, when given.
    public var phoneNumberID: String?
    /// When the provider says it was sent; nil when it did not say.
    public var at: Timestamp?
    /// The readable text.
    public var text: String
    /// Its structured fields.
    public var content: InboundContent
    /// The chatbot's part before handover (lines with author `bot` or the customer's earlier messages).
    public var history: [HistoryLine]

    /// A line of the conversation before handover.
    public struct HistoryLine: Sendable, Equatable {
        public var fromBot: Bool
        public var text: String
        public var at: Timestamp?

        public init(fromBot: Bool, text: String, at: Timestamp?) {
            self.fromBot = fromBot
            self.text = text
            self.at = at
        }
    }
}

/// A delivery status callback for a message an agent sent.
public struct InboundDeliveryStatus: Sendable, Equatable {
    /// The provider's id of the sent message (wamid, or MessageSid).
    public var providerMessageID: String
    public var state: DeliveryState
    /// Why it failed (the provider's error code and title), for `failed`.
    public var reason: String?
    public var at: Timestamp?
}

/// Why a webhook body cannot be read: answered 400 with this reason.
public struct InboundPayloadError: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A phone number in one form: `+` and its digits (`whatsapp:+1 555-0100` → `+15550100`); nil without digits.
public func normalizedNumber(_ raw: String) -> String? {
    var text = Substring(raw)
    if text.hasPrefix("whatsapp:") { text = text.dropFirst("whatsapp:".count) }
    let digits = text.filter(\.isNumber)
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII) else { return nil }
    return "+" + digits
}
