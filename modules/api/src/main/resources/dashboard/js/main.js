// The Flotilla dashboard: a single page with hash routes, #/ (fleet), #/services/NAME and #/cluster.
import { ApiError, getJson } from './api.js';
import { clearToken, setToken, SIGN_IN_EVENT, token } from './auth.js';
import { mountCluster } from './cluster.js';
import { setConnection } from './connection.js';
import { h } from './dom.js';
import { mountFleet } from './fleet.js';
import { mountService } from './service.js';

// Set once per page load: a reload gives a new id (the browser test checks that updates arrive without one).
window.flotillaDashboard = Object.freeze({
  loadId: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
  loadedAt: new Date().toISOString(),
});

const main = document.getElementById('main');
let unmount = null;

/** The sign-in form: every API call needs a token; it is kept for this tab only. */
function showSignIn(message = '') {
  unmount?.();
  unmount = null;
  main.dataset.view = 'sign-in';
  document.title = 'Sign in · Flotilla';
  setConnection('offline', 'signed out');
  document.getElementById('sign-out')?.remove();
  const input = h('input', { id: 'signin-token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false' });
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert' }, message);
  const form = h('form', { id: 'signin', class: 'panel signin' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'The Flotilla API needs a token. ', h('code', {}, 'flotilla dev'),
      ' prints one at start (token: ...); an operator gives you yours.'),
    h('label', { for: 'signin-token' }, 'API token'), input,
    h('button', { type: 'submit' }, 'Sign in'), error);
  form.addEventListener('submit', async (submitted) => {
    submitted.preventDefault();
    setToken(input.value.trim());
    try {
      await getJson('api/v1/services?limit=1');
      route();
    } catch (failure) {
      // a 401 shows the form again through the sign-in event; anything else is said here
      if (!(failure instanceof ApiError && failure.status === 401)) {
        clearToken();
        error.textContent = failure.message;
      }
    }
  });
  main.replaceChildren(form);
  input.focus();
}

function signOutButton() {
  if (document.getElementById('sign-out')) return;
  const button = h('button', { id: 'sign-out', type: 'button', class: 'sign-out' }, 'Sign out');
  button.addEventListener('click', () => {
    clearToken();
    showSignIn();
  });
  document.querySelector('header.top').append(button);
}

function route() {
  if (!token()) {
    showSignIn();
    return;
  }
  signOutButton();
  const [path, query = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  unmount?.();
  main.replaceChildren();
  const service = path.match(/^\/services\/([^/]+)$/);
  let view;
  if (service) {
    view = 'service';
    unmount = mountService(main, decodeURIComponent(service[1]));
  } else if (path === '/cluster') {
    view = 'cluster';
    document.title = 'Cluster · Flotilla';
    unmount = mountCluster(main);
  } else {
    view = 'fleet';
    document.title = 'Fleet · Flotilla';
    unmount = mountFleet(main, new URLSearchParams(query));
  }
  main.dataset.view = view;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

window.addEventListener('hashchange', () => {
  route();
  // keyboard and screen reader users continue in the new view, not in the old link
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
});
window.addEventListener(SIGN_IN_EVENT, (signIn) => {
  if (main.dataset.view === 'sign-in') {
    const error = document.getElementById('signin-error');
    if (error) error.textContent = 'That token was not accepted.';
    return;
  }
  showSignIn(signIn.detail?.message ?? '');
});
route();
