// The page of one service (#/services/NAME): its state from GET /api/v1/services/NAME, polled and refreshed on every
// event, and its history and live changes from the service's SSE feed (traffic over time, analysis, events).
import { actionPanel } from './actions.js';
import { ApiError, getJson, servicePath } from './api.js';
import { TimeChart, fromZero } from './charts.js';
import { setConnection } from './connection.js';
import { h, repeat, replace } from './dom.js';
import { describe, subscribe } from './feed.js';
import { VersionColours, splitView, time } from './format.js';
import {
  currentRelease, environmentsTable, historyTable, releasePanel, serviceHeader, verdictsTable,
} from './servicePanels.js';

const POLL_MILLIS = 2000;
const FEED_LIMIT = 200;
// a page left open for days keeps this many traffic changes and analysis intervals
const KEPT_POINTS = 2000;
const HISTORY_WINDOW_MILLIS = 24 * 60 * 60 * 1000;
// events after which the status is fetched at once rather than at the next poll
const CHANGES_STATE = new Set(['ReleaseRequested', 'ReleaseQueued', 'EnvironmentReady', 'EnvironmentFailed',
  'ReleaseFailed', 'PreviewStarted', 'PreviewOpened', 'TrafficShiftRequested', 'TrafficShifted', 'StepHeld',
  'AnalysisRecorded', 'ReleasePromoted', 'RollbackRequested', 'ReleaseRolledBack', 'ReleaseAborted', 'ReleasePaused',
  'ReleaseResumed', 'PromotionRequested', 'EnvironmentRetired', 'EnvironmentDeleted', 'SpecChanged',
  'ServiceDeletionRequested', 'ServiceDeleted']);

export function mountService(root, name) {
  const colours = new VersionColours();
  const state = {
    status: null,
    envVersions: new Map(),
    shifts: [], // {t: seconds, weights: {environment: percent}} from TrafficShifted
    seed: null, // the applied split when the page loaded
    analyses: [], // AnalysisRecorded events
    lastSequenceNr: 0,
  };
  const versionOf = (environment) => state.envVersions.get(environment) ?? environment;
  document.title = `${name} · Flotilla`;
  setConnection('polling');

  const head = h('div', { class: 'service-head' }, h('h1', { id: 'service-name' }, name));
  const problem = h('div', { class: 'problem', role: 'alert' });
  const actions = actionPanel(name, () => refresh());
  const trafficNow = h('div', { id: 'traffic-now' });
  const trafficChart = h('div', { class: 'chart', id: 'traffic-chart', role: 'img',
    'aria-label': 'Traffic share per version over time (percent)' });
  const releaseBox = h('div', { id: 'release-panel' });
  const errorChart = h('div', { class: 'chart', id: 'error-chart', role: 'img',
    'aria-label': 'Error rate of baseline and canary per analysis interval (percent)' });
  const latencyChart = h('div', { class: 'chart', id: 'latency-chart', role: 'img',
    'aria-label': 'Latency percentile of baseline and canary per analysis interval (milliseconds)' });
  const verdicts = h('div', { id: 'verdicts' });
  const environments = h('div', { id: 'environments' });
  const history = h('div', { id: 'history' });
  const feedList = h('ol', { class: 'feed', id: 'event-feed', 'aria-live': 'off' });
  const feedState = h('span', { class: 'muted', id: 'feed-state' }, 'connecting');

  root.append(
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/' }, '← Fleet')),
    head, problem, actions.element,
    h('div', { class: 'grid' },
      section('traffic', 'Traffic split', trafficNow, h('h3', {}, 'Over time'), trafficChart),
      section('release', 'Release', releaseBox),
      section('analysis', 'Canary analysis',
        h('div', { class: 'chart-pair' },
          h('div', {}, h('h3', {}, 'Error rate'), errorChart),
          h('div', {}, h('h3', {}, 'Latency'), latencyChart))),
      section('verdicts-section', 'Verdicts', verdicts),
      section('environments-section', 'Versions and environments', environments),
      section('history-section', 'Release history', history),
      section('feed', 'Live events', h('p', { class: 'feed-head' }, 'Feed: ', feedState), feedList)));

  const charts = {
    traffic: new TimeChart(trafficChart, { unit: '%', range: [0, 100], stepped: true, format: (v) => v.toFixed(0),
      empty: 'No traffic yet' }),
    errors: new TimeChart(errorChart, { unit: '%', format: (v) => v.toFixed(2), range: fromZero(1),
      empty: 'No analysis interval yet' }),
    latency: new TimeChart(latencyChart, { unit: 'ms', format: (v) => v.toFixed(1), range: fromZero(10),
      empty: 'No analysis interval yet' }),
  };

  // status: polled, and fetched at once after actions and state-changing events; older answers never win
  let asked = 0;
  let shown = 0;
  let stopFeed = null;
  const refresh = async () => {
    const number = ++asked;
    try {
      const status = await getJson(servicePath(name));
      if (number < shown) return;
      shown = number;
      state.status = status;
      learnVersions(status);
      if (!state.seed) state.seed = { t: Date.now() / 1000, weights: weightsOf(status.applied) };
      replace(problem);
      render();
      stopFeed ??= startFeed(feedStart(status));
    } catch (failure) {
      if (number < shown) return;
      shown = number;
      replace(problem, failure instanceof ApiError && failure.status === 404
        ? `Service ${name} does not exist.` : `Could not load ${name}: ${failure.message}`);
    }
  };
  let soon = null;
  const refreshSoon = () => {
    if (soon == null) soon = setTimeout(() => { soon = null; refresh(); }, 150);
  };
  const stopPolling = repeat(refresh, POLL_MILLIS);

  function startFeed(since) {
    const url = `api/v1/events?service=${encodeURIComponent(name)}&since=${encodeURIComponent(since)}`;
    return subscribe(url, {
      onEvent: onEvent,
      onState: (feed) => {
        feedState.textContent = feed;
        setConnection(feed);
      },
    });
  }

  let chartsPending = null;
  function onEvent(event) {
    // a resumed stream may repeat what was seen; sequence numbers order one service's events
    if (event.sequenceNr <= state.lastSequenceNr) return;
    state.lastSequenceNr = event.sequenceNr;
    const d = event.data ?? {};
    if (event.type === 'EnvironmentRequested' && d.environment) state.envVersions.set(d.environment.id, d.environment.version);
    if (event.type === 'ReleaseRequested' && d.release?.environmentId) state.envVersions.set(d.release.environmentId, d.release.version);
    if (event.type === 'TrafficShifted') {
      state.shifts.push({ t: Date.parse(event.at) / 1000, weights: d.split?.weights ?? {} });
      if (state.shifts.length > KEPT_POINTS) state.shifts.shift();
      trafficChart.dataset.latestSplit = splitText(d.split?.weights ?? {}, versionOf);
    }
    if (event.type === 'AnalysisRecorded') {
      state.analyses.push(event);
      if (state.analyses.length > KEPT_POINTS) state.analyses.shift();
    }
    feedList.prepend(h('li', { dataset: { type: event.type, sequenceNr: String(event.sequenceNr) } },
      h('time', { datetime: event.at, title: event.at }, time(event.at)), ' ',
      h('strong', {}, event.type), ' ', describe(event, versionOf)));
    while (feedList.children.length > FEED_LIMIT) feedList.lastElementChild.remove();
    // a replay delivers many events at once: draw once for the lot
    chartsPending ??= setTimeout(() => { chartsPending = null; renderCharts(); }, 50);
    if (CHANGES_STATE.has(event.type)) refreshSoon();
  }

  function learnVersions(status) {
    for (const env of status.environments ?? []) state.envVersions.set(env.id, env.version);
    for (const w of [...(status.desired ?? []), ...(status.applied ?? [])]) {
      if (w.version) state.envVersions.set(w.environment, w.version);
    }
    for (const release of [...(status.history ?? []), status.activeRelease].filter(Boolean)) {
      if (release.environmentId) state.envVersions.set(release.environmentId, release.version);
    }
  }

  function render() {
    const status = state.status;
    replace(head, serviceHeader(name, status));
    actions.update(status);
    replace(trafficNow, splitView(status.applied, colours, { id: 'traffic-split' }),
      status.inSync ? null : h('p', { class: 'warn' }, 'Desired: ', splitView(status.desired, colours, { compact: true })));
    replace(releaseBox, releasePanel(status, versionOf));
    replace(environments, environmentsTable(status));
    replace(history, historyTable(status));
    document.title = `${name} · ${currentRelease(status)?.phase ?? 'None'} · Flotilla`;
    renderCharts();
  }

  function renderCharts() {
    if (!state.status) return;
    renderTraffic();
    const release = currentRelease(state.status);
    const records = release ? state.analyses.filter((event) => event.data.releaseId === release.id) : [];
    const baseline = release?.baselineId ? versionOf(release.baselineId) : 'baseline';
    const canary = release?.version ?? 'canary';
    renderMetric(charts.errors, records, 'error-rate', baseline, canary, 100);
    renderMetric(charts.latency, records, 'latency', baseline, canary, 1);
    replace(verdicts, verdictsTable(records));
  }

  function renderTraffic() {
    // the split at page load stands in only while the feed has no traffic change (its time is the browser's clock)
    const points = state.shifts.length > 0 || !state.seed ? [...state.shifts] : [state.seed];
    points.sort((a, b) => a.t - b.t);
    const versions = [];
    for (const point of points) {
      for (const environment of Object.keys(point.weights)) {
        const version = versionOf(environment);
        if (!versions.includes(version)) versions.push(version);
      }
    }
    const share = (point, version) => Object.entries(point.weights)
      .filter(([environment]) => versionOf(environment) === version)
      .reduce((sum, [, weight]) => sum + weight, 0);
    const xs = points.map((point) => point.t);
    const ys = versions.map((version) => points.map((point) => share(point, version)));
    if (points.length > 0) {
      // the last split holds until now
      xs.push(Math.max(Date.now() / 1000, xs[xs.length - 1]));
      ys.forEach((values) => values.push(values[values.length - 1]));
    }
    charts.traffic.update(versions.map((version) => ({ label: version, colour: colours.of(version) })), [xs, ...ys]);
  }

  function renderMetric(chart, records, type, baseline, canary, scale) {
    const names = [];
    for (const event of records) {
      for (const metric of event.data.judgement?.metrics ?? []) {
        if (metric.type === type && !names.includes(metric.name)) names.push(metric.name);
      }
    }
    const series = [];
    const values = [];
    names.forEach((metricName, index) => {
      const dash = index === 0 ? undefined : [6, 4];
      series.push({ label: `${metricName} ${baseline} (baseline)`, colour: colours.of(baseline), dash });
      series.push({ label: `${metricName} ${canary} (canary)`, colour: colours.of(canary), dash });
      const of = (event) => event.data.judgement?.metrics?.find((m) => m.name === metricName);
      values.push(records.map((event) => scaled(of(event)?.baselineValue, scale)));
      values.push(records.map((event) => scaled(of(event)?.canaryValue, scale)));
    });
    const xs = names.length === 0 ? [] : records.map((event) => Date.parse(event.data.to ?? event.at) / 1000);
    chart.update(series, [xs, ...values]);
  }

  return () => {
    stopPolling();
    stopFeed?.();
    clearTimeout(soon);
    clearTimeout(chartsPending);
    Object.values(charts).forEach((chart) => chart.destroy());
  };
}

function section(id, title, ...content) {
  return h('section', { class: 'panel', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), ...content);
}

/** Where the feed starts: at the release before the latest one (so the chart shows the split it came from), at most a day back. */
function feedStart(status) {
  const releases = [...(status.history ?? []), status.activeRelease].filter(Boolean);
  const from = releases[releases.length - 2] ?? releases[releases.length - 1];
  const earliest = Date.now() - HISTORY_WINDOW_MILLIS;
  const start = from ? Math.max(Date.parse(from.requestedAt), earliest) : Date.now() - 60 * 60 * 1000;
  return new Date(start).toISOString();
}

function weightsOf(weights) {
  return Object.fromEntries((weights ?? []).map((w) => [w.environment, w.weight]));
}

/** A split by version as text, e.g. "1.0.0=75,2.0.0=25" (versions at 0% left out). */
function splitText(weights, versionOf) {
  const byVersion = new Map();
  for (const [environment, weight] of Object.entries(weights)) {
    byVersion.set(versionOf(environment), (byVersion.get(versionOf(environment)) ?? 0) + weight);
  }
  return [...byVersion].filter(([, w]) => w > 0).map(([version, w]) => `${version}=${w}`).sort().join(',');
}

function scaled(value, scale) {
  return value == null ? null : value * scale;
}
