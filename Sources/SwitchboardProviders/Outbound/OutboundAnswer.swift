import Foundation
import SwitchboardNet

/// What one attempt's outcome means for the message: the provider's id, a final refusal, or try again.
public enum OutboundAnswer: Sendable, Equatable {
    /// Accepted; the id its status callbacks will name (cloud wamid, classic sid).
    case accepted(providerMessageID: String)
    /// Refused for good (a 4xx other than 429, or an accepted-looking answer without an id): the provider's reason.
    case refused(reason: String)
    /// Worth another attempt (5xx, 429, a timeout, a lost connection); `afterMilliseconds` is the provider's
    /// `Retry-After` when it gave one.
    case retry(reason: String, afterMilliseconds: Int64?)

    /// Reads a provider's response.
    /// - Parameters:
    ///   - response: the whole response.
    ///   - account: which API answered.
    public init(_ response: HTTPClientResponse, account: OutboundAccount) {
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        let reason = Self.reason(json, account: account) ?? "HTTP \(response.status)"
        switch response.status {
        case 200..<300:
            switch account {
            case .cloud:
                if let id = (json?["messages"] as? [[String: Any]])?.first?["id"] as? String, !id.isEmpty {
                    self = .accepted(providerMessageID: id)
                } else {
                    self = .refused(reason: "the answer names no message id")
                }
            case .classic:
                let status = json?["status"] as? String
                if status == "failed" || status == "undelivered" {
                    self = .refused(reason: reason)
                } else if let sid = json?["sid"] as? String, !sid.isEmpty {
                    self = .accepted(providerMessageID: sid)
                } else {
                    self = .refused(reason: "the answer names no message sid")
                }
            }
        case 429, 500..<600:
            self = .retry(reason: reason, afterMilliseconds: Self.retryAfter(response.header("Retry-After")))
        default:
            self = .refused(reason: reason)
        }
    }

    /// A transport failure: always worth another attempt (the request may not have arrived; the key makes a repeat
    /// harmless).
    public init(_ error: HTTPClientError) {
        self = .retry(reason: error.description, afterMilliseconds: nil)
    }

    /// The provider's own words: cloud `error.code` + `error.message`, classic `code` + `message`.
    private static func reason(_ json: [String: Any]?, account: OutboundAccount) -> String? {
        guard let json else { return nil }
        let source: [String: Any]
        switch account {
        case .cloud: source = json["error"] as? [String: Any] ?? [:]
        case .classic: source = json
        }
        let message = (source["message"] as? String) ?? (source["error_message"] as? String)
        let code = (source["code"] as? Int).map(String.init) ?? (source["error_code"] as? Int).map(String.init)
        switch (code, message) {
        case (let code?, let message?): return "\(code): \(message)"
        case (nil, let message?): return message
        case (let code?, nil): return "error \(code)"
        default: return nil
        }
    }

    /// `Retry-After` in milliseconds: delay-seconds, or an HTTP date (RFC 9110 §10.2.3); nil when absent or unreadable.
    static func retryAfter(_ value: String?) -> Int64? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int64(value), seconds >= 0 { return seconds * 1_000 }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, Int64(date.timeIntervalSinceNow * 1_000))
    }
}
