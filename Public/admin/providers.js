// Providers: the form (the API kind chooses its fields; secrets are write-only: "Set" with a Change button, never
// shown back), the list on the right (select to edit), Delete with confirmation (refused while a campaign uses the
// provider: the API names the campaigns), and what to paste into the provider's console: the webhook URL and the
// verify token, each with a copy button.
import { t } from "../js/i18n.js";
import { api } from "../js/session.js";
import { clearErrors, confirmDialog, copy, el, lines, pickItem, saving, showError, toast } from "./forms.js";

const $ = (id) => document.getElementById(id);
const SECRETS = { cloud: ["accessToken", "appSecret"], classic: ["authToken"] };

export class ProviderSection {
  constructor(data) {
    this.data = data;
    this.form = $("provider-form");
    this.selected = null;   // the provider being edited, null for a new one
    data.onChange((which) => { if (which.includes("providers") || which.includes("campaigns")) this.paintList(); });
    for (const radio of this.form.elements.kind) radio.addEventListener("change", () => this.paintKind());
    for (const field of this.form.querySelectorAll(".secret")) {
      field.querySelector(".secret-change").addEventListener("click", () => this.openSecret(field));
    }
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
    $("provider-new").addEventListener("click", () => this.edit(null));
    $("provider-delete").addEventListener("click", () => this.remove());
    $("copy-webhook-url").addEventListener("click", (e) => copy($("provider-webhook-url").textContent, e.currentTarget));
    $("copy-verify-token").addEventListener("click", (e) => copy($("provider-verify-shown").textContent, e.currentTarget));
    this.edit(null);
  }

  kind() { return this.form.elements.kind.value; }

  paintKind() {
    const kind = this.kind();
    for (const block of this.form.querySelectorAll(".kind-fields")) block.hidden = block.dataset.kind !== kind;
  }

  /// A secret already set shows "Set" and Change; Change opens the input (empty: leaving it empty keeps the secret).
  paintSecret(field, isSet) {
    const input = field.querySelector("input");
    input.value = "";
    input.hidden = isSet;
    input.placeholder = isSet ? t("admin.secret.keep") : "";
    field.querySelector(".secret-set").hidden = !isSet;
    field.querySelector(".secret-change").hidden = !isSet;
  }

  openSecret(field) {
    const input = field.querySelector("input");
    input.hidden = false;
    field.querySelector(".secret-change").hidden = true;
    field.querySelector(".secret-set").textContent = t("admin.secret.changing");
    input.focus();
  }

  /// Fills the form from `provider` (null: empty, for a new one).
  edit(provider) {
    this.selected = provider;
    clearErrors(this.form);
    const f = this.form.elements;
    $("provider-form-title").textContent = provider ? t("admin.provider.edit", { name: provider.name }) : t("admin.provider.new");
    f.kind.value = provider?.kind ?? "cloud";
    for (const radio of f.kind) radio.disabled = !!provider;   // the kind of a saved provider cannot change
    f.name.value = provider?.name ?? "";
    f.baseUrl.value = provider?.baseUrl ?? "";
    f.numbers.value = (provider?.numbers ?? []).join("\n");
    f.phoneNumberId.value = provider?.phoneNumberId ?? "";
    f.verifyToken.value = provider?.verifyToken ?? "";
    f.accountSid.value = provider?.accountSid ?? "";
    for (const field of this.form.querySelectorAll(".secret")) {
      field.querySelector(".secret-set").textContent = t("admin.secret.set");
      this.paintSecret(field, !!provider?.[`${field.dataset.secret}Set`]);
    }
    $("provider-delete").hidden = !provider;
    this.paintKind();
    this.paintWebhook();
    this.paintList();
  }

  paintWebhook() {
    const p = this.selected;
    $("provider-webhook").hidden = !p;
    if (!p) return;
    $("provider-webhook-url").textContent = `${location.origin}/webhooks/${p.kind}/${p.id}`;
    $("provider-verify-row").hidden = p.kind !== "cloud";
    $("provider-verify-shown").textContent = p.verifyToken ?? "";
  }

  /// The body to send: the fields of the chosen kind; a secret left empty on an edit is omitted (kept).
  body() {
    const f = this.form.elements, kind = this.kind();
    const body = { name: f.name.value, baseUrl: f.baseUrl.value.trim(), numbers: lines(f.numbers.value) };
    if (!this.selected) body.kind = kind;
    if (kind === "cloud") {
      body.phoneNumberId = f.phoneNumberId.value;
      body.verifyToken = f.verifyToken.value;
    } else {
      body.accountSid = f.accountSid.value;
    }
    for (const name of SECRETS[kind]) {
      const value = f[name].value;
      if (value !== "" || !this.selected) body[name] = value;
    }
    return body;
  }

  async save() {
    clearErrors(this.form);
    try {
      const saved = await saving($("provider-save"), $("provider-state"), () => this.selected
        ? api("PUT", `/api/providers/${this.selected.id}`, this.body())
        : api("POST", "/api/providers", this.body()));
      await this.data.reload("providers");
      this.edit(saved);
      toast(t("admin.provider.saved", { name: saved.name }));
    } catch (error) {
      showError(this.form, error, (path) => path.startsWith("numbers.") ? t("admin.lineN", { n: Number(path.split(".")[1]) + 1 }) : "");
    }
  }

  remove() {
    const p = this.selected;
    confirmDialog({
      title: t("admin.provider.deleteTitle", { name: p.name }),
      text: t("admin.provider.deleteText"),
      ok: t("admin.delete"),
      action: async () => {
        await api("DELETE", `/api/providers/${p.id}`);
        await this.data.reload("providers");
        this.edit(null);
        toast(t("admin.provider.deleted", { name: p.name }));
      },
    });
  }

  paintList() {
    const list = $("provider-list");
    const providers = this.data.providers;
    $("provider-empty").hidden = providers.length > 0;
    list.replaceChildren(...providers.map((p) => {
      const used = this.data.campaigns.filter((c) => c.providerId === p.id).length;
      const kind = el("span", "badge", p.kind === "cloud" ? t("admin.provider.cloud") : t("admin.provider.classic"));
      const detail = `${p.numbers.join(", ")} · ${t("admin.provider.usedBy", { count: used })}`;
      return pickItem(p.name, detail, this.selected?.id === p.id, () => this.edit(p), [kind]);
    }));
  }
}
