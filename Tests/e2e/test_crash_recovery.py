"""Crash recovery of inbound webhooks: `serve` is SIGKILLed in the middle of signed cloud webhook traffic (four
senders, so requests are in flight at the kill), restarted on the same SQLite file, and every message is posted
again as a provider retries what it did not see answered (and, here, also what it did). Then every message that
was answered 2xx before the kill is in the store exactly once, the reposts were all answered 200 (the provider
message id dedups them) and no message is in the store twice. Bounded: about 15 s."""
import collections
import http.client
import os
import threading
import time
import uuid

from serve_support import (ADMIN_PASSWORD, Api, Server, add_admin, cloud_body, post_cloud, seed_minimal,
                           transcripts)

MESSAGES = 3000
SENDERS = 4
CUSTOMERS = 12
KILL_AFTER_ACKS = 300


def _messages():
    run = uuid.uuid4().hex[:8]
    return [(f"wamid.crash-{run}-{n}", f"+54911{n % CUSTOMERS:08d}", f"crash{run}n{n} hello") for n in range(MESSAGES)]


class Senders:
    """SENDERS threads posting the messages in turn over keep-alive connections, recording each answer."""

    def __init__(self, port, provider, messages):
        self.port = port
        self.provider = provider
        self.messages = messages
        self.status = {}
        self.lock = threading.Lock()
        self.acked = 0
        self.next = 0
        self.dead = threading.Event()

    def take(self):
        with self.lock:
            if self.next >= len(self.messages):
                return None
            self.next += 1
            return self.messages[self.next - 1]

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        while not self.dead.is_set() and (message := self.take()) is not None:
            wamid, customer, text = message
            status = post_cloud(self.port, self.provider, cloud_body(wamid, customer, text), connection=conn)
            with self.lock:
                self.status[wamid] = status
                if status is not None and 200 <= status < 300:
                    self.acked += 1
            if status is None:
                # No answer: the server is gone (or the connection broke); what is left is retried after the restart.
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                if self.dead.is_set():
                    break
        conn.close()


def test_sigkill_mid_stream_loses_no_acknowledged_message_and_duplicates_none(tmp_path):
    directory = str(tmp_path)
    db = os.path.join(directory, "switchboard.db")
    add_admin(db)
    server = Server(db, directory).start()
    try:
        api = Api(server.base, origin=True).login("admin", ADMIN_PASSWORD)
        seeded = seed_minimal(api)
        messages = _messages()
        senders = Senders(server.port, seeded.provider, messages)
        threads = [threading.Thread(target=senders.run, daemon=True) for _ in range(SENDERS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while senders.acked < KILL_AFTER_ACKS:
            assert time.monotonic() < deadline, f"only {senders.acked} webhooks answered in 20 s"
            assert any(t.is_alive() for t in threads), "the senders finished before the kill"
            time.sleep(0.01)
        server.process.kill()  # SIGKILL: no shutdown, no flush
        senders.dead.set()
        server.process.wait()
        for thread in threads:
            thread.join(timeout=10)
        acknowledged = {w for w, s in senders.status.items() if s is not None and 200 <= s < 300}
        unanswered = [w for w, s in senders.status.items() if s is None]
        assert all(s is None or 200 <= s < 300 for s in senders.status.values()), collections.Counter(senders.status.values())
        assert KILL_AFTER_ACKS <= len(acknowledged) < MESSAGES, "the kill did not fall in the middle of the traffic"
        print(f"\nkilled after {len(acknowledged)} acknowledged, {len(unanswered)} without an answer (in flight or "
              f"refused), {MESSAGES - len(senders.status)} not sent yet")

        # The same port: the provider's webhook URL does not change.
        server.start()
        api = Api(server.base, origin=True).login("admin", ADMIN_PASSWORD)
        tokens = {wamid: text.split(" ")[0] for wamid, _, text in messages}
        # Before any retry: what was acknowledged survived the kill, once (a retry would hide a loss).
        stored = collections.Counter(body.split(" ")[0] for _, body in transcripts(api))
        lost = [w for w in acknowledged if stored[tokens[w]] == 0]
        assert not lost, f"{len(lost)} acknowledged messages lost in the crash, e.g. {lost[:3]}"
        assert all(n == 1 for n in stored.values()), [t for t, n in stored.items() if n != 1][:3]
        in_flight = len(stored) - len(acknowledged)
        assert 0 <= in_flight <= SENDERS, "messages in the store that were neither acknowledged nor in flight"
        print(f"after the restart: {len(acknowledged)} acknowledged all there, {in_flight} committed without an answer")
        # The provider retries: here every message again, the acknowledged ones too (a retry of a delivery whose 200
        # got lost on the way looks exactly like that).
        retry = Senders(server.port, seeded.provider, messages)
        threads = [threading.Thread(target=retry.run, daemon=True) for _ in range(SENDERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(t.is_alive() for t in threads), "the reposts did not finish within 60 s"
        assert collections.Counter(retry.status.values()) == {200: MESSAGES}

        stored = collections.Counter(body.split(" ")[0] for _, body in transcripts(api))
        twice = {t: n for t, n in stored.items() if n != 1}
        assert not twice, f"{len(twice)} messages stored more than once, e.g. {list(twice.items())[:3]}"
        assert set(stored) == set(tokens.values())
    finally:
        server.kill()
