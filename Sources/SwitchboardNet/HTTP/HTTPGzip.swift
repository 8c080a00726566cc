import CZlib

/// Whole-buffer gzip (RFC 1952) for HTTP `Content-Encoding: gzip` (RFC 9110 §8.4.1.3), via zlib.
enum HTTPGzip {
    /// Compresses `input` into a gzip member.
    /// - Parameters:
    ///   - input: the bytes to compress.
    ///   - level: the zlib level (1 fastest … 9 smallest); static files are compressed once, so the default is 9.
    /// - Returns: the gzip bytes, or nil if zlib fails.
    static func compress(_ input: [UInt8], level: Int32 = 9) -> [UInt8]? {
        // zlib checks that the z_stream keeps its address between calls, so it lives on the heap.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        // windowBits 15 + 16 selects the gzip wrapper.
        guard cshim_deflate_init2(stream, level, 31, 8, Z_DEFAULT_STRATEGY) == Z_OK else { return nil }
        defer { deflateEnd(stream) }
        let bound = Int(deflateBound(stream, uLong(input.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        let result: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = destination.baseAddress
                stream.pointee.avail_out = uInt(destination.count)
                return deflate(stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.pointee.total_out)...)
        return output
    }
}
