// libFuzzer target for permessage-deflate (RFC 7692): inflates arbitrary bytes under a size cap, round-trips them
// through compress → decompress, and negotiates them as a Sec-WebSocket-Extensions value. Built by Scripts/fuzz.

/// One pool for the whole run, as one event loop would keep it; libFuzzer calls the entry point on one thread.
nonisolated(unsafe) let pool = DeflateStreamPool(maxIdleStreams: 2)

/// The cap on an inflated message: small, so bombs are cut quickly.
let maxInflatedSize = 1 << 16

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInflate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size)
    guard let selector = input.first else { return 0 }
    let payload = UnsafeRawBufferPointer(rebasing: input.dropFirst())
    let takeover = selector & 1 != 0
    let windowBits = 8 + Int(selector >> 1) % 8
    let parameters = PerMessageDeflateParameters(
        serverNoContextTakeover: !takeover,
        clientNoContextTakeover: !takeover,
        serverMaxWindowBits: windowBits,
        clientMaxWindowBits: windowBits
    )

    // 1. Arbitrary bytes as a compressed message: whole, then cut into fragments, twice over one session.
    var server = PerMessageDeflateSession(parameters: parameters)
    let fragmentSize = 1 + Int(selector >> 4) * 7
    for _ in 0..<2 {
        var output: [UInt8] = []
        do throws(DeflateError) {
            try server.decompress(payload, pool: pool, maxSize: maxInflatedSize, into: &output)
        } catch {
            precondition(error != .tooLarge || output.count == maxInflatedSize + 1, "the cap must stop output at once")
        }
        precondition(output.count <= maxInflatedSize + 1, "inflated past the cap")
        output.removeAll(keepingCapacity: true)
        var offset = 0
        do throws(DeflateError) {
            repeat {
                let end = min(payload.count, offset + fragmentSize)
                let fragment = UnsafeRawBufferPointer(rebasing: payload[offset..<end])
                try server.decompress(fragment, isFinalFragment: end == payload.count, pool: pool, maxSize: maxInflatedSize, into: &output)
                offset = end
            } while offset < payload.count
        } catch {}
        precondition(output.count <= maxInflatedSize + 1, "inflated past the cap across fragments")
    }

    // 2. The bytes as a message: compress → decompress gives them back, twice (the second one uses the context).
    var sender = PerMessageDeflateSession(parameters: parameters, role: .client, compressionLevel: 1 + Int(selector % 9))
    var receiver = PerMessageDeflateSession(parameters: parameters)
    for _ in 0..<2 {
        var compressed: [UInt8] = []
        sender.compress(payload, pool: pool, into: &compressed)
        var restored: [UInt8] = []
        let result = compressed.withUnsafeBytes { bytes -> Result<Void, DeflateError> in
            do throws(DeflateError) {
                return .success(try receiver.decompress(bytes, pool: pool, maxSize: payload.count, into: &restored))
            } catch {
                return .failure(error)
            }
        }
        if case .failure(let error) = result { preconditionFailure("round trip failed: \(error)") }
        precondition(restored.elementsEqual(payload), "round trip changed the message")
    }

    // 3. The bytes as offers: negotiation must not trap, and an accepted offer is well-formed.
    let header = String(decoding: payload, as: UTF8.self)
    let configuration = PerMessageDeflateConfiguration(serverContextTakeoverAllowed: takeover, clientContextTakeoverAllowed: takeover)
    if let accepted = PerMessageDeflateNegotiation.negotiate(offers: [header], configuration: configuration) {
        precondition(accepted.responseHeaderValue.hasPrefix("permessage-deflate"), "bad response")
        let reparsed = PerMessageDeflateNegotiation.negotiate(offers: [accepted.responseHeaderValue], configuration: configuration)
        precondition(reparsed != nil, "our response is not an acceptable offer")
    }
    return 0
}
