// The cluster panel: GET /api/v1/cluster (members and their status, unreachable nodes, shards and entities per
// node). Nodes without that route answer 404: the panel says the view is not available and asks again later.
import { ApiError, getJson } from './api.js';
import { setConnection } from './connection.js';
import { h, repeat, replace } from './dom.js';

const POLL_MILLIS = 5000;
const UNAVAILABLE_POLL_MILLIS = 30000;

export function clusterPanel({ compact = false } = {}) {
  const body = h('div', { id: 'cluster-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const element = h('section', { class: `panel cluster${compact ? ' compact' : ''}`, id: 'cluster',
    'aria-labelledby': 'cluster-title' }, h(compact ? 'h2' : 'h1', { id: 'cluster-title' }, 'Cluster'), body);
  let unavailable = false;
  let skipped = 0;

  const load = async () => {
    // while the node has no cluster view, ask only every UNAVAILABLE_POLL_MILLIS
    if (unavailable && ++skipped < UNAVAILABLE_POLL_MILLIS / POLL_MILLIS) return;
    skipped = 0;
    try {
      const cluster = await getJson('api/v1/cluster');
      unavailable = false;
      replace(body, clusterView(cluster));
      element.dataset.state = 'available';
    } catch (failure) {
      if (failure instanceof ApiError && (failure.status === 404 || failure.status === 405)) {
        unavailable = true;
        element.dataset.state = 'unavailable';
        replace(body, h('p', { class: 'muted', id: 'cluster-unavailable' },
          'Cluster view not available on this node (GET /api/v1/cluster is not served).'));
      } else {
        element.dataset.state = 'error';
        replace(body, h('p', { class: 'warn' }, `Could not load the cluster: ${failure.message}`));
      }
    }
  };
  const stop = repeat(load, POLL_MILLIS);
  return { element, stop };
}

export function mountCluster(root) {
  const panel = clusterPanel();
  root.append(panel.element);
  setConnection('polling');
  return panel.stop;
}

/** Members as a table whose columns are the fields the API gives; unreachable nodes listed and marked. */
function clusterView(cluster) {
  const members = Array.isArray(cluster?.members) ? cluster.members : [];
  const unreachable = (Array.isArray(cluster?.unreachable) ? cluster.unreachable : [])
    .map((node) => (typeof node === 'string' ? node : node.address ?? JSON.stringify(node)));
  const columns = [];
  for (const member of members) {
    for (const key of Object.keys(member)) if (!columns.includes(key)) columns.push(key);
  }
  const facts = Object.entries(cluster ?? {})
    .filter(([key, value]) => key !== 'members' && key !== 'unreachable' && (typeof value !== 'object' || value === null));
  return [
    facts.length > 0 && h('dl', { class: 'facts' }, facts.map(([key, value]) => h('div', {},
      h('dt', {}, words(key)), h('dd', {}, String(value))))),
    h('table', { class: 'data', id: 'cluster-members' },
      h('caption', { class: 'visually-hidden' }, 'Cluster members'),
      h('thead', {}, h('tr', {}, columns.map((key) => h('th', { scope: 'col' }, words(key))))),
      h('tbody', {}, members.length === 0
        ? h('tr', {}, h('td', { class: 'muted' }, 'No members reported.'))
        : members.map((member) => h('tr', { class: unreachable.includes(member.address) ? 'unreachable' : '' },
          columns.map((key) => h('td', {}, cell(member[key]))))))),
    h('p', { id: 'cluster-unreachable', class: unreachable.length > 0 ? 'warn' : 'muted' },
      unreachable.length > 0 ? `Unreachable: ${unreachable.join(', ')}` : 'No unreachable nodes.'),
  ];
}

function cell(value) {
  if (value == null) return '—';
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : item)).join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
  return String(value);
}

/** "shardCount" -> "shard count". */
function words(key) {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
