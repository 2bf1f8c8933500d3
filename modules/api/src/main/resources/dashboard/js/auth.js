// The API token of this browser tab: asked for by the sign-in form, kept in sessionStorage (gone when the tab
// closes), sent as `Authorization: Bearer ...` on every API call and never put in a URL.

const KEY = 'flotilla.token';
export const SIGN_IN_EVENT = 'flotilla:sign-in';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  sessionStorage.setItem(KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

/** The headers that authenticate a call (none before sign-in). */
export function authorization() {
  const value = token();
  return value ? { Authorization: `Bearer ${value}` } : {};
}

/** The API answered 401: forget the token and ask for one again, saying why. */
export function signInNeeded(message) {
  clearToken();
  window.dispatchEvent(new CustomEvent(SIGN_IN_EVENT, { detail: { message } }));
}
