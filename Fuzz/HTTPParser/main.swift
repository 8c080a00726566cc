// libFuzzer entry for HTTPRequestParser: the input (after two control bytes) is parsed whole and split at
// positions derived from the input; both runs must agree, and every event must keep the parser's invariants.

/// What one run of the parser over the pieces produced.
struct FuzzOutcome: Equatable {
    var events: [String] = []
    var bodies: [[UInt8]] = []
    var failed = false
    var leftover = 0
}

/// Feeds `pieces` to a parser the way a connection does: unconsumed bytes are kept and more appended.
func run(_ pieces: [[UInt8]], limits: HTTPLimits) -> FuzzOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var pending: [UInt8] = []
    var outcome = FuzzOutcome()
    var currentBody: [UInt8] = []
    var declaredLength: Int?
    for piece in pieces {
        pending += piece
        var eventsWithoutProgress = 0
        while true {
            var step: (consumed: Int, event: HTTPParserEvent?) = (0, nil)
            var failure: HTTPParseError?
            var copied: [UInt8] = []
            pending.withUnsafeBytes { raw in
                do throws(HTTPParseError) {
                    step = try parser.parse(raw)
                    precondition(step.consumed >= 0 && step.consumed <= raw.count, "consumed out of range")
                    if case .body(let slice) = step.event {
                        precondition(!slice.isEmpty, "empty body event")
                        let start = raw.baseAddress!.distance(to: slice.baseAddress!)
                        precondition(start >= 0 && start + slice.count <= step.consumed, "body slice outside consumed input")
                        copied = Array(slice)
                    }
                } catch {
                    failure = error
                }
            }
            if failure != nil {
                outcome.failed = true
                outcome.leftover = pending.count
                return outcome
            }
            pending.removeFirst(step.consumed)
            guard let event = step.event else {
                precondition(step.consumed == 0, "bytes consumed without an event")
                break
            }
            eventsWithoutProgress = step.consumed == 0 ? eventsWithoutProgress + 1 : 0
            precondition(eventsWithoutProgress <= 1, "the parser loops without consuming")
            switch event {
            case .head(let head):
                precondition(!(head.isChunked && head.contentLength != nil), "both framings")
                precondition((head.contentLength ?? 0) <= limits.maxBodyBytes, "declared body over the limit")
                precondition(head.target.utf8.count <= limits.maxRequestLineBytes, "target over the line limit")
                precondition(head.headers.count <= limits.maxHeaderCount, "too many headers")
                precondition(head.version == .http11 || head.version == .http10, "bad version")
                declaredLength = head.contentLength
                outcome.events.append("head \(head.method) \(head.target) \(head.keepAlive) \(head.headers.count)")
            case .body:
                currentBody += copied
                precondition(currentBody.count <= limits.maxBodyBytes, "body over the limit")
            case .end:
                if let declaredLength { precondition(currentBody.count == declaredLength, "body length differs from Content-Length") }
                outcome.events.append("end")
                outcome.bodies.append(currentBody)
                currentBody = []
                declaredLength = nil
            }
        }
    }
    outcome.leftover = pending.count
    outcome.bodies.append(currentBody)
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 2 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let wire = Array(input[2...])
    let limits =
        input[0] & 1 == 0
        ? HTTPLimits(maxRequestLineBytes: 64, maxHeadBytes: 256, maxHeaderCount: 6, maxBodyBytes: 300, maxChunkLineBytes: 24)
        : HTTPLimits.default
    // Split points come from the input itself: a step seeded by the control byte, then by the bytes cut.
    var pieces: [[UInt8]] = []
    var index = 0
    var step = Int(input[1] % 23) + 1
    while index < wire.count {
        let end = min(index + step, wire.count)
        pieces.append(Array(wire[index..<end]))
        index = end
        step = Int((wire[end - 1] ^ input[1]) % 29) + 1
    }
    let whole = run([wire], limits: limits)
    let split = run(pieces, limits: limits)
    if whole.failed != split.failed || (!whole.failed && whole != split) {
        fatalError("whole and split runs differ:\n\(whole)\n\(split)")
    }
    return 0
}
