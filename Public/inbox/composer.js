// The composer: the draft (kept per conversation in localStorage, so a disconnect or reload loses nothing), the
// 4 KiB limit shown before it is hit, Enter to send and Shift+Enter for a new line, the emoji picker (searchable,
// arrow keys + Enter) and the campaign's canned responses (search by title or text, inserted at the cursor).
import { t } from "./link.js";
import { searchEmoji } from "./emoji.js";
import { searchablePopover } from "./popover.js";

/// The server refuses texts over 4 KiB (UTF-8 bytes): the counter shows what is left from 80 % on.
export const TEXT_LIMIT = 4096;
const encoder = new TextEncoder();
const draftKey = (interaction) => `switchboard.inbox.draft.${interaction}`;

/// A stored draft (empty when none).
export function storedDraft(interaction) {
  try { return localStorage.getItem(draftKey(interaction)) ?? ""; } catch { return ""; }
}

/// Keeps or forgets a draft.
export function storeDraft(interaction, text) {
  try {
    if (text) localStorage.setItem(draftKey(interaction), text); else localStorage.removeItem(draftKey(interaction));
  } catch { /* storage full or disabled: the draft stays in memory */ }
}

/// Inserts `text` at the textarea's cursor (replacing a selection) and leaves the cursor after it.
export function insertAtCursor(area, text) {
  const start = area.selectionStart ?? area.value.length, end = area.selectionEnd ?? start;
  area.setRangeText(text, start, end, "end");
  area.dispatchEvent(new Event("input", { bubbles: true }));
  area.focus();
}

/// Wires the composer. `hooks`: `send(text) → Promise<boolean>`, `draftChanged(text)`, `canned() → [{title, body}]`.
export function setUpComposer(hooks) {
  const form = document.getElementById("composer");
  const area = document.getElementById("draft");
  const count = document.getElementById("draft-count");
  const sendButton = document.getElementById("send");

  const paintCount = () => {
    const bytes = encoder.encode(area.value).length;
    const over = bytes > TEXT_LIMIT;
    count.textContent = bytes >= TEXT_LIMIT * 0.8 ? (over ? t("inbox.composer.over", { n: bytes - TEXT_LIMIT })
      : t("inbox.composer.left", { n: TEXT_LIMIT - bytes })) : "";
    count.classList.toggle("error", over);
    sendButton.disabled = over || area.value.trim() === "";
  };

  area.addEventListener("input", () => {
    paintCount();
    hooks.draftChanged(area.value);
  });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = area.value;
    if (text.trim() === "" || encoder.encode(text).length > TEXT_LIMIT) return;
    area.value = "";
    paintCount();
    hooks.draftChanged("");
    if (!(await hooks.send(text))) {
      // Refused: the text comes back, so nothing typed is lost.
      if (area.value === "") area.value = text;
      paintCount();
      hooks.draftChanged(area.value);
    }
  });

  setUpEmoji(area);
  setUpCanned(area, hooks.canned);
  return {
    /// Shows a conversation's draft.
    show(text) {
      area.value = text;
      paintCount();
    },
    focus() { area.focus(); },
    repaint: paintCount,
  };
}

function setUpEmoji(area) {
  const button = document.getElementById("emoji-open");
  const panel = document.getElementById("emoji-panel");
  const search = document.getElementById("emoji-search");
  const grid = document.getElementById("emoji-grid");
  let active = 0;
  const cells = () => [...grid.querySelectorAll("[role=option]")];
  const paint = () => {
    const found = searchEmoji(search.value);
    grid.replaceChildren(...found.map(([char, en, es], i) => {
      const cell = document.createElement("button");
      cell.type = "button";
      cell.setAttribute("role", "option");
      cell.className = "inbox-emoji";
      cell.textContent = char;
      const words = (document.documentElement.lang === "es" ? es : en).split(" ")[0];
      cell.title = words;
      cell.setAttribute("aria-label", `${char} ${words}`);
      cell.tabIndex = i === 0 ? 0 : -1;
      cell.addEventListener("click", () => {
        insertAtCursor(area, char);
        close();
      });
      return cell;
    }));
    if (found.length === 0) grid.textContent = t("inbox.emoji.none");
    active = 0;
  };
  const close = searchablePopover(button, panel, search, paint);
  search.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "Enter") {
      event.preventDefault();
      const first = cells()[0];
      if (event.key === "Enter" && first) first.click(); else first?.focus();
    }
  });
  grid.addEventListener("keydown", (event) => {
    const all = cells();
    const perRow = Math.max(1, Math.round(grid.clientWidth / (all[0]?.offsetWidth || 40)));
    const moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow, ArrowUp: -perRow };
    if (!(event.key in moves)) return;
    event.preventDefault();
    active = Math.min(all.length - 1, Math.max(0, active + moves[event.key]));
    all.forEach((cell, i) => { cell.tabIndex = i === active ? 0 : -1; });
    all[active]?.focus();
  });
}

function setUpCanned(area, canned) {
  const button = document.getElementById("canned-open");
  const panel = document.getElementById("canned-panel");
  const search = document.getElementById("canned-search");
  const list = document.getElementById("canned-list");
  const empty = document.getElementById("canned-empty");
  const paint = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const found = canned().filter((c) => words.every((w) => `${c.title} ${c.body}`.toLowerCase().includes(w)));
    list.replaceChildren(...found.map((c) => {
      const item = document.createElement("li");
      const pick = document.createElement("button");
      pick.type = "button";
      pick.className = "inbox-canned";
      const title = document.createElement("strong");
      title.textContent = c.title;
      const body = document.createElement("span");
      body.textContent = c.body;
      pick.append(title, body);
      pick.addEventListener("click", () => {
        insertAtCursor(area, c.body);
        close();
      });
      item.append(pick);
      return item;
    }));
    empty.hidden = found.length > 0;
  };
  const close = searchablePopover(button, panel, search, paint);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      list.querySelector("button")?.click();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      list.querySelector("button")?.focus();
    }
  });
  list.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button")];
    const at = buttons.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      buttons[Math.min(buttons.length - 1, Math.max(0, at + (event.key === "ArrowDown" ? 1 : -1)))]?.focus();
    }
  });
}
