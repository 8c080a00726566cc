/// Which of the two HeyNow APIs a provider account speaks.
public enum ProviderKind: String, Sendable, Equatable, CaseIterable {
    /// JSON webhooks shaped like the WhatsApp Cloud API.
    case cloud
    /// Form-encoded webhooks shaped like Twilio's WhatsApp API.
    case classic
}
