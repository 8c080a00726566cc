// The search as URL parameters: the page's address is the query (bookmarkable; Back goes to the previous search).
// The same names as GET /api/recordings, so the API call and the CSV export use them as they are.

export const FILTERS = ["from", "to", "number", "subject", "campaign", "agent", "state", "address", "q"];
export const DEFAULT_SORT = "date";
export const DEFAULT_PAGE_SIZE = 50;

/// The search in `search` (a location.search string) as a plain object; absent values are left out.
export function readQuery(search = location.search) {
  const params = new URLSearchParams(search);
  const query = {};
  for (const name of [...FILTERS, "sort", "order", "page", "pageSize", "open"]) {
    const value = params.get(name);
    if (value) query[name] = value;
  }
  return query;
}

/// The query string of `query` (defaults dropped, so a plain search keeps a short address).
export function queryString(query, { forApi = false } = {}) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (query[name]) params.set(name, query[name]);
  if (query.sort && query.sort !== DEFAULT_SORT) params.set("sort", query.sort);
  if (query.order && !(query.order === "desc" && (query.sort ?? DEFAULT_SORT) === DEFAULT_SORT)) params.set("order", query.order);
  if (query.page && query.page !== "1") params.set("page", query.page);
  if (query.pageSize && Number(query.pageSize) !== DEFAULT_PAGE_SIZE) params.set("pageSize", query.pageSize);
  if (!forApi && query.open) params.set("open", query.open);
  const text = params.toString();
  return text ? `?${text}` : "";
}
