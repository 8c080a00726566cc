/// How a simulated agent works, in seconds: how long it looks before taking, how long it types an answer, how
/// many answers before it closes, how often and how long it pauses.
public struct AgentBehaviour: Sendable, Equatable {
    public var thinkSeconds: ClosedRange<Double> = 1.5...4
    public var replySeconds: ClosedRange<Double> = 2...6
    public var repliesBeforeClose: ClosedRange<Int> = 1...3
    /// Closes a conversation whose customer went quiet after the last answer.
    public var quietCloseSeconds: Double = 20
    /// Most interactions it holds at once (the campaign's maximum may be lower: the server says `at_maximum`).
    public var maxHeld = 2
    public var pauseChance = 0.15
    public var pauseSeconds: ClosedRange<Double> = 8...20

    public init() {}

    /// The same agent working `factor` times faster (tests and brisk demos).
    public func faster(_ factor: Double) -> AgentBehaviour {
        guard factor > 0, factor != 1 else { return self }
        var copy = self
        let scale = { (r: ClosedRange<Double>) in (r.lowerBound / factor)...(r.upperBound / factor) }
        copy.thinkSeconds = scale(thinkSeconds)
        copy.replySeconds = scale(replySeconds)
        copy.pauseSeconds = scale(pauseSeconds)
        copy.quietCloseSeconds = quietCloseSeconds / factor
        return copy
    }

    static let answers = [
        "Hi! Thanks for writing, let me check that for you.", "Sure, one moment please.",
        "I've looked it up: it ships tomorrow morning.", "Could you send me the order number?",
        "Done, you should see the change now.", "I'm sorry about that, I've opened a ticket.",
    ]
    /// The dispositions an agent closes with (tests check the stored one is among them).
    public static var dispositionsForTests: [String] { dispositions }
    static let dispositions = ["Resolved", "Information given", "Escalated", "Sale", "No answer"]
    static let pauses = ["Break", "Coffee", "Training"]
}
