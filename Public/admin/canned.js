// The canned responses of the campaign being edited: add, edit in place, move up or down, delete, and a preview
// of the one being edited as the customer will read it. Saved with the campaign (the list replaces the stored one).
import { t } from "../js/i18n.js";
import { el } from "./forms.js";

const $ = (id) => document.getElementById(id);

export class CannedEditor {
  constructor() {
    this.list = $("canned-list");
    this.items = [];   // { title, body }
    this.focused = -1;
    $("canned-add").addEventListener("click", () => {
      this.items.push({ title: "", body: "" });
      this.paint();
      this.list.lastElementChild?.querySelector("input")?.focus();
    });
  }

  set(items) {
    this.items = items.map((c) => ({ title: c.title, body: c.body }));
    this.focused = -1;
    this.paint();
  }

  value() { return this.items.map((c) => ({ title: c.title, body: c.body })); }

  move(index, by) {
    const to = index + by;
    if (to < 0 || to >= this.items.length) return;
    [this.items[index], this.items[to]] = [this.items[to], this.items[index]];
    this.focused = to;
    this.paint();
    this.list.children[to]?.querySelector(by < 0 ? ".move-up" : ".move-down")?.focus();
  }

  paint() {
    this.list.replaceChildren(...this.items.map((item, index) => {
      const n = index + 1;
      const li = el("li", "canned-item");
      const title = el("input");
      title.name = `cannedResponses.${index}.title`;
      title.maxLength = 100;
      title.value = item.title;
      title.setAttribute("aria-label", t("admin.canned.titleN", { n }));
      title.placeholder = t("admin.canned.titlePlaceholder");
      const body = el("textarea");
      body.name = `cannedResponses.${index}.body`;
      body.rows = 2;
      body.maxLength = 4096;
      body.value = item.body;
      body.setAttribute("aria-label", t("admin.canned.bodyN", { n }));
      body.placeholder = t("admin.canned.bodyPlaceholder");
      for (const input of [title, body]) {
        input.addEventListener("input", () => { item.title = title.value; item.body = body.value; this.preview(index); });
        input.addEventListener("focus", () => this.preview(index));
      }
      const actions = el("div", "canned-actions");
      const button = (cls, text, label, onClick, disabled) => {
        const b = el("button", `button small ${cls}`, text);
        b.type = "button";
        b.setAttribute("aria-label", label);
        b.disabled = disabled;
        b.addEventListener("click", onClick);
        return b;
      };
      actions.append(
        button("move-up", "↑", t("admin.canned.upN", { n }), () => this.move(index, -1), index === 0),
        button("move-down", "↓", t("admin.canned.downN", { n }), () => this.move(index, 1), index === this.items.length - 1),
        button("danger", "✕", t("admin.canned.deleteN", { n }), () => {
          this.items.splice(index, 1);
          this.focused = -1;
          this.paint();
        }, false));
      const errors = el("p", "field-error");
      errors.dataset.errorFor = `cannedResponses.${index}`;
      li.append(el("span", "canned-number", String(n)), el("div", "canned-fields"), actions);
      li.children[1].append(title, body, errors);
      return li;
    }));
    if (this.focused >= this.items.length) this.focused = -1;
    this.preview(this.focused);
  }

  /// The response as the agent sends it: its text in a chat bubble (as text, newlines kept).
  preview(index) {
    this.focused = index;
    const item = this.items[index];
    $("canned-preview").hidden = !item;
    if (!item) return;
    $("canned-preview-bubble").textContent = item.body || t("admin.canned.emptyBody");
  }
}
