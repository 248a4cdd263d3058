// Calls to the API under /api/v1 with the session cookie. State-changing calls carry the session's CSRF
// token in X-Gator-CSRF, which the API requires of every cookie-authenticated POST/PUT/PATCH/DELETE.

export const API = '/api/v1';
export const CSRF_HEADER = 'X-Gator-CSRF';

let csrfToken = '';

/** Remembers the CSRF token of the current session (given at sign-in and by GET /api/v1/session). */
export function setCsrf(token) {
  csrfToken = token || '';
}

/** An API failure with MIG's error message and the HTTP status. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** fetch() under /api/v1; resolves to the parsed JSON body, rejects with ApiError. */
export async function call(method, path, { headers = {}, body } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && csrfToken) {
    h[CSRF_HEADER] = csrfToken;
  }
  const response = await fetch(API + path, { method, headers: h, body, credentials: 'same-origin', cache: 'no-store' });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const message = json?.collection?.error?.message ?? json?.error ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return json;
}

export const get = (path) => call('GET', path);

/** The items of a collection+json answer as objects: { href, data: { name: value } }. */
export function items(answer) {
  return (answer?.collection?.items ?? []).map((item) => ({
    href: item.href,
    data: Object.fromEntries((item.data ?? []).map((d) => [d.name, d.value])),
  }));
}

/** GET a search; MIG answers 404 when nothing matched, which is an empty list here. */
export async function search(params) {
  try {
    return items(await get('/search?' + new URLSearchParams(params)));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      return [];
    }
    throw e;
  }
}

/** A form body of { field: value } for a state-changing call. */
export function formBody(fields) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    body.append(k, v);
  }
  return body;
}
