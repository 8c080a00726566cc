// The message templates of the campaign being edited (its own form below the campaign's: templates are saved one by
// one through /api/campaigns/{id}/templates, not with the campaign). WhatsApp lets only an approved template start a
// conversation or reach a customer who has not written in 24 hours; the name and language are the provider's.
import { t } from "../js/i18n.js";
import { api } from "../js/session.js";
import { clearErrors, confirmDialog, el, saving, showError, toast } from "./forms.js";

const $ = (id) => document.getElementById(id);

export class TemplateSection {
  constructor() {
    this.form = $("template-form");
    this.campaign = null;
    this.templates = [];
    this.editing = null;
    $("template-hint").textContent = t("admin.templates.hint", { example: "{{1}}, {{2}}…" });
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
    $("template-new").addEventListener("click", () => this.edit(null));
  }

  /// Shows the templates of `campaign` (null: a campaign not saved yet, which has none).
  async show(campaign) {
    this.campaign = campaign;
    this.templates = [];
    $("template-fields").disabled = !campaign;
    $("template-save-first").hidden = Boolean(campaign);
    this.edit(null);
    if (!campaign) { this.paint(); return; }
    const list = await api("GET", `/api/campaigns/${campaign.id}/templates`).catch(() => []);
    if (this.campaign?.id !== campaign.id) return;
    this.templates = list;
    this.paint();
  }

  edit(template) {
    this.editing = template;
    clearErrors(this.form);
    const f = this.form.elements;
    f.templateName.value = template?.name ?? "";
    f.templateLanguage.value = template?.language ?? "";
    f.templateBody.value = template?.body ?? "";
    f.templateContentSid.value = template?.contentSid ?? "";
    $("template-save").textContent = template ? t("admin.templates.save") : t("admin.templates.add");
    $("template-new").hidden = !template;
    this.paint();
  }

  async save() {
    if (!this.campaign) return;
    const f = this.form.elements;
    const body = { name: f.templateName.value.trim(), language: f.templateLanguage.value.trim(), body: f.templateBody.value,
                   contentSid: f.templateContentSid.value.trim() || null };
    const base = `/api/campaigns/${this.campaign.id}/templates`;
    try {
      await saving($("template-save"), $("template-state"), () => this.editing
        ? api("PUT", `${base}/${this.editing.id}`, body) : api("POST", base, body));
      toast(t("admin.templates.saved"));
      await this.show(this.campaign);
    } catch (error) {
      // The API names fields `name`, `language`, …; the inputs carry their own names (they share the campaign's page).
      const fields = Object.fromEntries(Object.entries(error?.fields ?? {}).map(([k, v]) => [`template${k[0].toUpperCase()}${k.slice(1)}`, v]));
      showError(this.form, { ...error, fields });
    }
  }

  remove(template) {
    confirmDialog({
      title: `${t("admin.templates.delete")}: ${template.name} (${template.language})`,
      text: template.body,
      ok: t("admin.delete"),
      action: async () => {
        await api("DELETE", `/api/campaigns/${this.campaign.id}/templates/${template.id}`);
        await this.show(this.campaign);
      },
    });
  }

  paint() {
    $("template-empty").hidden = this.templates.length > 0 || !this.campaign;
    $("template-list").replaceChildren(...this.templates.map((template) => {
      const li = el("li", "template-item");
      if (this.editing?.id === template.id) li.setAttribute("aria-current", "true");
      const head = el("div", "template-head");
      head.append(el("strong", null, template.name), el("span", "badge", template.language));
      if (template.contentSid) head.append(el("span", "muted", template.contentSid));
      const edit = el("button", "button small", t("admin.templates.edit"));
      edit.type = "button";
      edit.setAttribute("aria-label", `${t("admin.templates.edit")} ${template.name} (${template.language})`);
      edit.addEventListener("click", () => this.edit(template));
      const remove = el("button", "button small danger", t("admin.templates.delete"));
      remove.type = "button";
      remove.setAttribute("aria-label", `${t("admin.templates.delete")} ${template.name} (${template.language})`);
      remove.addEventListener("click", () => this.remove(template));
      const actions = el("div", "template-actions");
      actions.append(edit, remove);
      li.append(head, el("div", "bubble", template.body), actions);
      return li;
    }));
  }
}
