import SwitchboardStore

/// The body of `POST /api/campaigns/:id/templates` and `PUT /api/campaigns/:id/templates/:templateId`.
struct TemplateBody: Decodable {
    let name: String?
    let language: String?
    let body: String?
    let contentSid: String?

    /// The checked fields, or a 422 naming every bad one.
    func fields() throws(APIError) -> TemplateFields {
        var check = APIValidator()
        let name = check.text(name, "name", maxLength: 512)
        if let name, !name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) {
            check.fail("name", "must be the provider's template name: lowercase letters, digits and _")
        }
        let language = check.text(language, "language", maxLength: 16)
        if let language, !Self.isLanguageCode(language) { check.fail("language", "must be a language code such as en, en_US or pt_BR") }
        let text = body.flatMap { check.check($0, "body", maxLength: 1024, allowNewlines: true) }
        if body == nil { check.fail("body", "is required") }
        if let text {
            let fields = TemplateFields(name: "", language: "", body: text)
            if !fields.parametersAreContiguous { check.fail("body", "parameters must be numbered {{1}}, {{2}}… without gaps") }
            if fields.parameterCount > 20 { check.fail("body", "may use at most 20 parameters") }
        }
        var sid: String?
        if let contentSid, !contentSid.isEmpty {
            sid = check.check(contentSid, "contentSid", maxLength: 64)
            if let value = sid, !(value.hasPrefix("HX") && value.count == 34 && value.dropFirst(2).allSatisfy(\.isHexDigit)) {
                check.fail("contentSid", "must be a Twilio Content SID: HX and 32 hexadecimal digits")
            }
        }
        try check.finish()
        return TemplateFields(name: name ?? "", language: language ?? "", body: text ?? "", contentSID: sid)
    }

    /// `en`, `en_US`, `pt_BR`, `zh_Hant_TW`…: WhatsApp's language and locale codes.
    static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "_", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { part in (2...4).contains(part.count) && part.allSatisfy { $0.isASCII && $0.isLetter } }
    }
}
