// The live protocol client (Public/protocol.md), one per page: `import { live } from "/js/live.js"`.
// One WebSocket to /live; per topic the last applied seq, deltas kept from `subscribe` until its ack, deltas with
// seq <= the snapshot's dropped, a gap resubscribes with `after`; on reconnect (backoff with jitter) every topic
// resumes from its seq; commands sent while reconnecting wait in order and go once; command ids carry a per-load
// random prefix, so they are unique per login session (the server answers a resend with the first answer).
//   live.subscribe(topic, { snapshot(data, seq), delta(data, seq), error(err) })
//   await live.command("pause", { agent: 12, reason: "Break" })      // rejects with err.code on `error`
//   live.showStateIn(element)     // live / reconnecting / offline since hh:mm; sets data-state for stale styling
//   live.onState(fn)              // fn("live" | "reconnecting" | "offline" | "connecting")
//   live.onBinary(fn)             // binary frames (screen frames)
import { t } from "./i18n.js";

class LiveLink {
  /// Commands whose effect belongs to one socket, or that stream the latest state: never resent on a new socket.
  static socketBound = new Set(["subscribe", "unsubscribe", "typing", "screen.update", "spy", "unspy", "screen.start", "screen.stop"]);

  constructor() {
    this.prefix = Math.random().toString(36).slice(2, 10);
    this.counter = 0;
    this.topics = new Map();     // topic → { handlers, seq, pending: deltas kept until the ack, subscribing }
    this.waiting = new Map();    // command id → { resolve, reject, text, boundToSocket }, in the order sent
    this.closeHandlers = [];
    this.retry = 0;
    this.stopped = false;
    this.indicator = null;
    this.stateHandlers = [];
    this.binaryHandlers = [];
    this.mode = "connecting";
  }

  /// Shows live / reconnecting / offline since hh:mm in `element`.
  showStateIn(element) {
    this.indicator = element;
    this.paint("connecting");
  }

  /// Calls `handler(mode)` on every change of the connection's state (pages mark figures stale while not live).
  onState(handler) { this.stateHandlers.push(handler); }

  /// Calls `handler(ArrayBuffer)` for every binary frame.
  onBinary(handler) { this.binaryHandlers.push(handler); }

  paint(mode) {
    this.mode = mode;
    document.documentElement.dataset.live = mode;
    for (const handler of this.stateHandlers) handler(mode);
    if (!this.indicator) return;
    this.indicator.dataset.state = mode;
    const since = new Intl.DateTimeFormat(document.documentElement.lang || "en", { hour: "2-digit", minute: "2-digit" })
      .format(this.downSince ?? Date.now());
    this.indicator.textContent = mode === "live" ? `● ${t("common.live.live")}`
      : mode === "offline" ? `○ ${t("common.live.offline", { time: since })}` : `◌ ${t("common.live.reconnecting")}`;
  }

  connect() {
    if (this.stopped) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/live`);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.retry = 0;
      this.downSince = null;
      this.paint("live");
      // Commands whose answer never came (or that waited for the socket) go now, in order, with their ids: the
      // server answers a repeat with the first answer, so each runs once. Then every topic resumes from its seq.
      const pending = [...this.waiting.values()];
      for (const [topic, entry] of this.topics) this.resubscribe(topic, entry);
      for (const waiter of pending) socket.send(waiter.text);
    });
    socket.addEventListener("message", (event) => {
      if (typeof event.data === "string") this.receive(JSON.parse(event.data));
      else for (const handler of this.binaryHandlers) handler(event.data);
    });
    socket.addEventListener("close", (event) => {
      this.socket = null;
      // Subscriptions and latest-state streams belong to the socket: they are made again, not resent.
      for (const [id, waiter] of this.waiting) {
        if (!waiter.boundToSocket) continue;
        this.waiting.delete(id);
        waiter.reject(Object.assign(new Error("reconnecting"), { code: "reconnecting" }));
      }
      for (const handler of this.closeHandlers) handler(event.code);
      if (event.code === 4001 || event.code === 1008) {
        this.stopped = true;
        this.paint("offline");
        return;
      }
      this.downSince ??= Date.now();
      this.paint(this.retry > 3 ? "offline" : "reconnecting");
      // A refused upgrade looks like any drop: after a few, ask whether the session itself is gone.
      if (this.retry === 3) {
        fetch("/api/me", { credentials: "same-origin" }).then((r) => {
          if (r.status === 401) location.assign(`/login/?next=${encodeURIComponent(location.pathname)}`);
        }, () => {});
      }
      const delay = Math.min(10_000, 250 * 2 ** this.retry) * (0.5 + Math.random() / 2);
      this.retry += 1;
      setTimeout(() => this.connect(), delay);
    });
  }

  receive(message) {
    if (message.type === "ack" || message.type === "error") {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if (message.type === "ack") waiter.resolve(message.result); else waiter.reject(Object.assign(new Error(message.message), { code: message.code }));
      return;
    }
    const entry = this.topics.get(message.topic);
    if (!entry) return;
    if (message.type === "snapshot") {
      entry.seq = message.seq;
      entry.handlers.snapshot?.(message.data, message.seq);
      this.flushKept(message.topic, entry);
      return;
    }
    if (entry.subscribing) {
      entry.kept.push(message);   // kept from subscribe until its ack (a live delta may overtake the answer)
      return;
    }
    this.apply(message.topic, entry, message);
  }

  apply(topic, entry, message) {
    if (message.seq <= entry.seq) return;   // already in the snapshot, or a duplicate
    if (message.seq > entry.seq + 1) {
      this.resubscribe(topic, entry);         // a gap: replay or snapshot from what we have
      return;
    }
    entry.seq = message.seq;
    entry.handlers.delta?.(message.data, message.seq);
  }

  flushKept(topic, entry) {
    const kept = entry.kept.splice(0).sort((a, b) => a.seq - b.seq);
    for (const message of kept) this.apply(topic, entry, message);
  }

  resubscribe(topic, entry) {
    entry.subscribing = true;
    entry.kept = [];
    // Topics joined through a command (`spy`, `screen.start`) are joined again by that command: a fresh snapshot.
    let cmd = "subscribe", args = { ...entry.args, topic };
    if (entry.via) ({ cmd, args } = entry.via);
    else if (entry.seq !== null) args.after = entry.seq;
    this.command(cmd, args).then(() => {
      entry.subscribing = false;
      this.flushKept(topic, entry);
    }, (error) => {
      entry.subscribing = false;
      if (error.code !== "reconnecting") entry.handlers.error?.(error);
    });
  }

  /// Follows a topic: `handlers.snapshot(data, seq)`, `handlers.delta(data, seq)`, `handlers.error(error)`;
  /// `args` go with every (re)subscribe (the wallboard's `window`). Subscribing again replaces the handlers and
  /// asks for a fresh snapshot.
  subscribe(topic, handlers, args = {}) {
    const entry = { handlers, args, seq: null, kept: [], subscribing: false };
    this.topics.set(topic, entry);
    if (!this.socket && !this.stopped && this.retry === 0 && !this.started) {
      this.started = true;
      this.connect();
    }
    if (this.socket?.readyState === WebSocket.OPEN) this.resubscribe(topic, entry);
  }

  /// Follows a topic that is joined through a command (`spy` for `interaction:<id>`, `screen.start` for
  /// `screen:<agentId>`): resolves when the command is acknowledged (the snapshot came first), rejects with its error.
  follow(topic, handlers, cmd, args) {
    const entry = { handlers, seq: null, kept: [], subscribing: true, via: { cmd, args } };
    this.topics.set(topic, entry);
    if (!this.started) { this.started = true; this.connect(); }
    return this.command(cmd, args).then((result) => {
      entry.subscribing = false;
      this.flushKept(topic, entry);
      return result;
    }, (error) => {
      this.topics.delete(topic);
      throw error;
    });
  }

  /// Stops following a topic: `unsubscribe`, or the command that ends it (`unspy`, `screen.stop`).
  leave(topic, cmd = "unsubscribe", args = { topic }) {
    this.topics.delete(topic);
    return this.command(cmd, args).catch(() => {});
  }

  /// Sends a command; resolves with its `result`, rejects with an Error carrying the protocol's `code`.
  command(cmd, args = {}) {
    const id = `${this.prefix}-${++this.counter}`;
    const text = JSON.stringify({ cmd, id, ...args });
    const boundToSocket = LiveLink.socketBound.has(cmd);
    return new Promise((resolve, reject) => {
      if (boundToSocket && this.socket?.readyState !== WebSocket.OPEN) {
        reject(Object.assign(new Error("reconnecting"), { code: "reconnecting" }));
        return;
      }
      this.waiting.set(id, { resolve, reject, text, boundToSocket });
      // Not connected: it waits in `waiting` and goes when the socket opens.
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
    });
  }

  /// Sends a binary frame (screen frames) when connected; dropped otherwise (frames are latest-state).
  sendBinary(bytes) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  /// Called with the close code every time the socket closes.
  onClose(handler) { this.closeHandlers.push(handler); }
}

/// The page's one live connection.
export const live = new LiveLink();
