import COpenSSL
import Glibc

/// An OpenSSL client context for outbound HTTPS (the providers' APIs): TLS 1.2 or newer, the peer's certificate
/// verified against the system's roots or a given bundle, and its name checked per connection (`HTTPClient`).
///
/// Sendable: the `SSL_CTX` is set up completely in `init` and never changed afterwards; OpenSSL makes `SSL_new` on
/// a shared context thread-safe.
public final class TLSClientContext: Sendable {
    // Safe: never mutated after init (see the type's comment); freed once in deinit.
    nonisolated(unsafe) let raw: OpaquePointer

    /// Builds the context.
    /// - Parameter trustRootsPath: a PEM bundle of trusted certificates (a test certificate, a private CA); nil for the
    ///   system's default roots.
    /// - Throws: `TLSError.contextSetupFailed`, or `.fileNotFound` for a missing bundle.
    public init(trustRootsPath: String? = nil) throws(TLSError) {
        ERR_clear_error()
        guard let ctx = SSL_CTX_new(TLS_client_method()) else { throw .contextSetupFailed(reason: TLSError.drainOpenSSLErrors()) }
        _ = cshim_ssl_ctx_set_min_proto(ctx, cshim_tls1_2_version())
        _ = cshim_ssl_ctx_set_options(ctx, cshim_ssl_op_no_compression() | cshim_ssl_op_no_renegotiation())
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        let loaded: Int32
        if let trustRootsPath {
            guard access(trustRootsPath, R_OK) == 0 else {
                SSL_CTX_free(ctx)
                throw .fileNotFound(path: trustRootsPath)
            }
            loaded = SSL_CTX_load_verify_locations(ctx, trustRootsPath, nil)
        } else {
            loaded = SSL_CTX_set_default_verify_paths(ctx)
        }
        guard loaded == 1 else {
            SSL_CTX_free(ctx)
            throw .contextSetupFailed(reason: TLSError.drainOpenSSLErrors(fallback: "cannot load the trusted certificates"))
        }
        raw = ctx
    }

    deinit { SSL_CTX_free(raw) }
}
