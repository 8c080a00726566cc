/// What `HTTPRequestParser.parse(_:)` recognised in its input.
public enum HTTPParserEvent {
    /// A complete request head; body events (if any) and `.end` follow.
    case head(HTTPRequestHead)
    /// A piece of the decoded body: a slice of the parser's input, valid only until the caller reuses that buffer.
    case body(UnsafeRawBufferPointer)
    /// The request is complete; the parser now expects the next (pipelined) request.
    case end
}
