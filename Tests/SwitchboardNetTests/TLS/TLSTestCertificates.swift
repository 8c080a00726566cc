import Foundation

/// Self-signed certificates made with the `openssl` CLI in a fresh temporary folder, for the TLS tests.
struct TLSTestCertificates {
    /// The folder holding every generated file.
    let directory: String

    /// Creates an empty temporary folder.
    init() throws {
        let path = NSTemporaryDirectory() + "switchboard-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        directory = path
    }

    /// Generates an EC P-256 key and a self-signed certificate for `commonName` with the given serial.
    /// - Returns: the certificate and key paths (`<name>.crt`, `<name>.key`).
    @discardableResult
    func make(_ name: String, commonName: String, serial: Int) throws -> (certificate: String, key: String) {
        let certificate = "\(directory)/\(name).crt"
        let key = "\(directory)/\(name).key"
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=\(commonName)",
            "-set_serial", String(serial),
        ])
        return (certificate, key)
    }

    /// Writes `contents` to `<directory>/<name>` and returns the path.
    func write(_ name: String, _ contents: String) throws -> String {
        let path = "\(directory)/\(name)"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Copies `source` over `destination` (what an operator does before SIGHUP).
    func replace(_ destination: String, with source: String) throws {
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }

    /// Removes the folder.
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments) failed"])
        }
    }
}
