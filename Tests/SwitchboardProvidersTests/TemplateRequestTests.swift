import Foundation
import SwitchboardNet
import Testing
@testable import SwitchboardProviders

/// Template sends as each provider's published API takes them: Meta's `type: "template"` object, Twilio's Content API
/// (`ContentSid` + `ContentVariables`), and a classic template without a content SID as plain `Body`.
@Suite struct TemplateRequestTests {
    static let template = OutboundTemplate(name: "order_ready", language: "es_AR", contentSID: "HX" + String(repeating: "0f", count: 16),
                                           parameters: ["Ana \"la\" jefa", "A-17\\b"])
    static let text = OutboundText(idempotencyKey: "sb-9-ff", from: "+59899000001", to: "+54 9 11 5555-0000",
                                   body: "Hola Ana \"la\" jefa, tu pedido A-17\\b está listo.", template: template)

    @Test func cloudSendsTheTemplateObjectWithOneBodyComponent() throws {
        let request = OutboundRequestBuilder.request(Self.text, account: .cloud(phoneNumberID: "1065", accessToken: "tok"))
        #expect(request.path == "/1065/messages")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(json["messaging_product"] as? String == "whatsapp")
        #expect(json["to"] as? String == "5491155550000")
        #expect(json["type"] as? String == "template")
        #expect(json["text"] == nil)
        let template = try #require(json["template"] as? [String: Any])
        #expect(template["name"] as? String == "order_ready")
        #expect((template["language"] as? [String: Any])?["code"] as? String == "es_AR")
        let components = try #require(template["components"] as? [[String: Any]])
        #expect(components.count == 1)
        #expect(components[0]["type"] as? String == "body")
        let parameters = components[0]["parameters"] as? [[String: String]]
        #expect(parameters == [["type": "text", "text": "Ana \"la\" jefa"], ["type": "text", "text": "A-17\\b"]])
    }

    @Test func cloudLeavesOutComponentsForATemplateWithoutParameters() throws {
        var text = Self.text
        text.template?.parameters = []
        let request = OutboundRequestBuilder.request(text, account: .cloud(phoneNumberID: "1065", accessToken: "tok"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect((json["template"] as? [String: Any])?["components"] == nil)
    }

    @Test func classicSendsContentSidAndContentVariablesAsJSON() throws {
        let request = OutboundRequestBuilder.request(Self.text, account: .classic(accountSID: "AC1", authToken: "t", statusCallback: nil))
        let form = Dictionary(uniqueKeysWithValues: String(decoding: request.body, as: UTF8.self).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        })
        #expect(form["ContentSid"] == Self.template.contentSID)
        #expect(form["Body"] == nil)
        #expect(form["To"] == "whatsapp:+5491155550000")
        let variables = try #require(try JSONSerialization.jsonObject(with: Data((form["ContentVariables"] ?? "").utf8)) as? [String: String])
        #expect(variables == ["1": "Ana \"la\" jefa", "2": "A-17\\b"])
    }

    @Test func classicWithoutAContentSidSendsTheFilledInBody() throws {
        var text = Self.text
        text.template?.contentSID = nil
        let request = OutboundRequestBuilder.request(text, account: .classic(accountSID: "AC1", authToken: "t", statusCallback: nil))
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.contains("Body=Hola+Ana+%22la%22+jefa"))
        #expect(!body.contains("ContentSid"))
    }
}
