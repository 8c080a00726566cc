import Foundation

/// Interop fixtures from Python's zlib (CPython links the system zlib), run through `python3 -c`.
enum PythonZlib {
    /// Compresses each message (none empty) as a permessage-deflate sender would (RFC 7692 §7.2.1): raw deflate, Z_SYNC_FLUSH, the
    /// 00 00 ff ff tail removed; one compressor for the sequence with context takeover, a fresh one per message without.
    static func compress(_ messages: [[UInt8]], windowBits: Int, contextTakeover: Bool) throws -> [[UInt8]] {
        let script = """
            import sys, zlib
            bits, takeover = int(sys.argv[1]), sys.argv[2] == '1'
            c = None
            for h in sys.stdin.read().split():
                if c is None or not takeover:
                    c = zlib.compressobj(6, zlib.DEFLATED, -bits)
                out = c.compress(bytes.fromhex(h)) + c.flush(zlib.Z_SYNC_FLUSH)
                assert out[-4:] == b'\\x00\\x00\\xff\\xff'
                print(out[:-4].hex())
            """
        return try run(script, ["\(windowBits)", contextTakeover ? "1" : "0"], input: messages)
    }

    /// Inflates each payload as a permessage-deflate receiver would (RFC 7692 §7.2.2).
    static func decompress(_ payloads: [[UInt8]], windowBits: Int, contextTakeover: Bool) throws -> [[UInt8]] {
        let script = """
            import sys, zlib
            bits, takeover = int(sys.argv[1]), sys.argv[2] == '1'
            d = None
            for h in sys.stdin.read().split():
                if d is None or not takeover:
                    d = zlib.decompressobj(-bits)
                print(d.decompress(bytes.fromhex(h) + b'\\x00\\x00\\xff\\xff').hex())
            """
        return try run(script, ["\(windowBits)", contextTakeover ? "1" : "0"], input: payloads)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the script with `arguments`, feeding `input` as hex lines on stdin (large messages exceed the argv limit).
    private static func run(_ script: String, _ arguments: [String], input: [[UInt8]]) throws -> [[UInt8]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Python reads all of stdin before it prints, so writing everything first cannot deadlock.
        stdin.fileHandleForWriting.write(Data(input.map(hex).joined(separator: "\n").utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 failed: " + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map { bytes(fromHex: String($0)) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    static func bytes(fromHex hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }
}
