"""Fixtures: a live `switchboard bench-peer` (plain and TLS) started on a free port, stopped by PID; a live
`switchboard serve` on a temp database, seeded minimally through the REST API."""
import http.client
import os
import ssl
import subprocess
import time

import pytest

from serve_support import ADMIN_PASSWORD, Api, Server, add_admin, seed_minimal
from serve_support import binary as _binary, free_port as _free_port


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


# MARK: a live `switchboard serve`

class ServeRun:
    """A running serve on a temp database, seeded minimally: the server, the admin's REST client, the seeded ids."""

    def __init__(self, server, api, seeded):
        self.server = server
        self.api = api
        self.seeded = seeded

    @property
    def port(self):
        return self.server.port

    @property
    def base(self):
        return self.server.base


@pytest.fixture(scope="module")
def serve(tmp_path_factory):
    """`switchboard serve` on a fresh database: an administrator added with `switchboard user add`, then through the REST
    API a cloud provider, a campaign on its number, a supervisor of it and an agent member of it."""
    directory = str(tmp_path_factory.mktemp("serve"))
    db = os.path.join(directory, "switchboard.db")
    add_admin(db)
    server = Server(db, directory).start()
    try:
        api = Api(server.base, origin=True).login("admin", ADMIN_PASSWORD)
        yield ServeRun(server, api, seed_minimal(api))
    finally:
        server.kill()
