// Templates in the inbox: the "New conversation" dialog (number, campaign, template, its variables and a preview,
// sent with `startOutgoing`) and the same dialog for an open conversation whose customer has not written in the last
// 24 hours (free text is refused with `outside_care_window`; a template may always go, with `send` + `template`).
import { api, live, t } from "./link.js";

const $ = (id) => document.getElementById(id);

/// `{{n}}` replaced by the n-th value (blank ones shown as `{{n}}`, so the preview says what is missing).
export function fillTemplate(body, values) {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n) => values[Number(n) - 1]?.trim() || whole);
}

/// Wires the dialog. `hooks`: `campaigns() → [campaign]`, `opened(view)` (a started conversation),
/// `errorText(error) → string`, `sent()` (a template went on an open conversation).
export function setUpOutgoing(hooks) {
  const dialog = $("outgoing-dialog");
  const templates = new Map();   // campaign id → [template]
  let target = null;             // null: a new conversation; else { interaction, campaign, customer }

  async function templatesOf(campaign) {
    if (!templates.has(campaign)) templates.set(campaign, await api("GET", `/api/campaigns/${campaign}/templates`).catch(() => []));
    return templates.get(campaign);
  }

  function chosen() {
    const list = templates.get(Number($("outgoing-campaign").value)) ?? [];
    return list.find((tpl) => String(tpl.id) === $("outgoing-template").value) ?? null;
  }

  function variables() {
    return [...$("outgoing-variables").querySelectorAll("input")].map((input) => input.value);
  }

  function paintPreview() {
    const template = chosen();
    $("outgoing-preview").textContent = template ? fillTemplate(template.body, variables()) : "";
  }

  function paintVariables() {
    const template = chosen();
    const count = template?.parameterCount ?? 0;
    const kept = variables();
    $("outgoing-variables").replaceChildren(...Array.from({ length: count }, (_, i) => {
      const label = document.createElement("label");
      label.textContent = t("inbox.template.variable", { n: i + 1 });
      const input = document.createElement("input");
      input.maxLength = 1024;
      input.value = kept[i] ?? "";
      input.addEventListener("input", paintPreview);
      label.append(input);
      return label;
    }));
    $("outgoing-variables").hidden = count === 0;
    paintPreview();
  }

  async function paintTemplates() {
    const campaign = Number($("outgoing-campaign").value);
    const list = await templatesOf(campaign);
    if (Number($("outgoing-campaign").value) !== campaign) return;
    $("outgoing-template").replaceChildren(...list.map((tpl) => {
      const option = document.createElement("option");
      option.value = String(tpl.id);
      option.textContent = `${tpl.name} (${tpl.language})`;
      return option;
    }));
    $("outgoing-none").hidden = list.length > 0;
    $("outgoing-submit").disabled = list.length === 0;
    paintVariables();
  }

  /// Opens the dialog: for a new conversation (`conversation` null) or to send a template on an open one.
  async function open(conversation = null) {
    target = conversation;
    templates.clear();   // an administrator may have changed them since: each opening asks once per campaign
    const campaigns = hooks.campaigns();
    $("outgoing-campaign").replaceChildren(...campaigns.map((c) => {
      const option = document.createElement("option");
      option.value = String(c.id);
      option.textContent = c.name;
      return option;
    }));
    $("outgoing-title").textContent = conversation ? t("inbox.template.titleFor", { number: conversation.customer })
      : t("inbox.outgoing.title");
    $("outgoing-window").hidden = !conversation;
    $("outgoing-submit").textContent = conversation ? t("inbox.template.send") : t("inbox.outgoing.start");
    $("outgoing-number-row").hidden = Boolean(conversation);
    $("outgoing-campaign-row").hidden = Boolean(conversation);
    if (conversation) {
      $("outgoing-campaign").value = String(conversation.campaign);
    } else {
      $("outgoing-number").value = "";
    }
    $("outgoing-variables").replaceChildren();
    $("outgoing-error").textContent = "";
    dialog.showModal();
    (conversation ? $("outgoing-template") : $("outgoing-number")).focus();
    await paintTemplates();
  }

  $("outgoing-campaign").addEventListener("change", paintTemplates);
  $("outgoing-template").addEventListener("change", paintVariables);
  $("outgoing-cancel").addEventListener("click", () => dialog.close());
  $("outgoing-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const template = chosen();
    if (!template) return;
    const values = variables();
    const blank = values.findIndex((v) => v.trim() === "");
    if (blank >= 0) {
      $("outgoing-error").textContent = t("inbox.template.missing", { n: blank + 1 });
      $("outgoing-variables").querySelectorAll("input")[blank].focus();
      return;
    }
    const submit = $("outgoing-submit");
    submit.disabled = true;
    try {
      if (target) {
        await live.command("send", { interaction: target.interaction, campaign: target.campaign, template: template.id,
                                     variables: values.map((v) => v.trim()) });
        dialog.close();
        hooks.sent();
      } else {
        const number = $("outgoing-number").value.replace(/[\s().-]/g, "");
        if (!/^\+[1-9][0-9]{7,14}$/.test(number)) {
          $("outgoing-error").textContent = t("inbox.outgoing.badNumber");
          $("outgoing-number").focus();
          return;
        }
        const result = await live.command("startOutgoing", { campaign: Number($("outgoing-campaign").value), number,
                                                             template: template.id, variables: values.map((v) => v.trim()) });
        dialog.close();
        if (result?.interaction) hooks.opened(result.interaction);
      }
    } catch (error) {
      $("outgoing-error").textContent = hooks.errorText(error);
    } finally {
      submit.disabled = false;
    }
  });

  return { open };
}
