import SwitchboardDomain

/// Why a template send or an outgoing conversation was refused: one wire code each (Public/protocol.md), the same
/// for the live command and the REST route.
enum OutgoingRefusal: Error, Equatable {
    /// The customer's number is not E.164 (`+` and 8 to 15 digits).
    case invalidNumber(String)
    /// The campaign has no template with that id.
    case unknownTemplate(Int64)
    /// The variables do not fit the template (count, empty or control characters).
    case invalidVariables(String)
    /// Free text to a customer who has not written in the last 24 hours: only a template may go.
    case outsideCareWindow
    /// The live side refused (not a member, at maximum, paused, offline, …).
    case domain(DomainError)
    /// The store failed.
    case internalFailure(String)

    /// The wire code.
    var code: String {
        switch self {
        case .invalidNumber: "invalid_number"
        case .unknownTemplate: "unknown_template"
        case .invalidVariables: "invalid_variables"
        case .outsideCareWindow: "outside_care_window"
        case .domain(let error): error.code
        case .internalFailure: "internal"
        }
    }

    /// A sentence for people.
    var message: String {
        switch self {
        case .invalidNumber(let number): "\(number) is not a number in E.164 form (+ and 8 to 15 digits)"
        case .unknownTemplate(let id): "the campaign has no template \(id)"
        case .invalidVariables(let why): why
        case .outsideCareWindow:
            "the customer has not written in the last 24 hours: only a template may be sent (WhatsApp's customer-care window)"
        case .domain(let error): "\(error)"
        case .internalFailure(let why): why
        }
    }
}
