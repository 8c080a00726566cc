"""/ws: the benchmark protocol (echo, broadcast + broadcastResult, non-JSON ignored) and /healthz."""
import http.client
import json
import signal

import pytest

from websockets.sync.client import connect


def _connect(peer):
    return connect(peer.ws_base + "/ws", compression=None, ssl=peer.client_ssl(), open_timeout=10)


def test_healthz_and_unknown_paths(peer):
    conn = http.client.HTTPConnection("127.0.0.1", peer.port, timeout=5)
    conn.request("GET", "/healthz")
    assert conn.getresponse().read() == b"ok\n"
    conn.request("GET", "/nope")
    response = conn.getresponse()
    response.read()
    assert response.status == 404


def test_echo_returns_the_same_text(peer):
    with _connect(peer) as ws:
        text = json.dumps({"type": "echo", "payload": {"ts": "123", "pad": "x" * 100}})
        ws.send(text)
        assert ws.recv(timeout=10) == text


def test_broadcast_reaches_every_client_and_the_sender_gets_broadcast_result(peer):
    clients = [_connect(peer).__enter__() for _ in range(3)]
    try:
        payload = {"ts": "42", "pad": "yy", "nested": [1, 2.5, None, True]}
        clients[0].send(json.dumps({"payload": payload, "type": "broadcast"}))
        for i, ws in enumerate(clients):
            received = [json.loads(ws.recv(timeout=10))]
            if i == 0:
                received.append(json.loads(ws.recv(timeout=10)))
            broadcasts = [m for m in received if m["type"] == "broadcast"]
            assert len(broadcasts) == 1 and broadcasts[0]["payload"] == payload
            if i == 0:
                results = [m for m in received if m["type"] == "broadcastResult"]
                assert len(results) == 1 and results[0]["payload"] == payload
    finally:
        for ws in clients:
            ws.close()


def test_non_json_and_unknown_types_are_ignored(peer):
    with _connect(peer) as ws:
        for junk in ("not json", "{", '{"type":"nope"}', '["echo"]', '{"type":"echo"', '{"payload":1}'):
            ws.send(junk)
        ws.send(b'{"type":"echo"}')  # binary is not the protocol either
        marker = '{"type":"echo","payload":"marker"}'
        ws.send(marker)
        assert ws.recv(timeout=10) == marker



def test_sigterm_shuts_down_cleanly(private_peer):
    proc, peer = private_peer
    with _connect(peer) as ws:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        assert proc.returncode == 0
