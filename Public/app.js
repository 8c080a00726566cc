// The start page: log in, then show who you are and the campaigns you may see.
const $ = (selector) => document.querySelector(selector);

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: "same-origin",
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw Object.assign(new Error(data?.error?.message ?? response.statusText), { status: response.status });
  return data;
}

function show(section) {
  for (const id of ["login", "home"]) $(`#${id}`).hidden = id !== section;
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

async function showHome(user) {
  $("#who").textContent = user.displayName;
  $("#role").textContent = user.role;
  const body = $("#campaigns tbody");
  body.replaceChildren();
  try {
    const campaigns = await api("GET", "/api/campaigns");
    if (campaigns.length === 0) {
      const row = document.createElement("tr");
      row.append(cell("No campaigns yet."));
      body.append(row);
    }
    for (const campaign of campaigns) {
      const row = document.createElement("tr");
      row.append(cell(campaign.name), cell(campaign.number), cell(String(campaign.maxInteractionsPerAgent)),
                 cell(campaign.enabled ? "yes" : "no"));
      body.append(row);
    }
  } catch (error) {
    const row = document.createElement("tr");
    row.append(cell(error.message));
    body.append(row);
  }
  show("home");
}

$("#login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  $("#login-error").textContent = "";
  try {
    const answer = await api("POST", "/api/login", { username: form.get("username"), password: form.get("password") });
    await showHome(answer.user);
  } catch (error) {
    $("#login-error").textContent = error.message;
  }
});

$("#logout").addEventListener("click", async () => {
  await api("POST", "/api/logout").catch(() => {});
  show("login");
});

try {
  await showHome(await api("GET", "/api/me"));
} catch {
  show("login");
}
