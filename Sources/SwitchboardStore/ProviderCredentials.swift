import SwitchboardDomain

/// A provider with its secrets, for the provider code only (webhook signature checks, outbound sending);
/// never returned to the REST layer.
public struct ProviderCredentials: Sendable, Equatable {
    /// The provider's id.
    public var id: ProviderID
    /// Its name.
    public var name: String
    /// The API base URL.
    public var baseURL: String
    /// The WhatsApp number(s).
    public var numbers: [String]
    /// The kind-specific fields with every secret present.
    public var settings: ProviderSettings
}
