// Users: create and edit (username and password on create only), the role, an agent's monitor-screen flag
// (Configuration – Agents in the seed), a supervisor's campaign scopes, Reset password (the user's other sessions
// end), Delete with confirmation. The API keeps the last administrator one and refuses changing your own role; the
// page says so in words.
import { t } from "../js/i18n.js";
import { api } from "../js/session.js";
import { campaignChecks, checkedCampaigns, clearErrors, confirmDialog, el, pickItem, saving, showError, toast } from "./forms.js";

const $ = (id) => document.getElementById(id);

export class UserSection {
  constructor(data, me) {
    this.data = data;
    this.me = me;
    this.form = $("user-form");
    this.selected = null;
    data.onChange(() => { this.paintScopes(); this.paintList(); });
    $("user-role").addEventListener("change", () => this.paintRole());
    $("user-search").addEventListener("input", () => this.paintList());
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
    $("user-new").addEventListener("click", () => this.edit(null));
    $("user-delete").addEventListener("click", () => this.remove());
    $("user-reset").addEventListener("click", () => this.resetPassword());
    this.edit(null);
  }

  paintRole() {
    const role = $("user-role").value;
    $("user-monitor-field").hidden = role !== "agent";
    $("user-scopes-field").hidden = role !== "supervisor";
  }

  paintScopes(checked) {
    campaignChecks($("user-scopes"), this.data.campaigns, checked ?? new Set(checkedCampaigns($("user-scopes"))));
    $("user-scopes-empty").hidden = this.data.campaigns.length > 0;
  }

  edit(user) {
    this.selected = user;
    clearErrors(this.form);
    const f = this.form.elements;
    $("user-form-title").textContent = user ? t("admin.user.edit", { name: user.displayName }) : t("admin.user.new");
    f.username.value = user?.username ?? "";
    f.username.disabled = !!user;
    f.displayName.value = user?.displayName ?? "";
    f.role.value = user?.role ?? "agent";
    f.role.disabled = user?.id === this.me.id;   // nobody changes their own role (another administrator does)
    f.password.value = "";
    $("user-password-field").hidden = !!user;
    f.monitorScreen.checked = user?.monitorScreen ?? false;
    this.paintScopes(new Set(user?.supervisorScopes ?? []));
    $("user-reset").hidden = !user;
    $("user-delete").hidden = !user || user.id === this.me.id;
    this.paintRole();
    this.paintList();
  }

  body() {
    const f = this.form.elements, role = f.role.value;
    const body = { displayName: f.displayName.value || undefined, role };
    if (!this.selected) { body.username = f.username.value; body.password = f.password.value; }
    if (this.selected?.id === this.me.id) delete body.role;
    body.monitorScreen = role === "agent" ? f.monitorScreen.checked : false;
    body.supervisorScopes = role === "supervisor" ? checkedCampaigns($("user-scopes")) : [];
    return body;
  }

  async save() {
    clearErrors(this.form);
    try {
      const saved = await saving($("user-save"), $("user-state"), () => this.selected
        ? api("PUT", `/api/users/${this.selected.id}`, this.body())
        : api("POST", "/api/users", this.body()));
      await this.data.reload("users", "campaigns");
      this.edit(saved);
      toast(t("admin.user.saved", { name: saved.displayName }));
    } catch (error) {
      showError(this.form, error, (path) => path.startsWith("supervisorScopes.") ? "" : "");
    }
  }

  resetPassword() {
    const user = this.selected;
    const field = el("div", "field");
    const label = el("label", null, t("admin.user.newPassword"));
    const input = el("input");
    input.type = "password";
    input.autocomplete = "new-password";
    input.id = "reset-password";
    label.htmlFor = input.id;
    field.append(label, input, el("p", "muted field-hint", t("admin.user.passwordHint")));
    confirmDialog({
      title: t("admin.user.resetTitle", { name: user.displayName }),
      text: t("admin.user.resetText"),
      ok: t("admin.user.resetPassword"),
      danger: false,
      body: [field],
      action: async () => {
        await api("PUT", `/api/users/${user.id}/password`, { password: input.value });
        toast(t("admin.user.passwordSet", { name: user.displayName }));
      },
    });
  }

  remove() {
    const user = this.selected;
    confirmDialog({
      title: t("admin.user.deleteTitle", { name: user.displayName }),
      text: t("admin.user.deleteText"),
      ok: t("admin.delete"),
      action: async () => {
        await api("DELETE", `/api/users/${user.id}`);
        await this.data.reload("users", "campaigns");
        this.edit(null);
        toast(t("admin.user.deleted", { name: user.displayName }));
      },
    });
  }

  paintList() {
    const query = $("user-search").value.trim().toLowerCase();
    const users = this.data.users.filter((u) => !query || u.displayName.toLowerCase().includes(query) || u.username.toLowerCase().includes(query));
    $("user-list").replaceChildren(...users.map((u) => {
      const role = el("span", `badge role-${u.role}`, t(`admin.role.${u.role}`));
      let detail = `@${u.username}`;
      if (u.role === "supervisor") {
        const names = u.supervisorScopes.map((id) => this.data.campaigns.find((c) => c.id === id)?.name).filter(Boolean);
        detail += ` · ${names.length ? names.join(", ") : t("admin.user.noScopes")}`;
      }
      if (u.role === "agent" && u.monitorScreen) detail += ` · ${t("admin.user.monitorScreen")}`;
      return pickItem(u.displayName, detail, this.selected?.id === u.id, () => this.edit(u), [role]);
    }));
  }
}
