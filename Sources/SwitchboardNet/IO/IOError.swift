import Glibc

/// A failed system call: which call and the errno it left.
public struct IOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name of the call that failed (`"accept4"`, `"writev"`, ...).
    public let call: String
    /// The errno value.
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
