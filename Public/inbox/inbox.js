// The agent's inbox (/inbox): presence, the waiting list and offers, the open conversations with their messages,
// the composer, close with subject and disposition, the customer's previous messages, the supervisor chat, and
// what supervisors do to the agent (pause, resume, disconnect, monitor screen).
//
// One state object applied from the protocol (Public/protocol.md), painted in place; one timer ticks every waiting
// time and countdown. The protocol itself lives in ../js/live.js: resume by seq, commands queued while
// reconnecting and sent once (command ids are unique per login session, so a resend never sends twice).
import { appendMessage, messageNode, paintDelivery, paintMessages } from "./messages.js";
import { setUpComposer, storeDraft, storedDraft } from "./composer.js";
import { setUpWaiting } from "./waiting.js";
import { setUpScreen } from "./screen.js";
import { setUpOutgoing } from "./outgoing.js";
import { api, currentUser, live, setUpTexts, t } from "./link.js";

const $ = (id) => document.getElementById(id);

const state = {
  me: null,
  campaigns: new Map(),     // id → campaign (name, canned responses, dispositions)
  waiting: new Map(),       // campaign id → Map(interaction id → entry)
  conversations: new Map(), // interaction id → { view, messages: Map(index → message), pending: Map, unread }
  open: null,
  presence: { status: "offline", reason: null, since: 0 },
  pauseAsked: null,         // the reason this page asked for (to tell a supervisor's pause from the agent's)
  chat: { lines: new Map(), unread: 0, open: false },
  pauseReasons: [],
  muted: localStorage.getItem("switchboard.inbox.muted") === "1",
  localSeq: 0,
  disconnected: false,
};

// MARK: - Notices

/// A short message in words (take refused, pause by a supervisor…); stays 8 s, or until dismissed.
function notice(text, kind = "info") {
  const box = document.createElement("p");
  box.className = `inbox-notice ${kind}`;
  box.textContent = text;
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "button small";
  dismiss.textContent = t("common.dismiss");
  dismiss.addEventListener("click", () => box.remove());
  box.append(dismiss);
  $("notices").append(box);
  setTimeout(() => box.remove(), 8000);
}

/// The words for an error code of the protocol.
function errorText(error) {
  const code = error?.code ?? "internal";
  return t(`inbox.error.${code}`, {}, error?.message || code);
}

let audio = null;
function chime() {
  if (state.muted) return;
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator(), gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.4);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  } catch { /* no audio device: the title and the badge still show it */ }
}

// MARK: - Waiting list and offers

const waiting = setUpWaiting({
  campaignName: (id) => state.campaigns.get(id)?.name ?? `#${id}`,
  take: async (entry, button) => {
    button.disabled = true;
    try {
      const result = await live.command("take", { interaction: entry.interaction, campaign: entry.campaign });
      addConversation(result.interaction);
      openConversation(result.interaction.id);
      waiting.close();
    } catch (error) {
      notice(errorText(error), "warning");
      // The list corrects itself: someone else's take arrives as a dequeue; refresh in case it already did.
      if (error?.code === "already_taken" || error?.code === "unknown_interaction") dropWaiting(entry.campaign, entry.interaction);
    } finally {
      button.disabled = false;
    }
  },
  accept: async (offer) => {
    try {
      const result = await live.command("take", { interaction: offer.id, campaign: offer.campaign });
      addConversation(result.interaction);
      openConversation(offer.id);
    } catch (error) {
      notice(errorText(error), "warning");
    }
  },
  decline: async (offer) => {
    try {
      await live.command("decline", { interaction: offer.id, campaign: offer.campaign });
    } catch (error) {
      notice(errorText(error), "warning");
    }
  },
});

function allWaiting() {
  const entries = [];
  for (const list of state.waiting.values()) entries.push(...list.values());
  return entries.sort((a, b) => a.enqueuedAt - b.enqueuedAt || a.interaction - b.interaction);
}

let lastWaitingCount = 0;
function paintWaiting() {
  const entries = allWaiting();
  waiting.paint(entries);
  if (entries.length > lastWaitingCount) chime();
  lastWaitingCount = entries.length;
  paintTitle();
}

function dropWaiting(campaign, interaction) {
  state.waiting.get(campaign)?.delete(interaction);
  paintWaiting();
}

function paintOffers() {
  waiting.paintOffers([...state.conversations.values()].map((c) => c.view).filter((v) => v.phase === "reserved"));
}

function paintTitle() {
  const n = allWaiting().length;
  const unread = [...state.conversations.values()].reduce((sum, c) => sum + c.unread, 0);
  const prefix = n > 0 ? `(${n}) ` : "";
  document.title = `${prefix}${unread > 0 ? "• " : ""}${t("inbox.title")}`;
}

// MARK: - Conversations

function conversationFrom(view) {
  const existing = state.conversations.get(view.id);
  const conversation = existing ?? { view, messages: new Map(), pending: new Map(), unread: 0 };
  conversation.view = view;
  for (const message of view.transcript ?? []) conversation.messages.set(message.index, message);
  return conversation;
}

function addConversation(view) {
  const isNew = !state.conversations.has(view.id);
  const conversation = conversationFrom(view);
  state.conversations.set(view.id, conversation);
  if (isNew && view.phase === "reserved") chime();
  if (isNew && view.phase === "active" && state.open !== view.id) conversation.unread = Math.max(conversation.unread, 0);
  paintTabs();
  paintOffers();
  if (state.open === view.id) paintOpen();
}

function removeConversation(id, reason) {
  const conversation = state.conversations.get(id);
  if (!conversation) return;
  state.conversations.delete(id);
  if (state.open === id) {
    state.open = null;
    paintOpen();
  }
  if (reason) notice(reason, "info");
  paintTabs();
  paintOffers();
  paintTitle();
}

function activeConversations() {
  return [...state.conversations.values()].filter((c) => c.view.phase === "active")
    .sort((a, b) => (a.view.takenAt ?? 0) - (b.view.takenAt ?? 0) || a.view.id - b.view.id);
}

function paintTabs() {
  const tabs = $("conversation-tabs");
  const active = activeConversations();
  const keep = new Set(active.map((c) => String(c.view.id)));
  for (const li of [...tabs.children]) if (!keep.has(li.dataset.id)) li.remove();
  active.forEach((c, position) => {
    let li = tabs.querySelector(`li[data-id="${c.view.id}"]`);
    if (!li) {
      li = document.createElement("li");
      li.dataset.id = String(c.view.id);
      const tab = document.createElement("button");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.className = "inbox-tab";
      tab.id = `tab-${c.view.id}`;
      tab.setAttribute("aria-controls", "conversation");
      const number = document.createElement("strong");
      const campaign = document.createElement("span");
      const unread = document.createElement("span");
      unread.className = "badge unread";
      tab.append(number, campaign, unread);
      tab.addEventListener("click", () => openConversation(c.view.id));
      tab.addEventListener("keydown", (event) => {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          const all = [...tabs.querySelectorAll("[role=tab]")];
          const next = all[(all.indexOf(tab) + (event.key === "ArrowDown" ? 1 : all.length - 1)) % all.length];
          next?.focus();
        }
      });
      li.append(tab);
    }
    const tab = li.firstChild;
    tab.children[0].textContent = c.view.customer;
    tab.children[1].textContent = state.campaigns.get(c.view.campaign)?.name ?? "";
    tab.children[2].textContent = c.unread > 0 ? String(c.unread) : "";
    tab.children[2].hidden = c.unread === 0;
    tab.children[2].setAttribute("aria-label", t("inbox.conversations.unread", { n: c.unread }));
    tab.setAttribute("aria-selected", String(state.open === c.view.id));
    tab.tabIndex = state.open === c.view.id || (state.open === null && position === 0) ? 0 : -1;
    if (tabs.children[position] !== li) tabs.insertBefore(li, tabs.children[position] ?? null);
  });
  $("conversations-empty").hidden = active.length > 0;
  const maximum = Math.max(0, ...[...state.campaigns.values()].map((c) => c.maxInteractionsPerAgent ?? 0));
  $("conversations-load").textContent = maximum ? t("inbox.conversations.load", { n: active.length, max: maximum }) : "";
}

/// A failed message goes again as itself (`retrySend`): the transcript keeps one line, whose state moves on.
async function retryMessage(message) {
  const conversation = state.conversations.get(message.interaction);
  if (!conversation) return;
  try {
    await live.command("retrySend", { interaction: message.interaction, campaign: conversation.view.campaign, index: message.index });
  } catch (error) {
    notice(errorText(error), "warning");
  }
}

const messageOptions = { onRetry: retryMessage };

function openConversation(id) {
  const conversation = state.conversations.get(id);
  if (!conversation || conversation.view.phase !== "active") return;
  if (state.open !== null && state.open !== id) storeDraft(state.open, $("draft").value);
  state.open = id;
  conversation.unread = 0;
  paintOpen();
  paintTabs();
  paintTitle();
  screen.changed();
}

let historyFor = null;
function paintOpen() {
  const conversation = state.open !== null ? state.conversations.get(state.open) : null;
  $("conversation").hidden = !conversation;
  $("nothing-open").hidden = Boolean(conversation);
  if (!conversation) return;
  const v = conversation.view;
  const campaign = state.campaigns.get(v.campaign);
  $("conversation-title").textContent = v.customer;
  $("head-campaign").textContent = campaign?.name ?? `#${v.campaign}`;
  $("head-number").textContent = v.customer;
  $("head-id").textContent = String(v.id);
  $("conversation").setAttribute("aria-labelledby", `tab-${v.id}`);
  const list = $("messages");
  paintMessages(list, conversation, messageOptions);
  list.scrollTop = list.scrollHeight;
  composer.show(storedDraft(v.id));
  // The three-dot menu appears only for a returning customer.
  $("history-menu").hidden = true;
  historyFor = v.id;
  live.command("history", { interaction: v.id, campaign: v.campaign }).then((result) => {
    if (historyFor !== v.id) return;
    conversation.history = result.interactions;
    $("history-menu").hidden = result.interactions.length === 0;
  }).catch(() => {});
}

function onMessage(message) {
  const conversation = state.conversations.get(message.interaction);
  if (!conversation) return;
  if (conversation.messages.has(message.index)) {
    Object.assign(conversation.messages.get(message.index), message);
  } else {
    conversation.messages.set(message.index, message);
    if (message.author === "customer" && (state.open !== message.interaction || document.hidden)) {
      conversation.unread += 1;
      if (document.hidden) chime();
    }
  }
  if (state.open === message.interaction) {
    const list = $("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    appendMessage(list, conversation.messages.get(message.index), messageOptions);
    if (atBottom || message.author === "agent") list.scrollTop = list.scrollHeight;
  }
  paintTabs();
  paintTitle();
}

/// A delivery state for one of our messages (`delivery` delta of the providers' protocol).
function onDelivery(data) {
  const conversation = state.conversations.get(data.interaction);
  const message = conversation?.messages.get(data.index);
  if (!message) return;
  message.delivery = data.state;
  message.deliveryError = data.error ?? null;
  if (state.open === data.interaction) {
    const node = $("messages").querySelector(`li[data-index="${data.index}"]`);
    if (node) paintDelivery(node, message, messageOptions.onRetry);
  }
}

/// Sends a text: shown at once as pending, replaced by the server's line when it arrives.
async function sendText(interaction, text, campaignID) {
  const conversation = state.conversations.get(interaction);
  if (!conversation) return false;
  const campaign = campaignID ?? conversation.view.campaign;
  const local = ++state.localSeq;
  const pending = { pendingLocal: local, interaction, campaign, author: "agent", text, at: Date.now() };
  conversation.pending.set(local, pending);
  // The command goes first; the pending line is painted while it travels (one node, never a repaint of the list).
  const sent = live.command("send", { interaction, campaign, text });
  if (state.open === interaction) {
    const list = $("messages");
    list.append(messageNode(pending, messageOptions));
    list.scrollTop = list.scrollHeight;
  }
  try {
    await sent;
    return true;
  } catch (error) {
    notice(errorText(error), "warning");
    // Outside the 24-hour window only a template goes: offer them (the composer keeps the draft).
    if (error?.code === "outside_care_window") {
      outgoing.open({ interaction, campaign, customer: conversation.view.customer });
    }
    return false;
  } finally {
    conversation.pending.delete(local);
    if (state.open === interaction) $("messages").querySelector(`li[data-local="${local}"]`)?.remove();
  }
}

// MARK: - Composer

let typingTimer = null;
const composer = setUpComposer({
  send: (text) => state.open === null ? Promise.resolve(false) : sendText(state.open, text),
  canned: () => state.campaigns.get(state.conversations.get(state.open)?.view.campaign)?.cannedResponses ?? [],
  draftChanged: (text) => {
    if (state.open === null) return;
    storeDraft(state.open, text);
    screen.changed();
    // Typing and the draft reach spying supervisors, at most every 300 ms (latest-state on the server).
    if (typingTimer !== null) return;
    typingTimer = setTimeout(() => {
      typingTimer = null;
      const conversation = state.conversations.get(state.open);
      if (!conversation) return;
      live.command("typing", { interaction: conversation.view.id, campaign: conversation.view.campaign, draft: $("draft").value })
        .catch(() => {});
    }, 300);
  },
});

// MARK: - Close, history, outgoing

function setUpDialogs() {
  const dialog = $("close-dialog");
  $("close-conversation").addEventListener("click", () => {
    const conversation = state.conversations.get(state.open);
    if (!conversation) return;
    $("close-error").textContent = "";
    $("close-subject").value = "";
    $("close-disposition").value = "";
    const list = state.campaigns.get(conversation.view.campaign)?.dispositions ?? [];
    $("dispositions").replaceChildren(...list.map((d) => {
      const option = document.createElement("option");
      option.value = typeof d === "string" ? d : d.name;
      return option;
    }));
    dialog.showModal();
    $("close-subject").focus();
  });
  $("close-cancel").addEventListener("click", () => dialog.close());
  $("close-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const conversation = state.conversations.get(state.open);
    if (!conversation) { dialog.close(); return; }
    const subject = $("close-subject").value.trim(), disposition = $("close-disposition").value.trim();
    try {
      await live.command("close", { interaction: conversation.view.id, campaign: conversation.view.campaign,
                                    subject: subject || null, disposition: disposition || null });
      storeDraft(conversation.view.id, "");
      dialog.close();
      removeConversation(conversation.view.id);
      $("open-waiting").focus();
    } catch (error) {
      $("close-error").textContent = errorText(error);
    }
  });

  const history = $("history-dialog");
  $("history-menu").addEventListener("click", () => {
    const past = state.conversations.get(state.open)?.history ?? [];
    const format = new Intl.DateTimeFormat(document.documentElement.lang || "en", { dateStyle: "medium", timeStyle: "short" });
    $("history-body").replaceChildren(...past.map((p) => {
      const section = document.createElement("section");
      const title = document.createElement("h3");
      const campaign = state.campaigns.get(p.campaign)?.name ?? `#${p.campaign}`;
      title.textContent = `${format.format(p.date)} · ${campaign} · #${p.id}${p.subject ? ` · ${p.subject}` : ""}`;
      const lines = document.createElement("ol");
      lines.className = "inbox-messages compact";
      for (const m of p.messages) {
        const li = document.createElement("li");
        li.className = `inbox-message from-${m.author}`;
        const who = document.createElement("span");
        who.className = "inbox-message-author";
        who.textContent = t(`inbox.author.${m.author}`);
        const text = document.createElement("p");
        text.className = "inbox-message-text";
        text.textContent = m.text;
        li.append(who, text);
        lines.append(li);
      }
      section.append(title, lines);
      return section;
    }));
    history.showModal();
  });
  $("history-close").addEventListener("click", () => history.close());

  $("start-outgoing").addEventListener("click", () => outgoing.open());
}

const outgoing = setUpOutgoing({
  campaigns: () => [...state.campaigns.values()],
  opened: (view) => {
    addConversation(view);
    openConversation(view.id);
  },
  errorText,
  sent: () => composer.focus(),
});

// MARK: - Presence

function paintPresence() {
  const p = state.presence;
  const label = $("presence-label");
  label.dataset.state = p.status;
  $("presence-text").textContent = p.status === "paused" && p.reason
    ? t("inbox.presence.pausedReason", { reason: p.reason }) : t(`inbox.presence.${p.status}`);
  $("go-available").hidden = p.status !== "offline";
  $("go-pause").hidden = p.status === "offline" || p.status === "paused";
  $("pause-reason").hidden = p.status === "offline" || p.status === "paused";
  $("go-back").hidden = p.status !== "paused";
}

function onPresence(presence) {
  const before = state.presence;
  state.presence = presence;
  if (presence.status === "paused" && before.status !== "paused" && state.pauseAsked !== presence.reason) {
    notice(t("inbox.presence.pausedBySupervisor", { reason: presence.reason ?? "" }), "warning");
  } else if (before.status === "paused" && presence.status !== "paused" && state.pauseAsked === null) {
    notice(t("inbox.presence.resumedBySupervisor"), "info");
  }
  state.pauseAsked = presence.status === "paused" ? state.pauseAsked : null;
  paintPresence();
}

function setUpPresence() {
  $("go-available").addEventListener("click", () => live.command("login").catch((e) => notice(errorText(e), "warning")));
  $("go-pause").addEventListener("click", () => {
    const reason = $("pause-reason").value || t("inbox.presence.defaultReason");
    state.pauseAsked = reason;
    live.command("status", { paused: reason }).catch((e) => { state.pauseAsked = null; notice(errorText(e), "warning"); });
  });
  $("go-back").addEventListener("click", () => {
    state.pauseAsked = null;
    live.command("status", { paused: null }).catch((e) => notice(errorText(e), "warning"));
  });
  // Disabled in the page until now: a click before the handlers exist would be lost.
  for (const id of ["go-available", "go-pause", "go-back"]) $(id).disabled = false;
  $("logout").addEventListener("click", async () => {
    if (state.presence.status !== "offline") {
      try {
        await live.command("logout");
      } catch (error) {
        notice(error?.code === "invalid_phase" ? t("inbox.logoutRefused") : errorText(error), "warning");
        return;
      }
    }
    await api("POST", "/api/logout").catch(() => {});
    location.assign("/login/");
  });
  $("mute").addEventListener("click", () => {
    state.muted = !state.muted;
    localStorage.setItem("switchboard.inbox.muted", state.muted ? "1" : "0");
    paintMute();
  });
  paintMute();
}

function paintMute() {
  $("mute").setAttribute("aria-pressed", String(state.muted));
  $("mute").textContent = state.muted ? t("inbox.sound.unmute") : t("inbox.sound.mute");
}

function paintPauseReasons() {
  const reasons = state.pauseReasons.length ? state.pauseReasons : [t("inbox.presence.defaultReason")];
  $("pause-reason").replaceChildren(...reasons.map((r) => {
    const option = document.createElement("option");
    option.value = option.textContent = typeof r === "string" ? r : r.name;
    return option;
  }));
}

// MARK: - Supervisor chat

function paintChat() {
  const lines = [...state.chat.lines.values()].sort((a, b) => a.index - b.index);
  const list = $("chat-lines");
  const format = new Intl.DateTimeFormat(document.documentElement.lang || "en", { hour: "2-digit", minute: "2-digit" });
  list.replaceChildren(...lines.map((line) => {
    const li = document.createElement("li");
    li.className = `inbox-chat-line from-${line.author}`;
    const who = document.createElement("span");
    who.className = "inbox-message-author";
    who.textContent = line.author === "agent" ? t("inbox.author.me") : t("inbox.author.supervisor");
    const text = document.createElement("p");
    text.textContent = line.text;
    const time = document.createElement("time");
    time.textContent = format.format(line.at);
    li.append(who, text, time);
    return li;
  }));
  list.scrollTop = list.scrollHeight;
  $("chat-unread").hidden = state.chat.unread === 0;
  $("chat-unread").textContent = String(state.chat.unread);
}

function setUpChat() {
  const panel = $("chat-panel");
  $("open-chat").addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    state.chat.open = !panel.hidden;
    if (state.chat.open) {
      state.chat.unread = 0;
      paintChat();
      $("chat-text").focus();
    }
  });
  $("chat-close").addEventListener("click", () => {
    panel.hidden = true;
    state.chat.open = false;
    $("open-chat").focus();
  });
  $("chat-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("chat-text").value.trim();
    if (!text) return;
    $("chat-text").value = "";
    try {
      const result = await live.command("chat", { text });
      state.chat.lines.set(result.line.index, result.line);
      paintChat();
    } catch (error) {
      $("chat-text").value = text;
      notice(errorText(error), "warning");
    }
  });
}

function onChatLine(line) {
  const isNew = !state.chat.lines.has(line.index);
  state.chat.lines.set(line.index, line);
  if (isNew && line.author === "supervisor") {
    if (!state.chat.open) {
      state.chat.unread += 1;
      notice(t("inbox.chat.notice", { text: line.text }), "info");
    }
    chime();
  }
  paintChat();
}

// MARK: - Monitor screen

const screen = setUpScreen({
  workspace: () => ({ interaction: state.open, scroll: Math.round($("messages").scrollTop), draft: $("draft").value }),
  update: (s) => live.command("screen.update", s).catch(() => {}),
  frame: (bytes) => live.sendBinary(bytes),
});

// MARK: - Shortcuts

function setUpShortcuts() {
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    if (key === "n") {
      event.preventDefault();
      const active = activeConversations();
      if (active.length === 0) return;
      const at = active.findIndex((c) => c.view.id === state.open);
      openConversation(active[(at + 1) % active.length].view.id);
      composer.focus();
    } else if (key === "t") {
      event.preventDefault();
      const oldest = allWaiting()[0];
      if (oldest) $("waiting-list").querySelector("button")?.click();
      else notice(t("inbox.waiting.empty"), "info");
    } else if (key === "m") {
      event.preventDefault();
      composer.focus();
    }
  });
  $("messages").addEventListener("scroll", () => screen.changed(), { passive: true });
}

// MARK: - Protocol

function subscribeAll() {
  const me = state.me.id;
  live.subscribe(`agent:${me}`, {
    snapshot: (data) => onPresence(data),
    delta: (data) => { if (data.kind === "presence") onPresence(data); },
  });
  live.subscribe(`inbox:${me}`, {
    snapshot: (data) => {
      const ids = new Set(data.interactions.map((v) => v.id));
      for (const id of [...state.conversations.keys()]) if (!ids.has(id)) state.conversations.delete(id);
      for (const view of data.interactions) state.conversations.set(view.id, conversationFrom(view));
      if (state.open !== null && !state.conversations.has(state.open)) state.open = null;
      if (state.open === null) state.open = activeConversations()[0]?.view.id ?? null;
      paintTabs();
      paintOffers();
      paintOpen();
    },
    delta: (data) => {
      switch (data.kind) {
        case "interaction": addConversation(data.interaction); break;
        case "message": onMessage(data.message); break;
        case "delivery": onDelivery(data); break;
        case "phase":
          if (data.phase === "active") break;
          removeConversation(data.interaction, data.phase === "closed" ? null
            : data.phase === "abandoned" ? t("inbox.conversations.abandoned") : t("inbox.conversations.requeued"));
          break;
        case "screenWatch": screen.watched(data.watching); break;
        default: break;
      }
    },
  });
  live.subscribe(`chat:${me}`, {
    snapshot: (data) => {
      state.chat.lines = new Map(data.lines.map((l) => [l.index, l]));
      paintChat();
    },
    delta: (data) => { if (data.kind === "chat") onChatLine(data.line); },
  });
  for (const campaign of state.campaigns.values()) {
    live.subscribe(`campaign:${campaign.id}`, {
      snapshot: (data) => {
        state.waiting.set(campaign.id, new Map(data.waiting.map((e) => [e.interaction, e])));
        paintWaiting();
      },
      delta: (data) => {
        const list = state.waiting.get(campaign.id) ?? new Map();
        state.waiting.set(campaign.id, list);
        if (data.kind === "queued") list.set(data.entry.interaction, data.entry);
        else if (data.kind === "dequeued") list.delete(data.interaction);
        else return;
        paintWaiting();
      },
    });
  }
}

async function loadCampaigns() {
  const campaigns = await api("GET", "/api/campaigns");
  state.campaigns = new Map(campaigns.map((c) => [c.id, c]));
  // The center's list (Administration → Pause reasons); empty: the page's default reason.
  state.pauseReasons = (await api("GET", "/api/pause-reasons").catch(() => null))?.pauseReasons ?? [];
  paintPauseReasons();
}

async function start() {
  await setUpTexts($("language"));
  const user = await currentUser();
  if (!user) return;
  live.showStateIn($("live-indicator"));
  state.me = user;
  $("me").textContent = user.displayName;
  setUpPresence();
  setUpDialogs();
  setUpChat();
  setUpShortcuts();
  paintPresence();
  paintOpen();
  await loadCampaigns();
  subscribeAll();
  live.onClose((code) => {
    if (code === 1008) {
      // The session was revoked or expired while the page was open.
      if (state.open !== null) storeDraft(state.open, $("draft").value);
      location.assign(`/login/?next=${encodeURIComponent("/inbox/")}`);
      return;
    }
    if (code !== 4001) return;
    // Disconnected by a supervisor: the drafts are already in localStorage, restored after the next login.
    state.disconnected = true;
    if (state.open !== null) storeDraft(state.open, $("draft").value);
    screen.watched(false);
    const box = $("notices");
    box.replaceChildren();
    notice(t("inbox.disconnected"), "critical");
    setTimeout(() => location.assign(`/login/?next=${encodeURIComponent("/inbox/")}`), 4000);
  });
  setInterval(() => waiting.tick(Date.now()), 1000);
  waiting.tick(Date.now());
}

start();
