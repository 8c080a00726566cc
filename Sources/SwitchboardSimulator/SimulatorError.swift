/// Why a simulation could not start.
public enum SimulatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `--cloud`/`--classic` specification is malformed.
    case badProvider(String)
    /// An `--agent user:password` is malformed.
    case badAgent(String)
    /// The target URL is not `http://host:port`.
    case badTarget(String)
    /// No provider to simulate.
    case noProviders
    /// The provider endpoint could not listen.
    case listen(String)

    public var description: String {
        switch self {
        case .badProvider(let why): "bad provider: \(why)"
        case .badAgent(let why): "bad agent: \(why) (expected user:password)"
        case .badTarget(let why): "bad target: \(why)"
        case .noProviders: "no provider to simulate: give --cloud or --classic"
        case .listen(let why): "the provider endpoint cannot listen: \(why)"
        }
    }
}
