// The audit log: who did what to whom, when and from where (GET /api/audit). Administrators see every entry,
// supervisors the actions on the agents of their campaigns (the API applies that scope). The filters live in the
// address, like the recordings' search: bookmarkable, Back returns to the previous search.
import { setUpTexts, t } from "../../js/i18n.js";
import { api, clearProblems, homeOf, searchProblems, wireLogout } from "../../js/session.js";

const $ = (id) => document.getElementById(id);
const FILTERS = ["from", "to", "user", "action", "target"];
const form = $("search");
let current = {};
let seq = 0;

function readQuery(search = location.search) {
  const params = new URLSearchParams(search);
  const query = {};
  for (const name of [...FILTERS, "page"]) if (params.get(name)) query[name] = params.get(name);
  return query;
}

function queryString(query) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (query[name]) params.set(name, query[name]);
  if (query.page && query.page !== "1") params.set("page", query.page);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function formatDateTime(ms) {
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).format(ms);
}

function go(query) {
  const address = `/admin/audit/${queryString(query)}`;
  if (address !== location.pathname + location.search) history.pushState(null, "", address);
  show(query);
}

async function show(query) {
  current = query;
  for (const name of FILTERS) form.elements[name].value = query[name] ?? "";
  $("export").href = `/api/audit.csv${queryString({ ...query, page: undefined })}`;
  const mine = ++seq;
  $("search-error").textContent = "";
  $("summary").textContent = t("audit.searching");
  let page;
  try {
    page = await api("GET", `/api/audit${queryString(query)}`);
  } catch (error) {
    if (mine !== seq) return;
    $("summary").textContent = "";
    $("search-error").textContent = error.status === 422 ? t("audit.badSearch", { message: searchProblems(form, error) })
      : (error.message || t("error.internal"));
    return;
  }
  if (mine !== seq) return;
  clearProblems(form);
  const rows = page.items.map((entry) => {
    const row = document.createElement("tr");
    const values = [formatDateTime(entry.at), entry.actorName ?? "—", entry.actorRole ?? "—", entry.action, entry.target ?? "",
      entry.detail ?? "", entry.address ?? ""];
    for (const [index, value] of values.entries()) {
      const td = document.createElement("td");
      td.textContent = value;
      if (index === 3 || index === 4) td.className = "audit-code";
      if (index === 6 && entry.userAgent) td.title = entry.userAgent;
      row.append(td);
    }
    return row;
  });
  $("entries").tBodies[0].replaceChildren(...rows);
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  $("no-entries").hidden = page.total > 0;
  $("summary").textContent = t(page.total === 1 ? "audit.count.one" : "audit.count", { count: page.total.toLocaleString(document.documentElement.lang) });
  $("page-of").textContent = t("audit.pageOf", { page: page.page, pages });
  $("prev").disabled = page.page <= 1;
  $("next").disabled = page.page >= pages;
}

async function start() {
  await setUpTexts($("language"));
  wireLogout($("logout"));
  let user;
  try {
    user = await api("GET", "/api/me");
  } catch (error) {
    if (error.status === 401) {
      location.assign(`/login/?next=${encodeURIComponent(location.pathname + location.search)}&expired=1`);
      return;
    }
    throw error;
  }
  $("who").textContent = user.displayName;
  $("nav-admin").hidden = user.role !== "admin";
  if (user.role !== "admin" && user.role !== "supervisor") {
    $("refused").hidden = false;
    const home = document.createElement("a");
    home.href = homeOf(user.role);
    home.textContent = t("rec.refused.home");
    $("refused").append(home);
    return;
  }
  $("audit-view").hidden = false;
  $("scope-note").hidden = user.role === "admin";
  if (user.role === "admin") {
    const select = form.elements.user;
    for (const person of (await api("GET", "/api/users")).sort((a, b) => a.displayName.localeCompare(b.displayName))) {
      select.append(new Option(`${person.displayName} (${person.username})`, String(person.id)));
    }
  } else {
    // Supervisors cannot list users: the filter by user stays for administrators.
    $("user-field").hidden = true;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) query[name] = value;
    }
    go(query);
  });
  $("clear").addEventListener("click", () => go({}));
  $("prev").addEventListener("click", () => go({ ...current, page: String(Math.max(1, Number(current.page ?? 1) - 1)) }));
  $("next").addEventListener("click", () => go({ ...current, page: String(Number(current.page ?? 1) + 1) }));
  window.addEventListener("popstate", () => show(readQuery()));
  await show(readQuery());
}

start();
