// The Flotilla dashboard: a single page with hash routes, #/ (fleet), #/services/NAME and #/cluster.
import { mountCluster } from './cluster.js';
import { mountFleet } from './fleet.js';
import { mountService } from './service.js';

// Set once per page load: a reload gives a new id (the browser test checks that updates arrive without one).
window.flotillaDashboard = Object.freeze({
  loadId: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
  loadedAt: new Date().toISOString(),
});

const main = document.getElementById('main');
let unmount = null;

function route() {
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
route();
