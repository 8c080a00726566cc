import CZlib
import Foundation
import Testing
@testable import SwitchboardNet

/// A temporary site: `root/` is served, `outside/` holds a secret next to it.
final class StaticSiteFixture {
    let base: URL
    let root: URL
    let server: StaticFileServer

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-static-\(UUID().uuidString)")
        let root = base.appendingPathComponent("root")
        let manager = FileManager.default
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
        try manager.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try manager.createDirectory(at: base.appendingPathComponent("outside"), withIntermediateDirectories: true)
        try write("index.html", "<h1>home</h1>")
        try write("sub/index.html", "<h1>sub</h1>")
        try write("app.js", String(repeating: "console.log('switchboard');\n", count: 50))
        try write(".env", "SECRET=1")
        try Data("top secret".utf8).write(to: base.appendingPathComponent("outside/secret.txt"))
        try Data("outside root".utf8).write(to: base.appendingPathComponent("root-sibling.txt"))
        let secret = base.appendingPathComponent("outside/secret.txt").path
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("escape.txt").path, withDestinationPath: secret)
        let outside = base.appendingPathComponent("outside").path
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("outdir").path, withDestinationPath: outside)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("alias.js").path, withDestinationPath: "app.js")
        self.base = base
        self.root = root
        server = try StaticFileServer(root: root.path + "/")
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    func write(_ name: String, _ text: String) throws { try write(name, Array(text.utf8)) }

    func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: root.appendingPathComponent(name)) }

    func setModified(_ name: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: root.appendingPathComponent(name).path)
    }

    func get(_ target: String, method: HTTPMethod = .get, _ headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        server.respond(to: HTTPRequestHead(method: method, target: target, headers: headers))
    }
}

@Suite struct StaticFileServerTests {
    /// Inflates a gzip member with zlib (windowBits 31).
    static func gunzip(_ bytes: [UInt8]) -> [UInt8]? {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard cshim_inflate_init2(stream, 31) == Z_OK else { return nil }
        defer { inflateEnd(stream) }
        var output = [UInt8](repeating: 0, count: 1 << 20)
        var input = bytes
        let result = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = destination.baseAddress
                stream.pointee.avail_out = uInt(destination.count)
                return inflate(stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { return nil }
        return Array(output[0..<Int(stream.pointee.total_out)])
    }

    @Test func servesAFileWithCachingHeaders() throws {
        let site = try StaticSiteFixture()
        let response = site.get("/app.js")
        #expect(response.status == .ok)
        #expect(response.body == Array(String(repeating: "console.log('switchboard');\n", count: 50).utf8))
        #expect(response.headers.first("Content-Type") == "text/javascript; charset=utf-8")
        #expect(response.headers.first("Cache-Control") == "no-cache")
        #expect(response.headers.first("X-Content-Type-Options") == "nosniff")
        #expect(response.headers.first("Vary") == "Accept-Encoding")
        #expect(response.headers.first("Content-Encoding") == nil)
        let etag = try #require(response.headers.first("ETag"))
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && !etag.hasPrefix("W/"))
        #expect(site.get("/alias.js").body == response.body)
    }

    @Test func answersHeadWithoutABody() throws {
        let site = try StaticSiteFixture()
        let head = site.get("/app.js", method: .head)
        #expect(head.status == .ok && head.body.isEmpty)
        #expect(head.headers.first("Content-Length") == String(site.get("/app.js").body.count))
        let zipped = site.get("/app.js", method: .head, ["Accept-Encoding": "gzip"])
        #expect(zipped.headers.first("Content-Length") == String(site.get("/app.js", ["Accept-Encoding": "gzip"]).body.count))
        var encoder = HTTPResponseEncoder()
        var wire: [UInt8] = []
        encoder.encode(head, omitBody: true, keepAlive: true, into: &wire)
        #expect(String(decoding: wire, as: UTF8.self).hasSuffix("\r\n\r\n"))
    }

    @Test func revalidatesWithETags() throws {
        let site = try StaticSiteFixture()
        let etag = try #require(site.get("/index.html").headers.first("ETag"))
        for condition in [etag, "W/" + etag, "\"other\", " + etag, "*"] {
            let response = site.get("/index.html", ["If-None-Match": condition])
            #expect(response.status == .notModified, "If-None-Match: \(condition)")
            #expect(response.body.isEmpty && response.headers.first("ETag") == etag)
            #expect(response.headers.first("Cache-Control") == "no-cache")
        }
        #expect(site.get("/index.html", ["If-None-Match": "\"other\""]).status == .ok)
        // A change (size or mtime) gives a new ETag and the new bytes: the cache never serves stale pages.
        try site.write("index.html", "<h1>home, v2</h1>")
        let changed = site.get("/index.html", ["If-None-Match": etag])
        #expect(changed.status == .ok && changed.body == Array("<h1>home, v2</h1>".utf8))
        #expect(changed.headers.first("ETag") != etag)
        try site.write("index.html", "<h1>home, v3</h1>")
        try site.setModified("index.html", Date(timeIntervalSince1970: 1_000_000_000))
        #expect(site.get("/index.html").body == Array("<h1>home, v3</h1>".utf8))
    }

    @Test func gzipsTextWhenAccepted() throws {
        let site = try StaticSiteFixture()
        let plain = site.get("/app.js").body
        let zipped = site.get("/app.js", ["Accept-Encoding": "br, gzip;q=0.8"])
        #expect(zipped.headers.first("Content-Encoding") == "gzip")
        #expect(zipped.headers.first("Vary") == "Accept-Encoding")
        #expect(zipped.body.count < plain.count)
        #expect(Self.gunzip(zipped.body) == plain)
        #expect(site.get("/app.js", ["Accept-Encoding": "gzip"]).body == zipped.body)
        for refusing in ["gzip;q=0", "br", "identity", "gzip; q=0.000, *", "*;q=0", ""] {
            let response = site.get("/app.js", ["Accept-Encoding": refusing])
            #expect(response.headers.first("Content-Encoding") == nil && response.body == plain, "Accept-Encoding: \(refusing)")
        }
        #expect(site.get("/app.js", ["Accept-Encoding": "*;q=0.5"]).headers.first("Content-Encoding") == "gzip")
        #expect(site.get("/app.js", ["Accept-Encoding": "x-gzip"]).headers.first("Content-Encoding") == "gzip")
        // Not text-like: never compressed.
        try site.write("image.png", [UInt8](repeating: 0, count: 4000))
        let image = site.get("/image.png", ["Accept-Encoding": "gzip"])
        #expect(image.headers.first("Content-Encoding") == nil && image.headers.first("Vary") == nil && image.body.count == 4000)
    }

    @Test func prefersAFreshPrecompressedSibling() throws {
        let site = try StaticSiteFixture()
        let css = String(repeating: "body { color: red; }\n", count: 20)
        try site.write("style.css", css)
        let marker = Array(String(repeating: "/* precompressed */\n", count: 20).utf8)
        try site.write("style.css.gz", try #require(HTTPGzip.compress(marker)))
        try site.setModified("style.css", Date(timeIntervalSince1970: 1_700_000_000))
        try site.setModified("style.css.gz", Date(timeIntervalSince1970: 1_700_000_100))
        let fresh = site.get("/style.css", ["Accept-Encoding": "gzip"])
        #expect(Self.gunzip(fresh.body) == marker)

        try site.write("old.css", css)
        try site.write("old.css.gz", try #require(HTTPGzip.compress(marker)))
        try site.setModified("old.css", Date(timeIntervalSince1970: 1_700_000_100))
        try site.setModified("old.css.gz", Date(timeIntervalSince1970: 1_700_000_000))
        let stale = site.get("/old.css", ["Accept-Encoding": "gzip"])
        #expect(Self.gunzip(stale.body) == Array(css.utf8))
    }

    @Test(arguments: [
        "/../root-sibling.txt", "/%2e%2e/root-sibling.txt", "/%2E%2E/outside/secret.txt", "/sub/../../root-sibling.txt",
        "/sub/..%2f..%2froot-sibling.txt", "/..%2froot-sibling.txt", "/sub/%2e%2e/%2e%2e/outside/secret.txt",
        "/escape.txt", "/outdir/secret.txt", "/.env", "/sub/.%2e/.env", "/index.html%00.js", "/missing.html", "/sub/missing",
    ])
    func refusesPathsOutsideTheRoot(target: String) throws {
        let site = try StaticSiteFixture()
        let response = site.get(target)
        #expect(response.status == .notFound)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("secret"))
    }

    @Test func allowsDotSegmentsThatStayInside() throws {
        let site = try StaticSiteFixture()
        #expect(site.get("/sub/../app.js").status == .ok)
        #expect(site.get("/./sub/./index.html").body == Array("<h1>sub</h1>".utf8))
        #expect(site.get("/%61pp.js").status == .ok)
    }

    @Test func redirectsDirectoriesAndServesTheirIndex() throws {
        let site = try StaticSiteFixture()
        let redirect = site.get("/sub?x=1")
        #expect(redirect.status == .movedPermanently && redirect.headers.first("Location") == "/sub/?x=1")
        #expect(site.get("//sub").headers.first("Location") == "/sub/")
        let index = site.get("/sub/")
        #expect(index.status == .ok && index.body == Array("<h1>sub</h1>".utf8))
        #expect(index.headers.first("Content-Type") == "text/html; charset=utf-8")
        #expect(site.get("/").body == Array("<h1>home</h1>".utf8))
        #expect(site.get("/empty/").status == .notFound)
    }

    @Test func refusesOtherMethods() throws {
        let site = try StaticSiteFixture()
        let response = site.get("/app.js", method: .post)
        #expect(response.status == .methodNotAllowed && response.headers.first("Allow") == "GET, HEAD")
    }

    @Test(arguments: [
        ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"), ("a.js", "text/javascript; charset=utf-8"),
        ("a.mjs", "text/javascript; charset=utf-8"), ("a.json", "application/json; charset=utf-8"),
        ("a.svg", "image/svg+xml; charset=utf-8"), ("a.png", "image/png"), ("a.JPG", "image/jpeg"), ("a.jpeg", "image/jpeg"),
        ("a.gif", "image/gif"), ("a.ico", "image/x-icon"), ("a.webp", "image/webp"), ("a.woff2", "font/woff2"),
        ("a.txt", "text/plain; charset=utf-8"), ("a.md", "text/markdown; charset=utf-8"), ("a.wasm", "application/wasm"),
        ("a.js.map", "application/json; charset=utf-8"), ("a.bin", "application/octet-stream"), ("README", "application/octet-stream"),
    ])
    func mapsExtensionsToContentTypes(name: String, type: String) {
        #expect(StaticFileServer.contentKind(forFileName: name).type == type)
    }

    @Test func refusesAMissingRoot() {
        #expect(throws: IOError.self) { try StaticFileServer(root: "/nonexistent/switchboard/public") }
    }
}
