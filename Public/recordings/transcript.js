// One recorded interaction: its facts, timeline (enqueued, taken, requeued, closed or abandoned, with who) and
// every message with its author, time and delivery state. Printable on its own (recordings.css's print rules).
import { formatDuration, t } from "../js/i18n.js";
import { api } from "../js/session.js";

const $ = (id) => document.getElementById(id);

/// Date and time of `ms` in the browser's zone, in the page's language.
export function formatDateTime(ms, withSeconds = false) {
  if (ms === null || ms === undefined) return "—";
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", ...(withSeconds ? { second: "2-digit" } : {}),
  }).format(ms);
}

function fact(list, label, value) {
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = value;
  list.append(dt, dd);
}

/// The author of a message in words.
function author(message) {
  if (message.sender === "customer") return t("rec.author.customer");
  if (message.sender === "agent") return message.agentName ? t("rec.author.agentNamed", { name: message.agentName }) : t("rec.author.agent");
  return t("rec.author.system");
}

/// A message's text with its links (media the customer or agent sent by URL) made clickable, nothing else parsed.
function bodyNode(text) {
  const node = document.createElement("p");
  node.className = "rec-body";
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  for (const [index, part] of parts.entries()) {
    if (index % 2 === 1) {
      const link = document.createElement("a");
      link.href = part;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      link.textContent = part;
      node.append(link);
    } else if (part) {
      node.append(part);
    }
  }
  return node;
}

/// A message's media through the server's proxy: a picture shown (a link to it whole), anything else a download.
function mediaNode(message) {
  const media = message.media;
  const source = `/api/media/${encodeURIComponent(message.id)}`;
  const box = document.createElement("div");
  box.className = "rec-media";
  const link = document.createElement("a");
  link.href = source;
  if (media.type === "image" || media.type === "sticker") {
    link.target = "_blank";
    link.rel = "noopener";
    const image = document.createElement("img");
    image.src = source;
    image.alt = media.caption || t(`inbox.media.${media.type}`);
    image.loading = "lazy";
    link.append(image);
  } else {
    link.download = media.fileName || "";
    link.textContent = `📎 ${t("rec.media.download", { name: media.fileName || t(`inbox.media.${media.type}`, {}, t("inbox.media.file")) })}`;
  }
  box.append(link);
  return box;
}

/// Shows interaction `id`; returns false when it cannot be read (the error is on the page).
export async function showTranscript(id) {
  $("t-error").textContent = "";
  $("t-heading").textContent = t("rec.t.loading");
  $("t-facts").replaceChildren();
  $("timeline").replaceChildren();
  $("messages").replaceChildren();
  $("t-export").href = `/api/recordings/${encodeURIComponent(id)}/transcript.csv`;
  let r;
  try {
    r = await api("GET", `/api/recordings/${encodeURIComponent(id)}`);
  } catch (error) {
    $("t-heading").textContent = t("rec.t.unavailable");
    $("t-error").textContent = error.status === 404 ? t("rec.t.notFound") : (error.message || t("error.internal"));
    return false;
  }
  $("t-heading").textContent = t("rec.t.heading", { number: r.number, campaign: r.campaignName });
  document.title = `${r.number} — ${t("rec.title")}`;
  const facts = $("t-facts");
  fact(facts, t("rec.col.date"), formatDateTime(r.enqueuedAt, true));
  fact(facts, t("rec.col.campaign"), r.campaignName);
  fact(facts, t("rec.col.agent"), r.agentName ?? "—");
  fact(facts, t("rec.col.address"), t(`rec.address.${r.address}`));
  fact(facts, t("rec.col.state"), t(`rec.state.${r.state}`));
  const end = r.closedAt ?? r.abandonedAt;
  fact(facts, t("rec.col.duration"), end ? formatDuration((end - r.enqueuedAt) / 1000) : "—");
  fact(facts, t("rec.f.subject"), r.subject || "—");
  if (r.disposition) fact(facts, t("rec.t.disposition"), r.disposition);

  for (const step of r.timeline ?? []) {
    const item = document.createElement("li");
    item.dataset.kind = step.kind;
    const time = document.createElement("time");
    time.dateTime = new Date(step.at).toISOString();
    time.textContent = formatDateTime(step.at, true);
    const what = document.createElement("span");
    what.className = "rec-step";
    what.textContent = step.agentName ? t(`rec.step.${step.kind}.by`, { name: step.agentName }) : t(`rec.step.${step.kind}`);
    item.append(time, what);
    $("timeline").append(item);
  }

  for (const message of r.transcript) {
    const item = document.createElement("li");
    item.className = `rec-message from-${message.sender}`;
    const head = document.createElement("div");
    head.className = "rec-message-head";
    const who = document.createElement("strong");
    who.textContent = author(message);
    const time = document.createElement("time");
    time.dateTime = new Date(message.at).toISOString();
    time.textContent = formatDateTime(message.at, true);
    head.append(who, time);
    item.append(head, bodyNode(message.body));
    if (message.media) item.append(mediaNode(message));
    if (message.delivery) {
      const state = document.createElement("span");
      state.className = `badge rec-delivery delivery-${message.delivery}`;
      state.textContent = t(`rec.delivery.${message.delivery}`, {}, message.delivery);
      if (message.deliveryReason) state.title = message.deliveryReason;
      item.append(state);
      if (message.deliveryReason) {
        const reason = document.createElement("span");
        reason.className = "muted rec-reason";
        reason.textContent = message.deliveryReason;
        item.append(reason);
      }
    }
    $("messages").append(item);
  }
  $("no-messages").hidden = r.transcript.length > 0;
  return true;
}
