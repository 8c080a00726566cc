"""permessage-deflate parameters as the conformance suites offer them (Autobahn 12.x / 13.x), and
large or finely fragmented messages (9.x), against /echo."""
import os
import random

import pytest
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
from websockets.sync.client import connect

OFFERS = [
    dict(),
    dict(client_no_context_takeover=True),
    dict(server_no_context_takeover=True),
    dict(server_no_context_takeover=True, client_no_context_takeover=True),
    dict(client_max_window_bits=9),
    dict(client_max_window_bits=15),
    dict(server_max_window_bits=9),
    dict(server_max_window_bits=12, client_max_window_bits=10),
    dict(server_max_window_bits=15, server_no_context_takeover=True),
    dict(server_max_window_bits=9, client_max_window_bits=9, server_no_context_takeover=True, client_no_context_takeover=True),
]


def _messages(seed):
    rng = random.Random(seed)
    words = [b"switchboard", b"agent", b"queue", b"\x00\x01", b"wallboard", bytes(range(40))]
    out = []
    for size in (0, 1, 16, 64, 256, 1024, 4096, 32_768, 131_072, 1 << 20):
        blob = b"".join(rng.choice(words) for _ in range(size // 8 + 1))[:size]
        out.append(blob)
        out.append(blob.decode("latin-1"))  # text too: valid UTF-8 once encoded
    out.append(os.urandom(200_000))  # incompressible
    return out


@pytest.mark.parametrize("offer", OFFERS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "default")
def test_compressed_echo_with_negotiated_parameters(peer, offer):
    factory = ClientPerMessageDeflateFactory(**offer)
    with connect(peer.ws_base + "/echo", compression=None, extensions=[factory], max_size=None, open_timeout=10) as ws:
        header = ws.response.headers["Sec-WebSocket-Extensions"]
        assert header.startswith("permessage-deflate")
        if offer.get("server_no_context_takeover"):
            assert "server_no_context_takeover" in header
        if "server_max_window_bits" in offer:
            assert f"server_max_window_bits={offer['server_max_window_bits']}" in header or "server_max_window_bits=" in header
        # Twice through: context takeover (or not) must hold across messages.
        for message in _messages(1) + _messages(2):
            ws.send(message)
            assert ws.recv(timeout=30) == message


@pytest.mark.parametrize("compression", [None, "deflate"])
@pytest.mark.parametrize("fragment", [64, 4096, 65_536, 1 << 20])
def test_large_fragmented_messages(peer, compression, fragment):
    size = 4 << 20 if fragment >= 4096 else 256 << 10
    data = os.urandom(size // 2) * 2
    with connect(peer.ws_base + "/echo", compression=compression, max_size=None, open_timeout=10) as ws:
        ws.send(data[i:i + fragment] for i in range(0, size, fragment))
        assert ws.recv(timeout=60) == data


@pytest.mark.parametrize("compression", [None, "deflate"])
def test_many_small_messages_round_trip_in_order(peer, compression):
    with connect(peer.ws_base + "/echo", compression=compression, max_queue=None, open_timeout=10) as ws:
        for i in range(1000):
            ws.send(f"message {i}")
        for i in range(1000):
            assert ws.recv(timeout=30) == f"message {i}"
