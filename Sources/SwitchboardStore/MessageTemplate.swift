import SwitchboardDomain

/// A campaign's approved message template (WhatsApp's "message template"): the only kind of message that may start a
/// conversation or continue one outside the 24-hour customer-care window.
public struct MessageTemplate: Sendable, Equatable {
    /// Its id.
    public var id: Int64
    /// The campaign it belongs to.
    public var campaignID: CampaignID
    /// The fields an administrator sets.
    public var fields: TemplateFields
    /// When it was created.
    public var createdAt: Timestamp

    /// A stored template.
    public init(id: Int64, campaignID: CampaignID, fields: TemplateFields, createdAt: Timestamp) {
        self.id = id
        self.campaignID = campaignID
        self.fields = fields
        self.createdAt = createdAt
    }
}

/// What an administrator sets on a template.
public struct TemplateFields: Sendable, Equatable {
    /// The name the provider approved it under (cloud: `template.name`).
    public var name: String
    /// Its language code (`en_US`, `es`).
    public var language: String
    /// The text with numbered parameters `{{1}}`, `{{2}}`…: what the transcript shows once filled in.
    public var body: String
    /// A classic provider's Content SID (`HX…`): sent as `ContentSid` with `ContentVariables`; without it, `Body`.
    public var contentSID: String?

    /// Template fields.
    public init(name: String, language: String, body: String, contentSID: String? = nil) {
        self.name = name
        self.language = language
        self.body = body
        self.contentSID = contentSID
    }

    /// The highest parameter number the body uses (`{{3}}` → 3); 0 without parameters.
    public var parameterCount: Int { Self.parameterNumbers(in: body).max() ?? 0 }

    /// The body with `{{n}}` replaced by the n-th value (1-based).
    public func filled(with values: [String]) -> String {
        var out = ""
        var rest = Substring(body)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if let close = after.firstRange(of: "}}"), let n = Int(after[..<close.lowerBound]), n >= 1 {
                out += n <= values.count ? values[n - 1] : "{{\(n)}}"
                rest = after[close.upperBound...]
            } else {
                out += "{{"
                rest = after
            }
        }
        return out + rest
    }

    /// Every `{{n}}` number in `text`, in order.
    static func parameterNumbers(in text: String) -> [Int] {
        var numbers: [Int] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.firstRange(of: "}}") else { break }
            if let n = Int(after[..<close.lowerBound]) { numbers.append(n) }
            rest = after[close.upperBound...]
        }
        return numbers
    }

    /// Whether the parameters are numbered 1…n without gaps (what both providers require).
    public var parametersAreContiguous: Bool {
        let numbers = Set(Self.parameterNumbers(in: body))
        return numbers == Set(numbers.isEmpty ? [] : Array(1...(numbers.max() ?? 0))) && !numbers.contains(0)
    }
}

/// A template chosen for one message: the fields sent to the provider and the values of its parameters.
public struct TemplateSend: Sendable, Equatable {
    /// The template's name, language and content SID as they were when the message was queued.
    public var name: String
    public var language: String
    public var contentSID: String?
    /// The parameters' values, `{{1}}` first.
    public var parameters: [String]

    /// A template send.
    public init(name: String, language: String, contentSID: String?, parameters: [String]) {
        self.name = name
        self.language = language
        self.contentSID = contentSID
        self.parameters = parameters
    }
}
