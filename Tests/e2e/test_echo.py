"""/echo: every text and binary message back verbatim, with and without permessage-deflate."""
import os

import pytest
from websockets.sync.client import connect

MIB = 1 << 20


def _connect(peer, path="/echo", compression=None):
    return connect(peer.ws_base + path, compression=compression, max_size=17 * MIB, ssl=peer.client_ssl(),
                   open_timeout=10, close_timeout=5)


@pytest.mark.parametrize("message", ["hello", "", "h\u00e9llo \U0001F44B", b"", b"\x00\x01\xff", os.urandom(70_000)])
def test_echo_small_messages(peer, message):
    with _connect(peer) as ws:
        ws.send(message)
        assert ws.recv(timeout=10) == message


def test_echo_16_mib_binary_and_text(peer):
    with _connect(peer) as ws:
        big = os.urandom(16 * MIB)
        ws.send(big)
        assert ws.recv(timeout=60) == big
        text = "x" * (16 * MIB)
        ws.send(text)
        assert ws.recv(timeout=60) == text


def test_echo_fragmented_message(peer):
    with _connect(peer) as ws:
        ws.send(["frag", "ment", "ed"])
        assert ws.recv(timeout=10) == "fragmented"


def test_permessage_deflate_is_negotiated_and_echoes_large_messages(peer):
    with _connect(peer, compression="deflate") as ws:
        assert "permessage-deflate" in ws.response.headers["Sec-WebSocket-Extensions"]
        for size in (100, 64 * 1024, 4 * MIB):
            message = ("switchboard " * (size // 12 + 1))[:size]
            ws.send(message)
            assert ws.recv(timeout=30) == message
        binary = bytes(range(256)) * 8192
        ws.send(binary)
        assert ws.recv(timeout=30) == binary


def test_no_extension_header_when_not_offered(peer):
    with _connect(peer) as ws:
        assert ws.response.headers.get("Sec-WebSocket-Extensions") is None


@pytest.mark.parametrize("compression", [None, "deflate"])
def test_wss_echo(tls_peer, compression):
    with _connect(tls_peer, compression=compression) as ws:
        if compression:
            assert "permessage-deflate" in ws.response.headers["Sec-WebSocket-Extensions"]
        for message in ("secure", "a" * 300_000, os.urandom(1 * MIB)):
            ws.send(message)
            assert ws.recv(timeout=30) == message
