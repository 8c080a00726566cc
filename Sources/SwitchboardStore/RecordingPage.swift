/// One page of a recording search.
public struct RecordingPage: Sendable, Equatable {
    /// The rows of the page.
    public var rows: [RecordingRow]
    /// Whether another page follows.
    public var hasMore: Bool
}
