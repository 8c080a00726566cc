import SwitchboardNet

/// A streamed API answer: its head (status and headers; the body is ignored) and the code that writes the body.
public struct APIStreamedResponse: Sendable {
    /// Status and headers.
    public var head: HTTPResponse
    /// Writes the body through the writer (the router finishes it afterwards); stops when a write returns false.
    public var produce: @Sendable (HTTPBodyWriter) async -> Void

    /// A streamed answer.
    public init(head: HTTPResponse, produce: @escaping @Sendable (HTTPBodyWriter) async -> Void) {
        self.head = head
        self.produce = produce
    }
}
