/// One provider account the simulator plays: its id in the target's store, its kind, the number(s) customers write
/// to, and the secret the real provider would sign with.
public struct SimulatedProvider: Sendable, Equatable {
    /// The two provider APIs.
    public enum Kind: String, Sendable { case cloud, classic }

    public var kind: Kind
    /// The provider's id on the target (`/webhooks/{kind}/{id}`).
    public var id: Int64
    /// Receiving numbers (E.164 with `+`), one per campaign.
    public var numbers: [String]
    /// cloud: the app secret; classic: the auth token.
    public var secret: String
    /// cloud: the phone number id the server posts to; classic: the account SID.
    public var account: String

    public init(kind: Kind, id: Int64, numbers: [String], secret: String, account: String) {
        self.kind = kind
        self.id = id
        self.numbers = numbers
        self.secret = secret
        self.account = account
    }

    /// Parses `id=1,number=+598…,secret=S,account=A` (`number` may repeat; `phone-number-id`, `app-secret`,
    /// `account-sid` and `auth-token` are accepted as synonyms).
    /// - Throws: `SimulatorError.badProvider` naming what is missing or wrong.
    public static func parse(_ kind: Kind, _ text: String) throws(SimulatorError) -> SimulatedProvider {
        var id: Int64?, numbers: [String] = [], secret: String?, account: String?
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, !pair[1].isEmpty else { throw .badProvider("\(text): '\(part)' is not key=value") }
            switch pair[0] {
            case "id": id = Int64(pair[1])
            case "number": numbers.append(pair[1].hasPrefix("+") ? pair[1] : "+" + pair[1])
            case "secret", "app-secret", "auth-token": secret = pair[1]
            case "account", "phone-number-id", "account-sid": account = pair[1]
            default: throw .badProvider("\(text): unknown key '\(pair[0])'")
            }
        }
        guard let id, id > 0 else { throw .badProvider("\(text): id=<provider id> is required") }
        guard !numbers.isEmpty else { throw .badProvider("\(text): number=<+E.164> is required") }
        guard let secret else { throw .badProvider("\(text): secret=<app secret or auth token> is required") }
        guard let account else { throw .badProvider("\(text): account=<phone number id or account SID> is required") }
        return SimulatedProvider(kind: kind, id: id, numbers: numbers, secret: secret, account: account)
    }

    /// The webhook path on the target.
    public var webhookPath: String { "/webhooks/\(kind.rawValue)/\(id)" }
}
