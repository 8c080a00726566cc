import SwitchboardDomain

/// A provider as the REST layer may show it: no secret, only whether each one is set.
public struct ProviderRecord: Sendable, Equatable {
    /// The provider's id.
    public var id: ProviderID
    /// Its name.
    public var name: String
    /// Its API kind.
    public var kind: ProviderKind
    /// The API base URL.
    public var baseURL: String
    /// The WhatsApp number(s).
    public var numbers: [String]
    /// `cloud`: the phone-number id (not a secret).
    public var phoneNumberID: String?
    /// `classic`: the account SID (not a secret).
    public var accountSID: String?
    /// Names of the secrets that are set (e.g. ["accessToken", "appSecret", "verifyToken"]), never their values.
    public var secretsSet: [String]
    /// When it was created.
    public var createdAt: Timestamp
    /// `cloud`: the verify token, shown to administrators to paste into the provider's console with the webhook URL
    /// (DECISIONS.md); the other secrets are never read back.
    public var verifyToken: String? = nil
}
