// The open conversation's message list: customer, bot and agent lines, media shown readably, times, and the
// delivery state of each agent message. Lines are keyed by their index (deltas are idempotent by it) and painted
// in place: a new line is appended, a delivery change touches one cell, nothing is rebuilt.
import { t } from "./link.js";

// One formatter for the page (the language changes only with a reload): none made per message.
let formatter = null;
const timeFormat = () => formatter ??= new Intl.DateTimeFormat(document.documentElement.lang || "en", { hour: "2-digit", minute: "2-digit" });

/// The words of a delivery state, with an icon so the state never rests on colour alone.
const deliveryIcon = { pending: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓", failed: "⚠" };

/// The media part of a message, when the provider gave one (`media` per protocol.md), else null.
function mediaNode(message) {
  const media = message.media;
  if (!media) return null;
  const box = document.createElement("div");
  box.className = "inbox-media";
  const source = message.id ? `/api/media/${message.id}` : null;
  switch (media.type) {
    case "image":
    case "sticker": {
      if (!source) break;
      const link = document.createElement("a");
      link.href = source;
      link.target = "_blank";
      link.rel = "noopener";
      const image = document.createElement("img");
      image.src = source;
      image.alt = media.caption || t("inbox.media.image");
      image.loading = "lazy";
      link.append(image);
      box.append(link);
      return box;
    }
    case "location": {
      const link = document.createElement("a");
      link.href = `https://www.openstreetmap.org/?mlat=${media.latitude}&mlon=${media.longitude}#map=16/${media.latitude}/${media.longitude}`;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = `📍 ${media.name || t("inbox.media.location")} (${media.latitude}, ${media.longitude})`;
      box.append(link);
      return box;
    }
    default:
      break;
  }
  const name = media.fileName || t(`inbox.media.${media.type}`, {}, media.type || "file");
  if (source) {
    const link = document.createElement("a");
    link.href = source;
    link.download = media.fileName || "";
    link.textContent = `📎 ${name}`;
    box.append(link);
  } else {
    box.textContent = `📎 ${name}`;
  }
  return box;
}

/// One `<li>` for a message.
export function messageNode(message, { onRetry } = {}) {
  const item = document.createElement("li");
  item.className = `inbox-message from-${message.author}`;
  if (message.pendingLocal) {
    item.classList.add("is-pending");
    item.dataset.local = String(message.pendingLocal);
  } else {
    item.dataset.index = String(message.index);
  }
  const who = document.createElement("span");
  who.className = "inbox-message-author";
  who.textContent = t(`inbox.author.${message.author}`);
  const body = document.createElement("p");
  body.className = "inbox-message-text";
  body.textContent = message.text;   // untrusted text goes in as text, never as HTML
  const media = mediaNode(message);
  const foot = document.createElement("span");
  foot.className = "inbox-message-foot";
  const time = document.createElement("time");
  time.dateTime = new Date(message.at).toISOString();
  time.textContent = timeFormat().format(message.at);
  foot.append(time);
  item.append(who);
  if (media) item.append(media);
  if (message.text && !(media && message.text === message.media?.caption)) item.append(body);
  item.append(foot);
  if (message.author === "agent") {
    const state = document.createElement("span");
    state.className = "inbox-delivery";
    foot.append(state);
    paintDelivery(item, message, onRetry);
  }
  return item;
}

/// Paints (or repaints) the delivery state of an agent message in its node.
export function paintDelivery(item, message, onRetry) {
  const cell = item.querySelector(".inbox-delivery");
  if (!cell) return;
  const state = message.delivery || (message.pendingLocal ? "pending" : "sent");
  cell.dataset.state = state;
  cell.replaceChildren();
  const label = document.createElement("span");
  label.textContent = `${deliveryIcon[state] || ""} ${t(`inbox.delivery.${state}`)}`;
  cell.append(label);
  if (state === "failed") {
    if (message.deliveryError) {
      const reason = document.createElement("span");
      reason.className = "inbox-delivery-reason";
      reason.textContent = ` — ${message.deliveryError}`;
      cell.append(reason);
    }
    if (onRetry) {
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "button small";
      retry.textContent = t("inbox.delivery.retry");
      retry.addEventListener("click", () => onRetry(message));
      cell.append(retry);
    }
  }
}

/// Paints the whole list of a conversation (on opening it); later lines arrive through `appendMessage`.
export function paintMessages(list, conversation, options) {
  const nodes = [...conversation.messages.values()].sort((a, b) => a.index - b.index).map((m) => messageNode(m, options));
  for (const pending of conversation.pending.values()) nodes.push(messageNode(pending, options));
  list.replaceChildren(...nodes);
}

/// Adds one line in index order (a delta may arrive after a later one was painted from a snapshot).
export function appendMessage(list, message, options) {
  const node = messageNode(message, options);
  const pending = list.querySelector("li.is-pending");
  const last = (pending ? pending.previousElementSibling : list.lastElementChild);
  // The common case: the newest line, after every line painted (pending ones stay last).
  if (!last || Number(last.dataset.index) < message.index) {
    list.insertBefore(node, pending);
    return;
  }
  const existing = list.querySelector(`li[data-index="${message.index}"]`);
  if (existing) {
    existing.replaceWith(node);
    return;
  }
  const after = [...list.querySelectorAll("li[data-index]")].find((li) => Number(li.dataset.index) > message.index);
  list.insertBefore(node, after ?? pending);
}
