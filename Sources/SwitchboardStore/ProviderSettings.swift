/// The kind-specific fields of a provider, as written by an administrator. Secrets are write-only: on an
/// update, a nil secret keeps the stored one; on create every secret is required.
public enum ProviderSettings: Sendable, Equatable {
    /// WhatsApp Cloud API style.
    case cloud(phoneNumberID: String, accessToken: String?, appSecret: String?, verifyToken: String?)
    /// Twilio style.
    case classic(accountSID: String, authToken: String?)

    /// The API kind of these settings.
    public var kind: ProviderKind {
        switch self {
        case .cloud: return .cloud
        case .classic: return .classic
        }
    }
}
