"""Hostile input on raw sockets: a decompression bomb must close with 1009 quickly."""
import json
import socket
import ssl
import struct
import time
import zlib

from websockets.sync.client import connect

from serve_support import deflate as _deflate, frame as _frame, read_frame as _read_frame, upgrade as _upgrade


def _handshake(port, extensions=None):
    return _upgrade(socket.create_connection(("127.0.0.1", port), timeout=10), "/echo", extensions)


def test_decompression_bomb_closes_with_1009_quickly(peer):
    sock, head, rest = _handshake(peer.port, "permessage-deflate; client_max_window_bits")
    assert "permessage-deflate" in head.lower()
    bomb = _deflate(b"\x00" * (64 << 20))  # 64 MiB of zeros in about 64 KiB: 4x the 16 MiB limit
    assert len(bomb) < 100_000
    started = time.monotonic()
    sock.sendall(_frame(0x2, bomb, rsv1=True))
    opcode, payload, _ = _read_frame(sock, rest)
    elapsed = time.monotonic() - started
    assert opcode == 0x8
    assert struct.unpack("!H", payload[:2])[0] == 1009
    assert elapsed < 5
    sock.close()


def test_compressed_echo_over_a_raw_socket(peer):
    sock, head, rest = _handshake(peer.port, "permessage-deflate")
    message = b"abc" * 10_000
    sock.sendall(_frame(0x2, _deflate(message), rsv1=True))
    opcode, payload, _ = _read_frame(sock, rest)
    assert opcode == 0x2
    # The server may or may not compress its answer; inflate when it does (RSV1 is not visible here, so try).
    try:
        inflated = zlib.decompressobj(-15).decompress(payload + b"\x00\x00\xff\xff")
    except zlib.error:
        inflated = payload
    assert inflated == message or payload == message
    sock.close()


def test_rsv1_without_negotiation_closes_1002(peer):
    sock, _, rest = _handshake(peer.port)
    sock.sendall(_frame(0x1, _deflate(b"hello"), rsv1=True))
    opcode, payload, _ = _read_frame(sock, rest)
    assert opcode == 0x8
    assert struct.unpack("!H", payload[:2])[0] == 1002
    sock.close()


def test_slow_wss_reader_is_closed_with_1013_and_memory_stays_bounded(tls_peer):
    """A wss subscriber that never reads must hit the outbound bound (lossless: close 1013) like a plain one."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    raw.settimeout(30)
    raw.connect(("127.0.0.1", tls_peer.port))
    slow, _, rest = _upgrade(tls_peer.client_ssl().wrap_socket(raw, server_hostname="localhost"), "/ws")
    count, size = 96, 256 << 10  # 24 MiB of broadcasts: more than socket buffers plus the 4 MiB bound
    with connect(tls_peer.ws_base + "/ws", compression=None, max_queue=None, max_size=None,
                 ssl=tls_peer.client_ssl(), open_timeout=10) as publisher:
        pad = "p" * size
        # One at a time: a burst read in one loop turn would overflow the publisher's own queue first.
        for i in range(count):
            publisher.send(json.dumps({"type": "broadcast", "payload": {"n": i, "pad": pad}}))
            while json.loads(publisher.recv(timeout=60))["type"] != "broadcastResult":
                pass
    received = 0
    while True:
        try:
            opcode, payload, rest = _read_frame(slow, rest)
        except (ConnectionError, ssl.SSLError):
            break  # the close handshake timed out while we did not read: TCP closed after the 1013 frame was queued
        if opcode == 0x8:
            assert struct.unpack("!H", payload[:2])[0] == 1013
            break
        assert json.loads(payload)["payload"]["n"] == received
        received += 1
        assert received < count, "the slow reader got every broadcast: the outbound bound never applied"
    slow.close()
