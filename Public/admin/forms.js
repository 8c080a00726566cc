// What every administration form shares: the API's field messages shown beside their fields (a path such as
// `numbers.0` or `cannedResponses.2.title` finds the nearest `data-error-for`), a form-level message for the rest,
// the saving state of the Save button, a confirmation dialog and a corner notice. Nothing here clears what was
// typed: a failed save leaves every input as it was.
import { t } from "../js/i18n.js";

const $ = (id) => document.getElementById(id);

/// An API error in words: the page's text for its code when there is one, else the server's own sentence.
export function errorText(error) {
  if (error?.code === "validation") return t("admin.error.validation");
  if (error?.code === "forbidden") return t("admin.error.forbidden");
  if (error?.code === "unauthenticated") return t("error.unauthenticated");
  return error?.message || t("error.internal");
}

/// Removes every message of `form`.
export function clearErrors(form) {
  for (const node of form.querySelectorAll("[data-error-for]")) node.textContent = "";
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  const box = form.querySelector(".form-error");
  if (box) { box.hidden = true; box.textContent = ""; }
}

/// The element showing the message of `path`: the exact one, else the longest prefix (`numbers.0` → `numbers`).
function errorSlot(form, path) {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(parts.slice(0, n).join("."))}"]`);
    if (slot) return slot;
  }
  return null;
}

/// Shows `error` on `form`: each field's message beside it (the first bad field gets the focus), anything else at
/// the top. `describe(path)` may prefix a message ("Line 2: ") for list fields.
export function showError(form, error, describe = () => "") {
  clearErrors(form);
  const box = form.querySelector(".form-error");
  const fields = error?.fields ?? {};
  let first = null, unplaced = [];
  for (const [path, message] of Object.entries(fields)) {
    const slot = errorSlot(form, path);
    if (!slot) { unplaced.push(`${path} ${message}`); continue; }
    const text = `${describe(path)}${message}`;
    slot.textContent = slot.textContent ? `${slot.textContent} · ${text}` : text;
    const input = form.querySelector(`[name="${CSS.escape(path)}"]`) ?? slot.closest(".field, td")?.querySelector("input, select, textarea");
    if (input) { input.setAttribute("aria-invalid", "true"); first ??= input; }
  }
  if (box) {
    const lines = [errorText(error), ...unplaced];
    box.textContent = lines.join(" ");
    box.hidden = false;
  }
  // A message inside the collapsed advanced settings must not stay hidden.
  for (const input of form.querySelectorAll('[aria-invalid="true"]')) {
    const details = input.closest("details");
    if (details) details.open = true;
  }
  (first ?? box)?.focus?.();
}

/// Runs `work` with `button` showing "Saving…" and the state text after: "Saved" or nothing (errors go elsewhere).
export async function saving(button, stateNode, work) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = t("admin.saving");
  stateNode.textContent = "";
  try {
    const result = await work();
    stateNode.textContent = t("admin.saved");
    setTimeout(() => { if (stateNode.textContent === t("admin.saved")) stateNode.textContent = ""; }, 4000);
    return result;
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

/// Asks before something that cannot be undone. `action` runs on OK; its failure stays in the dialog. `body`
/// (optional nodes) goes between the text and the buttons (the new password's field).
export function confirmDialog({ title, text, ok, danger = true, body = [], action }) {
  const dialog = $("confirm");
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = text;
  $("confirm-body").replaceChildren(...body);
  $("confirm-error").textContent = "";
  const button = $("confirm-ok");
  button.textContent = ok;
  button.className = `button ${danger ? "danger" : "primary"}`;
  $("confirm-form").onsubmit = async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await action();
      dialog.close();
    } catch (error) {
      const fields = Object.values(error?.fields ?? {});
      $("confirm-error").textContent = fields.length ? fields.join(" · ") : errorText(error);
    } finally {
      button.disabled = false;
    }
  };
  $("confirm-cancel").onclick = () => dialog.close();
  dialog.showModal();
  (body.find?.((n) => n.querySelector?.("input"))?.querySelector("input") ?? $("confirm-cancel")).focus();
}

/// A short notice in the corner.
export function toast(text, kind = "info") {
  const node = document.createElement("div");
  node.className = `toast ${kind}`;
  node.setAttribute("role", kind === "critical" ? "alert" : "status");
  node.textContent = text;
  $("toasts").append(node);
  setTimeout(() => node.remove(), 6000);
}

/// An element with a class and text (text always as text, never parsed).
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/// Lines of a textarea, trimmed, empty ones dropped.
export function lines(value) {
  return value.split("\n").map((s) => s.trim()).filter(Boolean);
}

/// An integer input's value: null when empty, a number otherwise (a non-number is sent as text so the API names it).
export function integerValue(input) {
  const raw = input.value.trim();
  if (raw === "") return null;
  const n = Number(raw);
  return Number.isInteger(n) ? n : raw;
}

/// Copies `text` and says so on `button` for a moment.
export async function copy(text, button) {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = t("admin.copy.done");
  } catch {
    // No clipboard permission (plain http on another host): select the text for a manual copy.
    const range = document.createRange();
    range.selectNodeContents(button.previousElementSibling);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    button.textContent = t("admin.copy.select");
  }
  setTimeout(() => { button.textContent = label; }, 2000);
}

/// Fills `container` with one checkbox per campaign, ticked when its id is in `checked` (a Set).
export function campaignChecks(container, campaigns, checked) {
  container.replaceChildren(...campaigns.map((c) => {
    const label = el("label", "choice");
    const box = el("input");
    box.type = "checkbox";
    box.value = String(c.id);
    box.checked = checked.has(c.id);
    label.append(box, el("span", null, c.name));
    return label;
  }));
}

/// The ids of the campaigns ticked in `container` (filled by `campaignChecks`).
export function checkedCampaigns(container) {
  return [...container.querySelectorAll("input:checked")].map((i) => Number(i.value));
}

/// A list entry that selects an item: a button with a title and a muted line, `aria-current` when selected.
export function pickItem(title, detail, selected, onPick, badges = []) {
  const li = el("li");
  const button = el("button", "pick");
  button.type = "button";
  if (selected) button.setAttribute("aria-current", "true");
  const head = el("span", "pick-title", title);
  for (const badge of badges) head.append(" ", badge);
  button.append(head, el("span", "pick-detail muted", detail));
  button.addEventListener("click", onPick);
  li.append(button);
  return li;
}
