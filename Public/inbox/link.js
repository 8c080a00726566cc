// The inbox's one link to the shared foundations: the live protocol client, the REST helper, the logged-in user
// and the texts. Every inbox module imports these from here, so moving onto the shared modules (../js/live.js,
// ../js/i18n.js, owned by the supervisor pages) changes this file only.
//
// Until those land on main, this file carries a small client of its own for the inbox (Public/protocol.md):
// one WebSocket to /live; per topic the last applied seq, deltas kept from `subscribe` until its ack, deltas with
// seq <= the snapshot's dropped, a gap resubscribes with `after`; on reconnect every topic resumes from its seq;
// commands sent while reconnecting wait in order and go once; command ids carry a per-load random prefix, so they
// are unique per login session (the server answers a resend with the first answer, never running it twice).

// MARK: - Texts

const languages = {};
let language = "en";

async function loadLanguage(code) {
  if (!languages[code]) {
    const response = await fetch(`/i18n/${code}.json`, { credentials: "same-origin" });
    languages[code] = response.ok ? await response.json() : {};
  }
}

/// The text of `key` in the page's language, `{name}` replaced from `params`; `fallback` (or the key) when missing.
export function t(key, params = {}, fallback) {
  const text = languages[language]?.[key] ?? languages.en?.[key] ?? fallback ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

/// A duration in seconds as m:ss or h:mm:ss; "—" for null.
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  const s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
}

/// Applies the texts to `data-i18n` (text), `data-i18n-placeholder` and `data-i18n-aria-label` elements.
export function applyTexts(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n, {}, el.textContent);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder, {}, el.placeholder);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
}

/// Loads the stored language (or the browser's) and wires the language switch.
export async function setUpTexts(select) {
  const stored = localStorage.getItem("switchboard.language");
  language = stored || (navigator.language?.startsWith("es") ? "es" : "en");
  await Promise.all([loadLanguage("en"), loadLanguage(language)]);
  document.documentElement.lang = language;
  applyTexts();
  if (select) {
    select.value = language;
    select.addEventListener("change", async () => {
      localStorage.setItem("switchboard.language", select.value);
      location.reload();   // every painted text and format follows the new language
    });
  }
}

// MARK: - REST

/// A JSON request to the API; rejects with an Error carrying `status` and `code`.
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: "same-origin",
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw Object.assign(new Error(data?.error?.message ?? response.statusText), { status: response.status, code: data?.error?.code });
  }
  return data;
}

/// The logged-in agent, or null after sending the browser to the login page.
export async function currentUser() {
  try {
    const user = await api("GET", "/api/me");
    if (user.role !== "agent") {
      location.assign("/");
      return null;
    }
    return user;
  } catch {
    location.assign(`/login/?next=${encodeURIComponent(location.pathname)}`);
    return null;
  }
}

// MARK: - Live

class LiveLink {
  /// Commands whose effect belongs to one socket, or that stream the latest state: never resent on a new socket.
  static socketBound = new Set(["subscribe", "unsubscribe", "typing", "screen.update"]);

  constructor() {
    this.prefix = Math.random().toString(36).slice(2, 10);
    this.counter = 0;
    this.topics = new Map();     // topic → { handlers, seq, pending: deltas kept until the ack, subscribing }
    this.waiting = new Map();    // command id → { resolve, reject, text, boundToSocket }, in the order sent
    this.closeHandlers = [];
    this.retry = 0;
    this.stopped = false;
    this.indicator = null;
  }

  /// Shows live / reconnecting / offline since hh:mm in `element`.
  showStateIn(element) {
    this.indicator = element;
    this.paint("connecting");
  }

  paint(mode) {
    if (!this.indicator) return;
    this.indicator.dataset.state = mode;
    const since = new Intl.DateTimeFormat(document.documentElement.lang || "en", { hour: "2-digit", minute: "2-digit" })
      .format(this.downSince ?? Date.now());
    this.indicator.textContent = mode === "live" ? `● ${t("inbox.live.live")}`
      : mode === "offline" ? `○ ${t("inbox.live.offline", { time: since })}` : `◌ ${t("inbox.live.reconnecting")}`;
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
    const args = { topic };
    if (entry.seq !== null) args.after = entry.seq;
    this.command("subscribe", args).then(() => {
      entry.subscribing = false;
      this.flushKept(topic, entry);
    }, (error) => {
      entry.subscribing = false;
      if (error.code !== "reconnecting") entry.handlers.error?.(error);
    });
  }

  /// Follows a topic: `handlers.snapshot(data, seq)`, `handlers.delta(data, seq)`, `handlers.error(error)`.
  subscribe(topic, handlers) {
    const entry = { handlers, seq: null, kept: [], subscribing: false };
    this.topics.set(topic, entry);
    if (!this.socket && !this.stopped && this.retry === 0 && !this.started) {
      this.started = true;
      this.connect();
    }
    if (this.socket?.readyState === WebSocket.OPEN) this.resubscribe(topic, entry);
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
