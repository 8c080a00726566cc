import Glibc

/// Reads the process environment without Foundation.
enum ProcessEnvironment {
    static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
