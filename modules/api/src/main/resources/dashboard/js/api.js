// The dashboard's calls to the Flotilla API. Paths are relative, so the page also works behind a path prefix.
import { authorization, signInNeeded } from './auth.js';

/** A failed API call: the HTTP status and the API's own error message (with field details when it gave some). */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function send(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...options,
      headers: { Accept: 'application/json', ...authorization(), ...(options.headers ?? {}) },
    });
  } catch (networkError) {
    throw new ApiError(0, `cannot reach the Flotilla node (${networkError.message})`, null);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported as text below
  }
  if (response.status === 401) {
    signInNeeded('The node did not accept the token (it may have restarted with a new one); sign in again.');
  }
  if (!response.ok) {
    throw new ApiError(response.status, errorMessage(response, body, text), body);
  }
  return body;
}

/** The API's {"error", "message", "details": [{field, message}]} as one line. */
function errorMessage(response, body, text) {
  if (body && typeof body.message === 'string') {
    const details = Array.isArray(body.details) ? body.details : [];
    const fields = details.filter((d) => d && d.field && !body.message.includes(d.field))
      .map((d) => `${d.field}: ${d.message}`);
    return [body.message, ...fields].join('; ');
  }
  return `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

export function getJson(path) {
  return send(path);
}

function postJson(path, body) {
  return send(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export const servicePath = (name) => `api/v1/services/${encodeURIComponent(name)}`;

/** Starts a release of {@code version}; resolves to the API's accepted reply. */
export function release(service, version) {
  return postJson(`${servicePath(service)}/releases`, { version });
}

/** rollback | pause | resume | promote | abort; a reason is sent only for rollback and abort. */
export function act(service, action, reason) {
  const body = reason && (action === 'rollback' || action === 'abort') ? { reason } : {};
  return postJson(`${servicePath(service)}/${action}`, body);
}
