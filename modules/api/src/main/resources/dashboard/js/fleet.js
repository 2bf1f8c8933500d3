// The fleet across accounts (#/): every service with its version, traffic and phase, filtered and searched, kept
// current by polling GET /api/v1/services and by refreshing as soon as the fleet's event feed reports a change.
import { getJson } from './api.js';
import { clusterPanel } from './cluster.js';
import { setConnection } from './connection.js';
import { h, repeat, replace } from './dom.js';
import { subscribe } from './feed.js';
import { PHASES, VersionColours, phaseBadge, splitView, timeElement, time } from './format.js';

const POLL_MILLIS = 2000;
const PAGE_SIZE = 100;
// when the API cannot search (no `q`), this many services at most are fetched to search them here
const CLIENT_SEARCH_PAGE = 500;
const CLIENT_SEARCH_PAGES = 20;
const FILTERS = ['account', 'region', 'team', 'phase'];

export function mountFleet(root, parameters) {
  const colours = new VersionColours();
  const criteria = { q: parameters.get('q') ?? '', offset: 0 };
  for (const name of FILTERS) criteria[name] = parameters.get(name) ?? '';

  const search = h('input', { type: 'search', id: 'fleet-search', name: 'q', value: criteria.q, autocomplete: 'off',
    placeholder: 'name contains…', 'aria-controls': 'fleet-table' });
  const account = h('select', { id: 'filter-account', name: 'account' }, h('option', { value: '' }, 'all accounts'));
  const region = h('select', { id: 'filter-region', name: 'region' }, h('option', { value: '' }, 'all regions'));
  const team = h('input', { id: 'filter-team', name: 'team', list: 'fleet-teams', value: criteria.team,
    autocomplete: 'off', placeholder: 'any team', size: '12' });
  const teams = h('datalist', { id: 'fleet-teams' });
  const phase = h('select', { id: 'filter-phase', name: 'phase' }, h('option', { value: '' }, 'all phases'),
    PHASES.map((name) => h('option', { value: name }, name)));
  phase.value = criteria.phase;
  const clear = h('button', { type: 'reset' }, 'Clear');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter services' },
    field('fleet-search', 'Search services', search),
    field('filter-account', 'Account', account),
    field('filter-region', 'Region', region),
    field('filter-team', 'Team', team, teams),
    field('filter-phase', 'Phase', phase),
    clear);

  const summary = h('p', { class: 'summary', id: 'fleet-summary', role: 'status', 'aria-live': 'polite' }, 'Loading…');
  const problem = h('div', { class: 'problem', role: 'alert' });
  const head = h('thead');
  const body = h('tbody');
  const table = h('table', { id: 'fleet-table', class: 'data fleet' },
    h('caption', { class: 'visually-hidden' }, 'Services of the fleet'), head, body);
  const previous = h('button', { type: 'button', disabled: true }, '← Previous');
  const next = h('button', { type: 'button', disabled: true }, 'Next →');
  const cluster = clusterPanel({ compact: true });

  root.append(
    h('div', { class: 'title-row' }, h('h1', {}, 'Fleet')),
    form, summary, problem,
    h('div', { class: 'table-scroll' }, table),
    h('nav', { class: 'paging', 'aria-label': 'Pages of services' }, previous, next),
    cluster.element);

  // accounts and their regions fill the filters once
  getJson('api/v1/accounts').then((answer) => {
    const all = answer?.accounts ?? [];
    account.append(...all.map((a) => h('option', { value: a.id }, a.alias && a.alias !== a.id ? `${a.id} (${a.alias})` : a.id)));
    const regions = [...new Set(all.flatMap((a) => a.regions ?? []))].sort();
    region.append(...regions.map((name) => h('option', { value: name }, name)));
    account.value = criteria.account;
    region.value = criteria.region;
  }).catch(() => {});

  let shown = null;
  let stopped = false;
  let asked = 0;
  let answered = 0;
  let serverSearches = null; // unknown until the API answers a search
  const rows = new Map();

  // loads overlap (polls, feed, filters); an answer is shown unless a newer one was, or the criteria changed since
  const load = async () => {
    const number = ++asked;
    const key = JSON.stringify(criteria);
    try {
      const page = await fetchPage();
      if (stopped || number < answered || key !== JSON.stringify(criteria)) return;
      answered = number;
      shown = page;
      render(page);
      replace(problem);
    } catch (failure) {
      if (number >= answered && key === JSON.stringify(criteria)) {
        replace(problem, `Could not load the fleet: ${failure.message}`);
      }
    }
  };

  async function fetchPage() {
    const query = new URLSearchParams();
    for (const name of FILTERS) if (criteria[name]) query.set(name, criteria[name]);
    if (criteria.q && serverSearches !== false) {
      const page = await getJson(`api/v1/services?${withPage(query, criteria.offset, PAGE_SIZE, criteria.q)}`);
      serverSearches = typeof page.total === 'number';
      if (serverSearches) return { ...page, offset: criteria.offset };
    }
    if (!criteria.q) {
      const page = await getJson(`api/v1/services?${withPage(query, criteria.offset, PAGE_SIZE)}`);
      return { ...page, offset: criteria.offset };
    }
    // this API does not search: fetch the filtered fleet and search it here
    const found = [];
    let offset = 0;
    for (let i = 0; i < CLIENT_SEARCH_PAGES && offset != null; i++) {
      const page = await getJson(`api/v1/services?${withPage(query, offset, CLIENT_SEARCH_PAGE)}`);
      found.push(...page.services.filter((s) => matches(s, criteria.q)));
      offset = page.next ?? null;
    }
    const from = criteria.offset;
    return {
      services: found.slice(from, from + PAGE_SIZE),
      total: found.length,
      offset: from,
      next: from + PAGE_SIZE < found.length ? from + PAGE_SIZE : null,
      searchedHere: true,
      truncated: offset != null,
    };
  }

  function render(page) {
    const services = page.services ?? [];
    const extra = {
      health: services.some((s) => s.health != null),
      lastVerdict: services.some((s) => s.lastVerdict != null),
      updatedAt: services.some((s) => s.updatedAt != null),
    };
    const headings = ['Service', 'Team', 'Account', 'Region', 'Version', 'Traffic', 'Phase', 'In sync',
      ...(extra.health ? ['Health'] : []), ...(extra.lastVerdict ? ['Last verdict'] : []),
      ...(extra.updatedAt ? ['Updated'] : [])];
    const signature = headings.join('|');
    if (head.dataset.signature !== signature) {
      head.dataset.signature = signature;
      replace(head, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading))));
      rows.clear();
      replace(body);
    }
    // rows are replaced only when they changed, so focus and selection survive the refreshes
    const keep = new Set();
    let previousRow = null;
    for (const service of services) {
      keep.add(service.service);
      const rowSignature = JSON.stringify(service);
      let row = rows.get(service.service);
      if (!row || row.dataset.signature !== rowSignature) {
        const fresh = serviceRow(service, extra, colours);
        fresh.dataset.signature = rowSignature;
        if (row) row.replaceWith(fresh);
        row = fresh;
        rows.set(service.service, row);
      }
      const expectedPlace = previousRow ? previousRow.nextSibling : body.firstChild;
      if (expectedPlace !== row) body.insertBefore(row, expectedPlace);
      previousRow = row;
    }
    for (const [name, row] of rows) {
      if (!keep.has(name)) {
        row.remove();
        rows.delete(name);
      }
    }
    if (services.length === 0) {
      if (!body.querySelector('.empty')) {
        body.append(h('tr', { class: 'empty' }, h('td', { colspan: headings.length, class: 'muted' },
          'No service matches.')));
      }
    } else {
      body.querySelector('.empty')?.remove();
    }
    for (const name of new Set(services.map((s) => s.team))) {
      if (name && ![...teams.options].some((option) => option.value === name)) teams.append(h('option', { value: name }));
    }
    const first = services.length === 0 ? 0 : page.offset + 1;
    const last = page.offset + services.length;
    const total = typeof page.total === 'number' ? ` of ${page.total}` : '';
    replace(summary, services.length === 0 ? 'No services' : `Services ${first}–${last}${total}`,
      page.truncated ? ' (searched the first services only)' : '', ` · updated ${time(new Date().toISOString())}`);
    previous.disabled = page.offset === 0;
    next.disabled = page.next == null;
  }

  // the fleet feed says something changed: refresh now rather than at the next poll, one load at a time
  let soon = null;
  let feedLoad = null;
  let feedAgain = false;
  const refreshSoon = () => {
    if (feedLoad) {
      feedAgain = true;
    } else if (soon == null) {
      soon = setTimeout(() => {
        soon = null;
        feedLoad = load().finally(() => {
          feedLoad = null;
          if (feedAgain) {
            feedAgain = false;
            refreshSoon();
          }
        });
      }, 300);
    }
  };
  const stopFeed = subscribe('api/v1/events', { onEvent: refreshSoon, onState: (feed) => setConnection(feed) });
  const stopPolling = repeat(load, POLL_MILLIS);

  let typing = null;
  const changed = () => {
    criteria.q = search.value.trim();
    criteria.account = account.value;
    criteria.region = region.value;
    criteria.team = team.value.trim();
    criteria.phase = phase.value;
    criteria.offset = 0;
    rememberInAddress(criteria);
    load();
  };
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changed, 200);
  });
  team.addEventListener('change', changed);
  [account, region, phase].forEach((select) => select.addEventListener('change', changed));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    changed();
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    [search, team].forEach((input) => { input.value = ''; });
    [account, region, phase].forEach((select) => { select.value = ''; });
    changed();
  });
  previous.addEventListener('click', () => {
    criteria.offset = Math.max(0, criteria.offset - PAGE_SIZE);
    load();
  });
  next.addEventListener('click', () => {
    if (shown?.next != null) criteria.offset = shown.next;
    load();
  });

  return () => {
    stopPolling();
    stopFeed();
    cluster.stop();
    clearTimeout(soon);
    clearTimeout(typing);
    stopped = true;
  };
}

function serviceRow(service, extra, colours) {
  return h('tr', { dataset: { service: service.service } },
    h('th', { scope: 'row' }, h('a', { href: `#/services/${encodeURIComponent(service.service)}` }, service.service)),
    h('td', {}, service.team ?? '—'),
    h('td', {}, service.account ?? '—'),
    h('td', {}, service.region ?? '—'),
    h('td', { class: 'version' }, service.version ?? '—'),
    h('td', {}, splitView(service.weights, colours, { compact: true })),
    h('td', {}, phaseBadge(service.phase), service.deleting ? h('span', { class: 'badge tone-bad' }, 'Deleting') : null),
    h('td', {}, service.inSync ? h('span', { class: 'ok' }, 'yes') : h('span', { class: 'warn' }, 'no')),
    extra.health ? h('td', {}, text(service.health)) : null,
    extra.lastVerdict ? h('td', {}, text(service.lastVerdict)) : null,
    extra.updatedAt ? h('td', {}, timeElement(service.updatedAt)) : null);
}

/** Health or a verdict may be a word or an object with a verdict/status: show the word. */
function text(value) {
  if (value == null) return '—';
  if (typeof value === 'object') return value.verdict ?? value.status ?? JSON.stringify(value);
  return String(value);
}

function matches(service, q) {
  return service.service.toLowerCase().includes(q.toLowerCase());
}

function withPage(query, offset, limit, q) {
  const out = new URLSearchParams(query);
  if (q) out.set('q', q);
  out.set('offset', String(offset));
  out.set('limit', String(limit));
  return out;
}

function field(id, label, ...control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), ...control);
}

/** The search and filters go into the address (without a new history entry), so a reload or a link keeps them. */
function rememberInAddress(criteria) {
  const query = new URLSearchParams();
  for (const name of ['q', ...FILTERS]) if (criteria[name]) query.set(name, criteria[name]);
  const hash = query.toString() ? `#/?${query}` : '#/';
  history.replaceState(null, '', hash);
}
