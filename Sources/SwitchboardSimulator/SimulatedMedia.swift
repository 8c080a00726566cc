import Foundation
import SwitchboardNet

/// The customers' media as the simulated providers hold it: Meta's two steps (`GET …/{mediaId}` answers its URL,
/// that URL the bytes) and Twilio's media URL (a 307 to the stored file), so the media proxy and the pages show
/// real pictures and files in the demo. Every picture is the same small drawing of a receipt; every document the
/// same one-page PDF.
enum SimulatedMedia {
    /// Where the files are served (below the endpoint's root).
    static let filesPath = "/media-files/"

    /// A 96×64 PNG: a receipt on the product's blue.
    static let picture = Array(Data(base64Encoded: """
        iVBORw0KGgoAAAANSUhEUgAAAGAAAABACAIAAABqVuVZAAAAk0lEQVR42u3bwQ1AERQEQJ0oTVfOOlCCqlycdOAffiLIJFvBJOvtRYipySIBASBAgAABAgToI2P0owIIECBAgAD9AcqlbgugF4FUDBAgQIAA2UF2kB2kYoAAAQIEyJm3g+wgFQMECBAgQM68HWQHqRggQIAAAXLm7SA7yBsECBAgQIAAAbobyIc6QAIIECBAgC7LBB2KWOY7avzPAAAAAElFTkSuQmCC
        """, options: .ignoreUnknownCharacters)!)

    /// A minimal one-page PDF saying what it is.
    static let document = Array("""
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 120] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj
        4 0 obj << /Length 58 >> stream
        BT /F1 14 Tf 20 60 Td (Simulated invoice - Switchboard demo) Tj ET
        endstream endobj
        5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """.utf8)

    /// The simulator's media ids: pictures `media-…`, documents `doc-…`.
    static func file(_ id: String) -> (type: String, bytes: [UInt8])? {
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
        if id.hasPrefix("media-") { return ("image/png", picture) }
        if id.hasPrefix("doc-") { return ("application/pdf", document) }
        return nil
    }

    /// The answer to a GET at the endpoint, or nil when the path is none of the media paths.
    static func answer(_ request: HTTPRequest) -> HTTPResponse? {
        let path = request.head.path
        let origin = "http://\(request.head.headers.first("Host") ?? "127.0.0.1")"
        if path.hasPrefix(filesPath) {
            guard let file = file(String(path.dropFirst(filesPath.count))) else { return .text(status: .notFound, "no such file\n") }
            return HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", file.type)]), body: file.bytes)
        }
        let parts = path.split(separator: "/").map(String.init)
        guard let last = parts.last, let file = file(last) else { return nil }
        guard request.head.headers.first("Authorization") != nil else { return .text(status: .unauthorized, "missing Authorization\n") }
        // Twilio: …/Messages/{sid}/Media/{id} redirects to the stored file.
        if parts.count >= 3, parts[parts.count - 2] == "Media" {
            var response = HTTPResponse.status(HTTPStatus(code: 307, reasonPhrase: "Temporary Redirect"))
            response.headers.add("Location", origin + filesPath + last)
            return response
        }
        // Meta: the media's description with its download URL.
        let description = (try? JSONSerialization.data(withJSONObject: [
            "messaging_product": "whatsapp", "url": origin + filesPath + last, "mime_type": file.type,
            "sha256": "simulated", "file_size": file.bytes.count, "id": last,
        ], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return .json(body: Array(description))
    }
}
