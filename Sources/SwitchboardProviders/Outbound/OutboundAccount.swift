/// What a provider account needs to send: the kind's credentials (the base URL is the `HTTPClient`'s).
public enum OutboundAccount: Sendable, Equatable {
    /// WhatsApp Cloud API style: `POST {base}/{phoneNumberId}/messages` with a bearer token.
    case cloud(phoneNumberID: String, accessToken: String)
    /// Twilio style: `POST {base}/2010-04-01/Accounts/{sid}/Messages.json` with basic auth; status callbacks to
    /// `statusCallback` (`<public url>/webhooks/classic/{providerId}`) when known.
    case classic(accountSID: String, authToken: String, statusCallback: String?)
}

/// One message to send: who to, from which number, the text, and the key every attempt carries.
public struct OutboundText: Sendable, Equatable {
    /// Sent as `Idempotency-Key` with every attempt (also after a restart).
    public var idempotencyKey: String
    /// The campaign's WhatsApp number (`+…`).
    public var from: String
    /// The customer's WhatsApp number (`+…`).
    public var to: String
    /// The text.
    public var body: String

    /// A message to send.
    public init(idempotencyKey: String, from: String, to: String, body: String) {
        self.idempotencyKey = idempotencyKey
        self.from = from
        self.to = to
        self.body = body
    }
}
