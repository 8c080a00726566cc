import Glibc
import SwitchboardSync

/// Serves files under a root folder for GET and HEAD, safely and cache-friendly.
///
/// The decoded path is normalised and must stay under the root; the resolved file (symlinks followed) must also
/// lie under the resolved root. Hidden names (a segment starting with `.`) are not served. Responses carry a strong
/// ETag (size + mtime in ns), `Cache-Control: no-cache` so browsers always revalidate, and gzip for text types
/// (a fresh precompressed `name.gz` sibling, else compressed once and cached). File contents are cached by
/// path + mtime + size, so a hot file is read once.
public final class StaticFileServer: Sendable {
    /// The resolved root folder (realpath), without a trailing slash.
    public let root: String
    /// Files larger than this are served but not kept in the cache.
    public let maxCachedFileBytes: Int
    /// When the cache would grow beyond this many bytes it is emptied first.
    public let maxCacheBytes: Int

    /// A cached file; valid while the file's size and mtime are unchanged.
    private struct CachedFile: Sendable {
        var size: Int
        var modified: Int
        var bytes: [UInt8]
        /// The gzip form once computed; `.some(nil)` when gzip did not pay off.
        var gzip: [UInt8]??
    }

    private struct Cache: Sendable {
        var files: [String: CachedFile] = [:]
        var bytes = 0
    }

    private let cache = Locked(Cache())

    /// A server for the files under `root`.
    /// - Parameters:
    ///   - root: the folder to serve, e.g. `Public`.
    ///   - maxCachedFileBytes: the largest file kept in memory.
    ///   - maxCacheBytes: the cache's total budget.
    /// - Throws: `IOError` (from realpath) when the root does not exist.
    public init(root: String, maxCachedFileBytes: Int = 4 << 20, maxCacheBytes: Int = 64 << 20) throws(IOError) {
        guard let resolved = Self.realPath(root) else { throw IOError(call: "realpath", errno: Glibc.errno) }
        self.root = resolved == "/" ? "" : resolved
        self.maxCachedFileBytes = maxCachedFileBytes
        self.maxCacheBytes = maxCacheBytes
    }

    /// Answers a GET or HEAD for a file: 200, 304, 301 (directory without slash), 404, or 405 for other methods.
    /// - Parameter head: the request head (its percent-decoded `path` selects the file).
    /// - Returns: the response; for HEAD the body is empty and Content-Length gives the GET body's length.
    public func respond(to head: HTTPRequestHead) -> HTTPResponse {
        guard head.method == .get || head.method == .head else { return .methodNotAllowed(allowed: [.get, .head]) }
        guard let segments = Self.normalisedSegments(head.path) else { return .status(.notFound) }
        let relative = segments.joined(separator: "/")
        guard let resolved = resolveUnderRoot(root + "/" + relative) else { return .status(.notFound) }
        var info = stat()
        guard stat(resolved, &info) == 0 else { return .status(.notFound) }
        var filePath = resolved
        var fileName = segments.last.map(String.init) ?? ""
        if info.st_mode & S_IFMT == S_IFDIR {
            guard head.path.hasSuffix("/") else {
                // Built from the normalised segments, so `//host` paths cannot become an off-site redirect.
                var location = "/" + segments.map(Self.percentEncodedSegment).joined(separator: "/") + "/"
                if !head.query.isEmpty { location += "?" + head.query }
                var response = HTTPResponse.status(.movedPermanently)
                response.headers.add("Location", location)
                return response
            }
            guard let index = resolveUnderRoot(resolved + "/index.html") else { return .status(.notFound) }
            filePath = index
            fileName = "index.html"
        }
        guard let file = load(filePath) else { return .status(.notFound) }
        let kind = Self.contentKind(forFileName: fileName)
        let etag = "\"" + String(file.size, radix: 16) + "-" + String(file.modified, radix: 16) + "\""
        var headers = HTTPHeaders(capacity: 8)
        headers.add("ETag", etag)
        headers.add("Cache-Control", "no-cache")
        headers.add("X-Content-Type-Options", "nosniff")
        if kind.compressible { headers.add("Vary", "Accept-Encoding") }
        if let condition = head.headers.first("If-None-Match"), Self.etagMatches(condition, etag) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        headers.add("Content-Type", kind.type)
        var body = file.bytes
        if kind.compressible, Self.acceptsGzip(head.headers), let gzip = gzipped(filePath, file) {
            headers.add("Content-Encoding", "gzip")
            body = gzip
        }
        if head.method == .head {
            headers.add("Content-Length", String(body.count))
            return HTTPResponse(status: .ok, headers: headers)
        }
        return HTTPResponse(status: .ok, headers: headers, body: body)
    }

    // MARK: - Paths

    /// The path's segments after resolving `.` and `..`; nil when `..` climbs above the root, a segment is hidden,
    /// or the path has a NUL.
    static func normalisedSegments(_ path: String) -> [Substring]? {
        guard path.first == "/", !path.utf8.contains(0) else { return nil }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                guard segments.popLast() != nil else { return nil }
            default:
                guard segment.first != "." else { return nil }
                segments.append(segment)
            }
        }
        return segments
    }

    /// The realpath of `path` if it exists and lies under the root (symlinks that escape are refused).
    private func resolveUnderRoot(_ path: String) -> String? {
        guard let resolved = Self.realPath(path) else { return nil }
        guard resolved == root || resolved.hasPrefix(root + "/") else { return nil }
        return resolved
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A path segment with everything outside RFC 3986 unreserved and sub-delims percent-encoded.
    private static func percentEncodedSegment(_ segment: Substring) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E, 0x21, 0x24, 0x26...0x2C, 0x3B, 0x3D, 0x3A, 0x40:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }

    // MARK: - Conditional requests and content negotiation

    /// Whether an If-None-Match list matches the ETag: `*`, or any tag by weak comparison (RFC 9110 §13.1.2).
    static func etagMatches(_ condition: String, _ etag: String) -> Bool {
        let ours = etag.hasPrefix("W/") ? etag.dropFirst(2) : etag[...]
        for element in condition.split(separator: ",") {
            let tag = element.trimmingWhitespace()
            if tag == "*" { return true }
            let opaque = tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
            if opaque == ours { return true }
        }
        return false
    }

    /// Whether Accept-Encoding allows gzip (RFC 9110 §12.5.3): `gzip`/`x-gzip` or `*` with a non-zero q.
    static func acceptsGzip(_ headers: HTTPHeaders) -> Bool {
        var gzip: Bool?
        var any: Bool?
        for value in headers.values("Accept-Encoding") {
            for element in value.split(separator: ",") {
                let parts = element.split(separator: ";")
                guard let first = parts.first else { continue }
                let coding = first.trimmingWhitespace().lowercased()
                var acceptable = true
                for parameter in parts.dropFirst() {
                    let pair = parameter.trimmingWhitespace()
                    guard pair.lowercased().hasPrefix("q=") else { continue }
                    acceptable = !isZeroQuality(pair.dropFirst(2))
                }
                switch coding {
                case "gzip", "x-gzip": gzip = (gzip ?? false) || acceptable
                case "*": any = (any ?? false) || acceptable
                default: continue
                }
            }
        }
        return gzip ?? any ?? false
    }

    /// Whether a qvalue is 0 (`0`, `0.`, `0.0`, … `0.000`; RFC 9110 §12.4.2).
    private static func isZeroQuality(_ value: Substring) -> Bool {
        guard value.first == "0" else { return false }
        return value.dropFirst().allSatisfy { $0 == "." || $0 == "0" }
    }

    // MARK: - Reading and caching

    /// The file's bytes, from the cache when its size and mtime are unchanged.
    private func load(_ path: String) -> CachedFile? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        let modified = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
        if let hit = cache.withLock({ $0.files[path] }), hit.size == size, hit.modified == modified { return hit }
        guard let bytes = Self.readAll(fd, size: size) else { return nil }
        let file = CachedFile(size: size, modified: modified, bytes: bytes, gzip: nil)
        store(path, file)
        return file
    }

    /// The gzip form of a cached file: a precompressed sibling not older than the file, else zlib; cached.
    private func gzipped(_ path: String, _ file: CachedFile) -> [UInt8]? {
        if let known = file.gzip { return known }
        var result: [UInt8]?
        if let sibling = resolveUnderRoot(path + ".gz"), let precompressed = Self.readFile(sibling, notOlderThan: file.modified) {
            result = precompressed
        } else if file.size > maxCachedFileBytes {
            // Too big to cache, so compressing it would be repeated on every request.
            result = nil
        } else if let compressed = HTTPGzip.compress(file.bytes), compressed.count < file.bytes.count {
            result = compressed
        }
        var updated = file
        updated.gzip = .some(result)
        store(path, updated)
        return result
    }

    private func store(_ path: String, _ file: CachedFile) {
        let cost = file.bytes.count + ((file.gzip ?? nil)?.count ?? 0)
        guard file.size <= maxCachedFileBytes else { return }
        cache.withLock { cache in
            if let old = cache.files[path] { cache.bytes -= old.bytes.count + ((old.gzip ?? nil)?.count ?? 0) }
            if cache.bytes + cost > maxCacheBytes {
                cache.files.removeAll(keepingCapacity: true)
                cache.bytes = 0
            }
            cache.files[path] = file
            cache.bytes += cost
        }
    }

    /// Reads a regular file whose mtime is at least `modified` (a stale precompressed copy is ignored).
    private static func readFile(_ path: String, notOlderThan modified: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let siblingModified = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
        guard siblingModified >= modified else { return nil }
        return readAll(fd, size: Int(info.st_size))
    }

    /// Reads exactly `size` bytes (a blocking read: files are small and local).
    private static func readAll(_ fd: Int32, size: Int) -> [UInt8]? {
        guard size > 0 else { return [] }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = read(fd, buffer.baseAddress! + initialized, size - initialized)
                if count > 0 {
                    initialized += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    failed = count < 0
                    break
                }
            }
        }
        // A file that shrank while being read is served as read; the next request sees the new mtime.
        return failed ? nil : bytes
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    fileprivate func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
