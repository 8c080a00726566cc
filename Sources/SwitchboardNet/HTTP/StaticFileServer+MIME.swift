// MARK: - Content types

extension StaticFileServer {
    /// How a file extension is served: its Content-Type and whether gzip pays off.
    struct ContentKind: Sendable, Equatable {
        /// The Content-Type value.
        var type: String
        /// Whether the content is text-like and worth compressing.
        var compressible: Bool
    }

    /// The content kind for a file name, by extension (case-insensitive); unknown → application/octet-stream.
    static func contentKind(forFileName name: String) -> ContentKind {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            return ContentKind(type: "application/octet-stream", compressible: false)
        }
        switch name[name.index(after: dot)...].lowercased() {
        case "html", "htm": return ContentKind(type: "text/html; charset=utf-8", compressible: true)
        case "css": return ContentKind(type: "text/css; charset=utf-8", compressible: true)
        case "js", "mjs": return ContentKind(type: "text/javascript; charset=utf-8", compressible: true)
        case "json", "map": return ContentKind(type: "application/json; charset=utf-8", compressible: true)
        case "svg": return ContentKind(type: "image/svg+xml; charset=utf-8", compressible: true)
        case "txt": return ContentKind(type: "text/plain; charset=utf-8", compressible: true)
        case "md": return ContentKind(type: "text/markdown; charset=utf-8", compressible: true)
        case "wasm": return ContentKind(type: "application/wasm", compressible: true)
        case "png": return ContentKind(type: "image/png", compressible: false)
        case "jpg", "jpeg": return ContentKind(type: "image/jpeg", compressible: false)
        case "gif": return ContentKind(type: "image/gif", compressible: false)
        case "ico": return ContentKind(type: "image/x-icon", compressible: false)
        case "webp": return ContentKind(type: "image/webp", compressible: false)
        case "woff2": return ContentKind(type: "font/woff2", compressible: false)
        default: return ContentKind(type: "application/octet-stream", compressible: false)
        }
    }
}
