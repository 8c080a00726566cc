"""Fixtures: a live `switchboard bench-peer` (plain and TLS) started on a free port, stopped by PID."""
import http.client
import os
import socket
import ssl
import subprocess
import time

import pytest


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binary():
    path = os.environ.get("SWITCHBOARD_BIN")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("SWITCHBOARD_BIN is not set to the switchboard executable")
    return path


class Peer:
    """A running bench-peer: its port, scheme and TLS context for clients."""

    def __init__(self, port, tls):
        self.port = port
        self.tls = tls

    @property
    def ws_base(self):
        return f"{'wss' if self.tls else 'ws'}://127.0.0.1:{self.port}"

    def client_ssl(self):
        if not self.tls:
            return None
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx


def _healthy(port, tls):
    try:
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=2, context=ctx)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def _start(extra, tls):
    port = _free_port()
    proc = subprocess.Popen(
        [_binary(), "bench-peer", "--port", str(port), "--loops", "2", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not _healthy(port, tls):
        if proc.poll() is not None:
            raise RuntimeError(f"bench-peer exited: {proc.stderr.read().decode(errors='replace')}")
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("bench-peer did not answer /healthz within 30 s")
        time.sleep(0.05)
    return proc, Peer(port, tls)


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def peer():
    proc, p = _start([], tls=False)
    yield p
    _stop(proc)


@pytest.fixture()
def private_peer():
    """A bench-peer of the test's own, with its process (for signal tests)."""
    proc, p = _start([], tls=False)
    yield proc, p
    if proc.poll() is None:
        _stop(proc)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_peer(tls_files):
    cert, key = tls_files
    proc, p = _start(["--tls-cert", str(cert), "--tls-key", str(key)], tls=True)
    yield p
    _stop(proc)
