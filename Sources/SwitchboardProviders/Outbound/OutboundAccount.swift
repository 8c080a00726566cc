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
    /// The text (for a template: its body filled in, sent as `Body` by a classic provider without a content SID).
    public var body: String
    /// The approved template to send instead of free text, if any.
    public var template: OutboundTemplate?

    /// A message to send.
    public init(idempotencyKey: String, from: String, to: String, body: String, template: OutboundTemplate? = nil) {
        self.idempotencyKey = idempotencyKey
        self.from = from
        self.to = to
        self.body = body
        self.template = template
    }
}

/// A message template as the providers name it: what may open a conversation or go outside the 24-hour window.
public struct OutboundTemplate: Sendable, Equatable {
    /// Cloud: `template.name`.
    public var name: String
    /// Cloud: `template.language.code` (`en_US`).
    public var language: String
    /// Classic: `ContentSid` (`HX…`); without it a classic provider sends the filled-in `Body`.
    public var contentSID: String?
    /// The values of `{{1}}`, `{{2}}`…: cloud body parameters in order, classic `ContentVariables` keys "1", "2"….
    public var parameters: [String]

    /// A template to send.
    public init(name: String, language: String, contentSID: String?, parameters: [String]) {
        self.name = name
        self.language = language
        self.contentSID = contentSID
        self.parameters = parameters
    }
}
