// The logged-in user and the REST API, shared by every page.
//   const user = await requireUser(["supervisor", "admin"])   // null after sending the browser elsewhere
//   await api("POST", "/api/...", body)                        // rejects with err.status, err.code, err.fields
//   wireLogout(button)

/// A JSON request to the API; rejects with an Error carrying `status`, `code`, for a 422 `fields` (path → why) and,
/// when the server says when to try again (429), `retryAfter` in seconds.
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: "same-origin",
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw Object.assign(new Error(data?.error?.message ?? response.statusText), { status: response.status, code: data?.error?.code,
      fields: data?.error?.fields ?? {}, retryAfter: Number(response.headers.get("Retry-After")) || null });
  }
  return data;
}

/// The path of the page a role lands on.
export function homeOf(role) {
  return role === "agent" ? "/inbox/" : role === "supervisor" ? "/wallboard/" : "/admin/";
}

/// The logged-in user when its role is in `roles`; otherwise the browser goes to the login page (not logged in, or
/// the session expired: `?next=` brings it back here) or to the user's own page, and this returns null.
export async function requireUser(roles) {
  let user;
  try {
    user = await api("GET", "/api/me");
  } catch (error) {
    const reason = error.status === 401 ? "&expired=1" : "";
    location.assign(`/login/?next=${encodeURIComponent(location.pathname + location.search)}${reason}`);
    return null;
  }
  if (roles && !roles.includes(user.role)) {
    location.assign(`${homeOf(user.role)}?refused=${encodeURIComponent(location.pathname)}`);
    return null;
  }
  return user;
}

/// Logs out when `button` is pressed (the server refuses while an agent holds interactions: `onRefused(error)`).
export function wireLogout(button, onRefused) {
  button.addEventListener("click", async () => {
    try {
      await api("POST", "/api/logout");
      location.assign("/login/");
    } catch (error) {
      onRefused?.(error);
    }
  });
}

/// A refused search (422) in words: each field the API named, by its label in `form`, with why; the fields are
/// marked invalid (and the first focused) until the next search clears them with `clearProblems(form)`.
export function searchProblems(form, error) {
  clearProblems(form);
  const parts = [];
  let first = null;
  for (const [name, why] of Object.entries(error.fields ?? {})) {
    const field = form.elements[name];
    const label = field?.closest("label")?.querySelector("span")?.textContent ?? name;
    if (field) { field.setAttribute("aria-invalid", "true"); first ??= field; }
    parts.push(`${label}: ${why}`);
  }
  first?.focus();
  return parts.length ? parts.join("; ") : error.message;
}

/// Takes the marks of `searchProblems` off `form`'s fields.
export function clearProblems(form) {
  for (const field of form.querySelectorAll('[aria-invalid="true"]')) field.removeAttribute("aria-invalid");
}
