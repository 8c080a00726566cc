import Foundation
import SwitchboardNet
import SwitchboardSync

/// The providers' send APIs on the network core: `POST …/{phoneNumberId}/messages` answered like Meta's Cloud API
/// (`{"messages":[{"id":"wamid…"}]}`) and `POST …/2010-04-01/Accounts/{sid}/Messages.json` answered like Twilio
/// (201, JSON with `sid` and `status`). Any base path before those is accepted, so a provider's baseUrl may carry
/// one. Each accepted send is handed to `onSend` (which plans its status callbacks) after the answer is queued.
public final class ProviderEndpoint: NetworkServerDelegate {
    private let providers: [SimulatedProvider]
    private let onSend: @Sendable (OutboundSend) -> Void
    private let counter = Locked(0)

    public init(providers: [SimulatedProvider], onSend: @escaping @Sendable (OutboundSend) -> Void) {
        self.providers = providers
        self.onSend = onSend
    }

    public func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let answer = answer(request)
        responder.respond(answer.response)
        if let send = answer.send { onSend(send) }
    }

    /// The response to `request` and the send it accepted, if any (tests call this directly).
    public func answer(_ request: HTTPRequest) -> (response: HTTPResponse, send: OutboundSend?) {
        let path = request.head.path
        if path == "/healthz" { return (.text("ok\n"), nil) }
        let parts = path.split(separator: "/").map(String.init)
        if request.head.method == .get, let media = SimulatedMedia.answer(request) { return (media, nil) }
        guard request.head.method == .post else { return (error(405, "only POST and media GETs are simulated"), nil) }
        guard request.head.headers.first("Authorization") != nil else { return (error(401, "missing Authorization"), nil) }
        if parts.count >= 2, parts[parts.count - 1] == "messages" {
            return cloud(phoneNumberID: parts[parts.count - 2], body: request.body)
        }
        if parts.count >= 4, parts[parts.count - 1] == "Messages.json", parts[parts.count - 3] == "Accounts",
           parts[parts.count - 4] == "2010-04-01" {
            return classic(accountSID: parts[parts.count - 2], body: request.body)
        }
        return (error(404, "no simulated API at \(path)"), nil)
    }

    public func shouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision { .reject(.text(status: .notFound, "no WebSocket here\n")) }
    public func webSocketDidOpen(_ connection: WebSocketConnection) {}
    public func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {}
    public func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode) {}

    private func cloud(phoneNumberID: String, body: [UInt8]) -> (response: HTTPResponse, send: OutboundSend?) {
        guard let index = providers.firstIndex(where: { $0.kind == .cloud && $0.account == phoneNumberID }) else {
            return (error(404, "unknown phone number id \(phoneNumberID)"), nil)
        }
        guard let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let to = json["to"] as? String, !to.isEmpty else {
            return (error(400, "body must be JSON with \"to\""), nil)
        }
        let text = ((json["text"] as? [String: Any])?["body"] as? String)
            ?? ((json["template"] as? [String: Any])?["name"] as? String).map { "template \($0)" } ?? ""
        let id = "wamid.OUT" + String(format: "%012d", next())
        let recipient = to.hasPrefix("+") ? to : "+" + to
        let answer = #"{"messaging_product":"whatsapp","contacts":[{"input":"\#(to)","wa_id":"\#(to.filter(\.isNumber))"}],"messages":[{"id":"\#(id)"}]}"#
        return (.json(body: answer), OutboundSend(provider: index, id: id, to: recipient, from: providers[index].numbers[0], text: text))
    }

    private func classic(accountSID: String, body: [UInt8]) -> (response: HTTPResponse, send: OutboundSend?) {
        guard let index = providers.firstIndex(where: { $0.kind == .classic && $0.account == accountSID }) else {
            return (error(404, "unknown account \(accountSID)"), nil)
        }
        let form = FormEncoding.decode(body)
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        guard let to = field("To"), let from = field("From") else { return (error(400, "form must carry To and From"), nil) }
        let sid = "SM" + String(format: "%032x", next())
        let strip = { (s: String) in s.hasPrefix("whatsapp:") ? String(s.dropFirst(9)) : s }
        let text = field("Body") ?? field("ContentSid").map { "content \($0)" } ?? ""
        let json = (try? JSONSerialization.data(withJSONObject: [
            "sid": sid, "status": "queued", "account_sid": accountSID, "to": to, "from": from, "body": text,
            "api_version": "2010-04-01", "direction": "outbound-api",
        ], options: [.sortedKeys])) ?? Data()
        return (HTTPResponse.json(status: .created, body: Array(json)), OutboundSend(provider: index, id: sid, to: strip(to), from: strip(from), text: text))
    }

    private func next() -> Int { counter.withLock { $0 += 1; return $0 } }

    private func error(_ code: Int, _ message: String) -> HTTPResponse {
        let phrases = [400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed"]
        let status = HTTPStatus(code: code, reasonPhrase: phrases[code] ?? "Error")
        let body = (try? JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]])) ?? Data()
        return .json(status: status, body: Array(body))
    }
}
