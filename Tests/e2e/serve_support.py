"""Shared by the end-to-end tests that run a real `switchboard serve`: free ports, the binary, the REST client, starting
and stopping the server on a database, signed cloud webhooks, a logged-in /live socket and raw WebSocket frames."""
import base64
import hashlib
import hmac
import http.client
import json
import os
import resource
import socket
import struct
import subprocess
import time
import urllib.error
import urllib.request
import zlib

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIN_PASSWORD = "admin-e2e-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary():
    path = os.environ.get("SWITCHBOARD_BIN")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("SWITCHBOARD_BIN is not set to the switchboard executable")
    return path


class Api:
    """The REST API as a script uses it: JSON bodies, the session cookie kept from the login's Set-Cookie."""

    def __init__(self, base, origin=False):
        self.base = base
        self.cookie = None
        self.origin = origin

    def call(self, method, path, body=None, raw=None, headers=None, timeout=10):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.origin:
            request.add_header("Origin", self.base)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if self.cookie:
            request.add_header("Cookie", self.cookie)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                cookie = response.headers.get("Set-Cookie")
                if cookie:
                    self.cookie = cookie.split(";")[0]
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def login(self, username, password):
        status, body = self.call("POST", "/api/login", {"username": username, "password": password})
        assert status == 200, body
        return self

    def ok(self, method, path, body=None):
        status, answer = self.call(method, path, body)
        assert 200 <= status < 300, f"{method} {path} -> {status} {answer}"
        return answer


def add_admin(db):
    subprocess.run([binary(), "user", "add", "--db", db, "--username", "admin", "--name", "Ada", "--role", "admin"],
                   env={**os.environ, "SWITCHBOARD_PASSWORD": ADMIN_PASSWORD}, check=True, stdout=subprocess.DEVNULL)


def _open_files_to_hard_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Server:
    """One `switchboard serve` process on `db`; `start` waits for /healthz, `kill` is SIGKILL, `stop` SIGTERM."""

    def __init__(self, db, directory, extra=()):
        self.db = db
        self.directory = directory
        self.extra = list(extra)
        self.port = free_port()
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self):
        return self.process.pid

    def start(self):
        log = open(os.path.join(self.directory, "server.log"), "ab")
        self.process = subprocess.Popen(
            [binary(), "serve", "--db", self.db, "--port", str(self.port), "--public-dir", os.path.join(ROOT, "Public"),
             *self.extra],
            stdout=subprocess.DEVNULL, stderr=log, preexec_fn=_open_files_to_hard_limit)
        log.close()
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited with {self.process.returncode}: see {self.directory}/server.log")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError("serve did not answer /healthz within 30 s")
            time.sleep(0.05)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_kib(self):
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS")


# Minimal seed: one cloud provider (its baseUrl a port nobody listens on: nothing here sends), one campaign on its
# number, a supervisor of it and an agent member of it.
CLOUD_NUMBER = "+59899000001"
CLOUD = {"phoneNumberId": "100200300", "accessToken": "e2e-token", "appSecret": "e2e-app-secret", "verifyToken": "e2e-verify"}
SUPERVISOR = ("sofia", "supervise-1")
AGENT = ("alex", "agent-pass-1")


class Seeded:
    """What `seed_minimal` created: ids and the secrets a test signs with."""

    def __init__(self, provider, campaign, supervisor, agent):
        self.provider = provider
        self.campaign = campaign
        self.supervisor = supervisor
        self.agent = agent


def seed_minimal(api):
    provider = api.ok("POST", "/api/providers", {"kind": "cloud", "name": "E2E Cloud", "baseUrl": f"http://127.0.0.1:{free_port()}",
                                                 "numbers": [CLOUD_NUMBER], **CLOUD})
    campaign = api.ok("POST", "/api/campaigns", {"name": "Sales", "providerId": provider["id"], "number": CLOUD_NUMBER,
                                                 "maxInteractionsPerAgent": 3, "serviceLevelSeconds": 30})
    agent = api.ok("POST", "/api/users", {"username": AGENT[0], "displayName": "Alex Agent", "role": "agent", "password": AGENT[1]})
    api.ok("POST", f"/api/campaigns/{campaign['id']}/members", {"agentId": agent["id"]})
    supervisor = api.ok("POST", "/api/users", {"username": SUPERVISOR[0], "displayName": "Sofía Supervisor", "role": "supervisor",
                                               "password": SUPERVISOR[1], "supervisorScopes": [campaign["id"]]})
    return Seeded(provider["id"], campaign["id"], supervisor["id"], agent["id"])


def cloud_body(wamid, customer, text, name="Customer"):
    """A customer text message as Meta's Cloud API posts it (the simulator's CloudWebhookPayload shape)."""
    digits = customer.lstrip("+")
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": CLOUD_NUMBER.lstrip("+"), "phone_number_id": CLOUD["phoneNumberId"]},
             "contacts": [{"profile": {"name": name}, "wa_id": digits}],
             "messages": [{"from": digits, "id": wamid, "timestamp": str(int(time.time())), "type": "text", "text": {"body": text}}]}
    root = {"object": "whatsapp_business_account", "entry": [{"id": "WABA1", "changes": [{"value": value, "field": "messages"}]}]}
    return json.dumps(root, sort_keys=True, separators=(",", ":")).encode()


def cloud_headers(body):
    signature = hmac.new(CLOUD["appSecret"].encode(), body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"}


def post_cloud(port, provider, body, timeout=10, connection=None):
    """Posts a signed cloud webhook; returns the status, or None when no answer came (refused, reset, timed out)."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", f"/webhooks/cloud/{provider}", body=body, headers=cloud_headers(body))
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    except http.client.HTTPException:
        return None
    finally:
        if connection is None:
            conn.close()


def transcripts(api):
    """Every customer line in the store: [(recording id, body)], through the recordings search and each detail."""
    lines, page = [], 1
    while True:
        listing = api.ok("GET", f"/api/recordings?pageSize=200&page={page}")
        for item in listing["items"]:
            detail = api.ok("GET", f"/api/recordings/{item['id']}")
            lines += [(item["id"], m["body"]) for m in detail["transcript"] if m["sender"] == "customer"]
        if page * 200 >= listing["total"]:
            return lines
        page += 1


# MARK: raw WebSocket frames (RFC 6455), for input no library would send

def upgrade(sock, path, extensions=None, headers=None, host="127.0.0.1"):
    """Sends the opening handshake; returns (sock, response head, bytes after it). Asserts 101."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
    )
    if extensions:
        request += f"Sec-WebSocket-Extensions: {extensions}\r\n"
    for name, value in (headers or {}).items():
        request += f"{name}: {value}\r\n"
    sock.sendall((request + "\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        assert chunk, "closed during the handshake"
        head += chunk
    head, _, rest = head.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 101"), head
    return sock, head.decode(), rest


def frame(opcode, payload, rsv1=False, fin=True, masked=True):
    first = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    mask_bit = 0x80 if masked else 0
    n = len(payload)
    if n < 126:
        header = struct.pack("!BB", first, mask_bit | n)
    elif n < 65536:
        header = struct.pack("!BBH", first, mask_bit | 126, n)
    else:
        header = struct.pack("!BBQ", first, mask_bit | 127, n)
    if not masked:
        return header + payload
    mask = os.urandom(4)
    key = (mask * (n // 4 + 1))[:n]
    return header + mask + bytes(a ^ b for a, b in zip(payload, key))


def read_frame(sock, buffered):
    """One server frame: (opcode, payload, bytes left over)."""
    data = buffered

    def need(n):
        nonlocal data
        while len(data) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            data += chunk

    need(2)
    length = data[1] & 0x7F
    offset = 2
    if length == 126:
        need(4)
        length = struct.unpack("!H", data[2:4])[0]
        offset = 4
    elif length == 127:
        need(10)
        length = struct.unpack("!Q", data[2:10])[0]
        offset = 10
    need(offset + length)
    return data[0] & 0x0F, data[offset:offset + length], data[offset + length:]


def read_until_close(sock, buffered, limit=100_000, seen=None):
    """Skips data frames (appended to `seen` when given) until the close frame; returns its code (None when TCP closed
    without one)."""
    rest = buffered
    for _ in range(limit):
        try:
            opcode, payload, rest = read_frame(sock, rest)
        except (ConnectionError, OSError):
            return None
        if seen is not None and opcode in (0x1, 0x2):
            seen.append(payload)
        if opcode == 0x8:
            return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
    raise AssertionError("no close frame")


def deflate(data):
    """Raw DEFLATE of one permessage-deflate message (the trailing 00 00 ff ff taken off)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(b"\x00\x00\xff\xff")
    return out[:-4]
