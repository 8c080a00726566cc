"""TLS: old protocol versions are refused by the server."""
import socket
import ssl
import subprocess

import pytest


def _old_tls_context(version):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_ciphers("ALL@SECLEVEL=0")
    ctx.minimum_version = version
    ctx.maximum_version = version
    return ctx


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1])
def test_tls_1_0_and_1_1_are_refused(tls_peer, version):
    ctx = _old_tls_context(version)
    with socket.create_connection(("127.0.0.1", tls_peer.port), timeout=10) as raw:
        with pytest.raises((ssl.SSLError, ConnectionError)):
            with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.do_handshake()


def _s_client(port, *flags):
    return subprocess.run(
        ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", *flags],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30,
    )


def test_openssl_s_client_tls1_is_refused_and_tls1_2_accepted(tls_peer):
    old = _s_client(tls_peer.port, "-tls1", "-cipher", "ALL@SECLEVEL=0")
    assert old.returncode != 0
    assert "Cipher is (NONE)" in old.stdout or "alert" in old.stderr.lower()
    # The control: the same client with TLS 1.2 completes the handshake, so the refusal above is the server's.
    good = _s_client(tls_peer.port, "-tls1_2")
    assert good.returncode == 0, good.stderr
    assert "Protocol  : TLSv1.2" in good.stdout or "TLSv1.2" in good.stdout
