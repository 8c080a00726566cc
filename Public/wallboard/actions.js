// The six actions on an agent, in the side panel that opens from the agent grid: Spy (per active interaction),
// Monitor screen (only with the agent's monitorScreen flag), Info, Pause/Resume, Chat with agent, Disconnect agent.
// Spies, chats and screen watches open as cards beside the wallboard, several at once; each closes cleanly.
import { formatDuration, formatTime, t } from "../js/i18n.js";
import { live } from "../js/live.js";
import { api } from "../js/session.js";
import { stateBadge } from "./agents.js";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(text, className = "button small", onClick) {
  const node = el("button", className, text);
  node.type = "button";
  if (onClick) node.addEventListener("click", onClick);
  return node;
}

// Offered until the center's own list (Administration → Pause reasons) has loaded, or when it is empty.
const reasons = ["Break", "Lunch", "Training", "Meeting", "Coaching", "Technical problem"];

export class ActionPanel {
  constructor({ root, spies, chats, screens, dialog, campaigns, toast, errorText }) {
    Object.assign(this, { root, spies, chats, screens, dialog, campaigns, toast, errorText });
    this.agent = null;
    this.spyCards = new Map();
    this.chatCards = new Map();
    this.screenCards = new Map();
    this.chatSubscribed = new Set();
    live.onBinary((buffer) => this.paintFrame(buffer));
  }

  set grid(grid) {
    this._grid = grid;
    // The open agent's panel follows its row; a new load means other interactions: ask `info` again.
    grid.changed = (agent, loadChanged) => {
      if (this.agent?.id !== agent.id) return;
      this.paint();
      if (loadChanged) grid.refreshSoon(agent);
    };
  }

  open(agent) {
    this.agent = agent;
    this.root.hidden = false;
    this.paint();
    this.root.querySelector("h2")?.focus();
    this._grid.refresh(agent);
  }

  paint() {
    const agent = this.agent;
    const presence = agent.presence ?? { status: "offline" };
    const title = el("h2", "panel-title", agent.name);
    title.id = "agent-panel-name";
    title.tabIndex = -1;
    const head = el("div", "panel-head");
    head.append(title, stateBadge(presence), button(t("common.close"), "button small", () => { this.root.hidden = true; this.agent = null; }));
    const actions = el("div", "panel-actions");
    const paused = presence.status === "paused";
    actions.append(
      button(t("action.info"), "button", () => this.info()),
      button(paused ? t("action.resume") : t("action.pause"), "button", () => (paused ? this.resume() : this.pause())),
      button(t("action.chat"), "button", () => this.openChat(agent)),
    );
    if (agent.monitorScreen) actions.append(button(t("action.monitor"), "button", () => this.watchScreen(agent)));
    actions.append(button(t("action.disconnect"), "button danger", () => this.disconnect()));
    const list = el("ul", "panel-interactions");
    for (const interaction of agent.interactions ?? []) {
      const item = el("li");
      const campaign = this.campaigns.get(interaction.campaign);
      item.append(el("span", "interaction-customer", interaction.customer),
        el("span", "muted", `${campaign?.name ?? ""} · #${interaction.id}`),
        button(t("action.spy"), "button small primary", () => this.spy(interaction, agent)));
      list.append(item);
    }
    const heading = el("h3", "panel-subtitle", t("wallboard.activeInteractions", { n: (agent.interactions ?? []).length }));
    this.root.replaceChildren(head, actions, heading, list);
    if ((agent.interactions ?? []).length === 0) this.root.append(el("p", "muted", t("wallboard.noActive")));
  }

  // MARK: - Dialogs

  /// Opens the shared dialog; `onConfirm()` returns a promise; errors stay in the dialog, in words.
  ask({ title, body, confirm, danger = false, onConfirm }) {
    const d = this.dialog;
    d.querySelector("#dialog-title").textContent = title;
    d.querySelector("#dialog-body").replaceChildren(...body);
    d.querySelector("#dialog-error").textContent = "";
    const ok = d.querySelector("#dialog-ok");
    ok.textContent = confirm;
    ok.className = danger ? "button danger" : "button primary";
    ok.disabled = false;
    const form = d.querySelector("#dialog-form");
    form.onsubmit = async (event) => {
      event.preventDefault();
      ok.disabled = true;
      try {
        await onConfirm();
        d.close();
      } catch (error) {
        d.querySelector("#dialog-error").textContent = this.errorText(error);
        ok.disabled = false;
      }
    };
    d.querySelector("#dialog-cancel").onclick = () => d.close();
    d.showModal();
  }

  pause() {
    const agent = this.agent;
    const label = el("label", "field");
    label.append(el("span", null, t("wallboard.pauseReason")));
    const input = el("input");
    input.required = true;
    input.setAttribute("list", "pause-reasons");
    const list = el("datalist");
    list.id = "pause-reasons";
    const offer = (names) => list.replaceChildren(...names.map((reason) => { const o = el("option"); o.value = reason; return o; }));
    offer(reasons);
    api("GET", "/api/pause-reasons").then(({ pauseReasons }) => { if (pauseReasons.length) offer(pauseReasons); }).catch(() => {});
    label.append(input, list);
    this.ask({
      title: t("wallboard.pauseTitle", { name: agent.name }), body: [el("p", "muted", t("wallboard.pauseHelp")), label],
      confirm: t("action.pause"),
      onConfirm: async () => {
        const reason = input.value.trim();
        if (!reason) throw Object.assign(new Error(t("wallboard.reasonRequired")), { code: "reason" });
        await live.command("pause", { agent: agent.id, reason });
        this.toast(t("wallboard.paused", { name: agent.name, reason }));
      },
    });
    setTimeout(() => input.focus(), 0);
  }

  async resume() {
    try {
      await live.command("resume", { agent: this.agent.id });
      this.toast(t("wallboard.resumed", { name: this.agent.name }));
    } catch (error) {
      this.toast(this.errorText(error), "warning");
    }
  }

  disconnect() {
    const agent = this.agent;
    const n = agent.presence?.active ?? 0;
    this.ask({
      title: t("wallboard.disconnectTitle", { name: agent.name }),
      body: [el("p", null, t("wallboard.disconnectHelp", { name: agent.name, n }))],
      confirm: t("action.disconnect"), danger: true,
      onConfirm: async () => {
        const result = await live.command("disconnect", { agent: agent.id });
        this.toast(t("wallboard.disconnected", { name: agent.name, n: result?.requeued ?? 0 }));
      },
    });
  }

  async info() {
    const agent = this.agent;
    let info;
    try {
      info = await live.command("info", { agent: agent.id });
    } catch (error) {
      this.toast(this.errorText(error), "warning");
      return;
    }
    const zone = this.campaigns.get(info.campaigns?.[0])?.timeZone;
    const rows = [
      [t("wallboard.info.state"), `${t(`state.${info.presence?.status ?? "offline"}`)}${info.presence?.reason ? ` — ${info.presence.reason}` : ""}`],
      [t("wallboard.info.since"), formatTime(info.presence?.since, zone)],
      [t("wallboard.info.loggedIn"), formatTime(info.loggedIn, zone)],
      [t("wallboard.info.address"), info.address ?? "—"],
      [t("wallboard.info.campaigns"), (info.campaigns ?? []).map((id) => this.campaigns.get(id)?.name ?? `#${id}`).join(", ") || "—"],
      [t("wallboard.col.handled"), String(info.today?.handled ?? 0)],
      [t("wallboard.col.aht"), formatDuration(info.today?.aht)],
      [t("wallboard.col.firstResponse"), formatDuration(info.today?.firstResponse)],
      [t("wallboard.info.interactions"), String((info.interactions ?? []).length)],
    ];
    for (const [reason, ms] of Object.entries(info.paused ?? {})) rows.push([t("wallboard.info.pausedFor", { reason }), formatDuration(ms / 1000)]);
    const list = el("dl", "info-list");
    for (const [label, value] of rows) list.append(el("dt", null, label), el("dd", null, value));
    this.ask({ title: t("wallboard.infoTitle", { name: agent.name }), body: [list], confirm: t("common.close"), onConfirm: async () => {} });
  }

  // MARK: - Spy

  async spy(interaction, agent) {
    const topic = `interaction:${interaction.id}`;
    if (this.spyCards.has(topic)) { this.spyCards.get(topic).querySelector("button").focus(); return; }
    const card = el("section", "card side-card spy-card");
    card.setAttribute("aria-label", t("wallboard.spyLabel", { customer: interaction.customer, name: agent.name }));
    const head = el("div", "panel-head");
    head.append(el("h2", "panel-title", `${t("action.spy")} · ${interaction.customer}`), el("span", "muted", agent.name),
      button(t("wallboard.stopSpying"), "button small", () => this.unspy(topic, interaction)));
    const lines = el("ol", "transcript");
    const typing = el("p", "typing muted");
    typing.setAttribute("aria-live", "polite");
    card.append(head, lines, typing);
    this.spies.prepend(card);
    this.spyCards.set(topic, card);
    const seen = new Set();
    const addLine = (m) => {
      if (seen.has(m.index)) return;
      seen.add(m.index);
      const item = el("li", `line line-${m.author}`);
      item.append(el("span", "line-author", t(`author.${m.author}`)), el("span", "line-text", m.text),
        el("time", "line-time muted", formatTime(m.at, this.campaigns.get(interaction.campaign)?.timeZone)));
      lines.append(item);
      lines.scrollTop = lines.scrollHeight;
    };
    try {
      await live.follow(topic, {
        snapshot: (data) => {
          lines.replaceChildren();
          seen.clear();
          for (const m of data.interaction?.transcript ?? []) addLine(m);
          typing.textContent = data.interaction?.draft ? t("wallboard.typing", { draft: data.interaction.draft }) : "";
        },
        delta: (data) => {
          if (data.kind === "message") { addLine(data.message); if (data.message.author === "agent") typing.textContent = ""; }
          else if (data.kind === "typing") typing.textContent = data.draft ? t("wallboard.typing", { draft: data.draft }) : "";
          else if (data.kind === "phase" && (data.phase === "closed" || data.phase === "abandoned" || data.phase === "queued")) {
            typing.textContent = t(`wallboard.phase.${data.phase}`);
          }
        },
      }, "spy", { interaction: interaction.id, campaign: interaction.campaign });
    } catch (error) {
      card.remove();
      this.spyCards.delete(topic);
      this.toast(this.errorText(error), "warning");
    }
  }

  unspy(topic, interaction) {
    this.spyCards.get(topic)?.remove();
    this.spyCards.delete(topic);
    live.leave(topic, "unspy", { interaction: interaction.id, campaign: interaction.campaign });
  }

  // MARK: - Chat with agent

  openChat(agent) {
    let card = this.chatCards.get(agent.id);
    if (card) { card.hidden = false; card.querySelector("input").focus(); this.markRead(agent); return; }
    card = el("section", "card side-card chat-card");
    card.setAttribute("aria-label", t("wallboard.chatLabel", { name: agent.name }));
    const head = el("div", "panel-head");
    head.append(el("h2", "panel-title", `${t("action.chat")} · ${agent.name}`),
      button(t("common.close"), "button small", () => { card.hidden = true; }));
    const lines = el("ol", "transcript chat-lines");
    const form = el("form", "chat-form");
    const label = el("label", "visually-hidden", t("wallboard.chatMessage", { name: agent.name }));
    const input = el("input");
    input.id = `chat-input-${agent.id}`;
    label.htmlFor = input.id;
    input.maxLength = 4096;
    input.autocomplete = "off";
    const send = el("button", "button primary small", t("wallboard.send"));
    send.type = "submit";
    form.append(label, input, send);
    card.append(head, lines, form);
    this.chats.prepend(card);
    this.chatCards.set(agent.id, card);
    const seen = new Set();
    const addLine = (line, fresh) => {
      if (seen.has(line.index)) return;
      seen.add(line.index);
      const item = el("li", `line line-${line.author}`);
      item.append(el("span", "line-author", line.author === "agent" ? agent.name : t("author.supervisor")),
        el("span", "line-text", line.text), el("time", "line-time muted", formatTime(line.at)));
      lines.append(item);
      lines.scrollTop = lines.scrollHeight;
      if (fresh && line.author === "agent" && card.hidden) { agent.unread += 1; this._grid.paint(agent); }
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      send.disabled = true;
      try {
        const result = await live.command("chat", { agent: agent.id, text });
        if (result?.line) addLine(result.line, false);
        input.value = "";
      } catch (error) {
        this.toast(this.errorText(error), "warning");
      } finally {
        send.disabled = false;
        input.focus();
      }
    });
    live.subscribe(`chat:${agent.id}`, {
      snapshot: (data) => { for (const line of data.lines ?? []) addLine(line, false); },
      delta: (data) => { if (data.kind === "chat") addLine(data.line, true); },
      error: (error) => this.toast(this.errorText(error), "warning"),
    });
    this.markRead(agent);
    input.focus();
  }

  markRead(agent) {
    agent.unread = 0;
    this._grid.paint(agent);
  }

  // MARK: - Monitor screen

  async watchScreen(agent) {
    const topic = `screen:${agent.id}`;
    if (this.screenCards.has(topic)) return;
    const card = el("section", "card side-card screen-card");
    card.setAttribute("aria-label", t("wallboard.screenLabel", { name: agent.name }));
    const head = el("div", "panel-head");
    head.append(el("h2", "panel-title", `${t("action.monitor")} · ${agent.name}`),
      button(t("wallboard.stopWatching"), "button small", () => {
        this.dropScreen(topic);
        live.leave(topic, "screen.stop", { agent: agent.id });
      }));
    const body = el("dl", "info-list");
    const open = el("dd", null, "—"), scroll = el("dd", null, "—"), draft = el("dd", "screen-draft", "—");
    body.append(el("dt", null, t("wallboard.screen.open")), open, el("dt", null, t("wallboard.screen.scroll")), scroll,
      el("dt", null, t("wallboard.screen.draft")), draft);
    const frame = el("img", "screen-frame");
    frame.alt = t("wallboard.screen.frameAlt", { name: agent.name });
    frame.hidden = true;
    card.append(head, el("p", "muted", t("wallboard.screen.waiting")), body, frame);
    this.screens.prepend(card);
    this.screenCards.set(topic, card);
    const paint = (data) => {
      card.querySelector("p.muted")?.remove();
      open.textContent = data.interaction ? `#${data.interaction}` : t("wallboard.screen.none");
      scroll.textContent = data.scroll === undefined || data.scroll === null ? "—" : `${Math.round(Number(data.scroll) * 100) / 100}`;
      draft.textContent = data.draft || "—";
    };
    try {
      await live.follow(topic, { snapshot: paint, delta: (data) => { if (data.kind === "screen") paint(data); } },
        "screen.start", { agent: agent.id });
    } catch (error) {
      this.dropScreen(topic);
      this.toast(this.errorText(error), "warning");
    }
  }

  dropScreen(topic) {
    const card = this.screenCards.get(topic);
    const frame = card?.querySelector("img.screen-frame");
    if (frame?.src) URL.revokeObjectURL(frame.src);
    card?.remove();
    this.screenCards.delete(topic);
  }

  /// A binary frame: 1 byte length, the agent id in UTF-8, then the JPEG (Public/protocol.md).
  paintFrame(buffer) {
    const bytes = new Uint8Array(buffer);
    if (bytes.length < 2 || bytes.length < 1 + bytes[0]) return;
    const agent = new TextDecoder().decode(bytes.subarray(1, 1 + bytes[0]));
    const frame = this.screenCards.get(`screen:${agent}`)?.querySelector("img.screen-frame");
    if (!frame) return;
    const previous = frame.src;
    frame.src = URL.createObjectURL(new Blob([bytes.subarray(1 + bytes[0])], { type: "image/jpeg" }));
    frame.hidden = false;
    frame.closest(".screen-card")?.querySelector("p.muted")?.remove();
    if (previous) URL.revokeObjectURL(previous);
  }
}
