// Render functions of the service page: each takes data and returns elements.
import { h } from './dom.js';
import { dateTime, duration, number, percent, phaseBadge, timeElement, verdictBadge } from './format.js';

const TERMINAL = ['Promoted', 'RolledBack', 'Failed', 'Aborted', 'Superseded'];

/** The release the page is about: the one in flight, else the last one. */
export function currentRelease(status) {
  const history = status?.history ?? [];
  return status?.activeRelease ?? history[history.length - 1] ?? null;
}

function phaseOf(status) {
  return currentRelease(status)?.phase ?? 'None';
}

export function serviceHeader(name, status) {
  const release = currentRelease(status);
  const serving = [...(status.desired ?? [])].sort((a, b) => b.weight - a.weight)[0];
  const spec = status.spec ?? {};
  return [
    h('div', { class: 'title-row' },
      h('h1', { id: 'service-name' }, name),
      phaseBadge(phaseOf(status), { id: 'service-phase', 'aria-label': `phase ${phaseOf(status)}` }),
      release?.paused && h('span', { class: 'badge tone-warn', id: 'service-paused' }, 'Paused'),
      status.deleting && h('span', { class: 'badge tone-bad' }, 'Deleting')),
    h('dl', { class: 'facts' },
      fact('Team', spec.team ?? '—'),
      fact('Account / region', `${status.account ?? spec.account} / ${status.region ?? spec.region}`),
      fact('Serving', serving ? serving.version : '—'),
      fact('Revision', status.revision),
      fact('Endpoint', status.endpointUrl ? h('code', {}, status.endpointUrl) : '—'),
      status.previewUrl && fact('Preview', h('code', {}, status.previewUrl)),
      fact('In sync', h('span', { id: 'service-in-sync', class: status.inSync ? 'ok' : 'warn' },
        status.inSync ? 'yes' : 'no'), status.live?.scannedAt ? ` (scanned ${dateTime(status.live.scannedAt)})` : '')),
  ];
}

function fact(term, ...description) {
  return h('div', {}, h('dt', {}, term), h('dd', {}, ...description));
}

/** The active release with its steps, or the last one when nothing is in flight, and the queued release. */
export function releasePanel(status, versionOf) {
  const active = status.activeRelease;
  const release = currentRelease(status);
  if (!release) return h('p', { class: 'muted' }, 'No release yet.');
  const inFlight = active && !TERMINAL.includes(active.phase);
  const steps = release.steps ?? [];
  const parts = [
    h('p', { class: 'release-line' },
      inFlight ? 'Releasing ' : 'Last release: ', h('strong', {}, release.version), ` (${release.id}) `,
      phaseBadge(release.phase), release.paused ? h('span', { class: 'badge tone-warn' }, 'Paused') : null),
    release.baselineId && h('p', {}, `Baseline ${versionOf(release.baselineId)} (${release.baselineId}), canary ${release.version} (${release.environmentId}).`),
  ];
  if (steps.length > 0) {
    parts.push(h('ol', { class: 'steps', 'aria-label': 'Rollout steps' }, steps.map((step, index) => {
      const reached = index < release.step || (!inFlight && release.phase === 'Promoted');
      const current = inFlight && index === release.step;
      return h('li', { class: `${reached ? 'done' : ''}${current ? ' current' : ''}`, 'aria-current': current ? 'step' : null },
        h('span', { class: 'step-weight' }, `${step.weight}%`),
        step.hold && step.hold !== '0s' ? h('span', { class: 'step-hold' }, `hold ${step.hold}`) : null);
    })));
  }
  if (inFlight && active.holdUntil && active.phase === 'Holding') {
    const left = Date.parse(active.holdUntil) - Date.now();
    parts.push(h('p', {}, `Holding step ${active.step + 1} of ${steps.length} until `, timeElement(active.holdUntil),
      active.paused ? ' (paused)' : ` (${duration(left)} left)`));
  }
  if (release.reason) parts.push(h('p', { class: 'reason' }, `Reason: ${release.reason}`));
  const last = release.analysis?.last;
  if (last) {
    parts.push(h('p', {}, 'Last verdict ', verdictBadge(last.verdict), ` ${last.summary ?? ''}`));
  }
  if (status.queuedRelease) {
    parts.push(h('p', {}, `Queued next: ${status.queuedRelease.version}`));
  }
  return parts;
}

export function environmentsTable(status) {
  const desired = new Map((status.desired ?? []).map((w) => [w.environment, w.weight]));
  const live = new Map((status.live?.environments ?? []).map((e) => [e.id, e]));
  const rows = (status.environments ?? []).map((env) => {
    const seen = live.get(env.id);
    return h('tr', { dataset: { environment: env.id } },
      h('td', {}, h('code', {}, env.id)),
      h('td', {}, env.version),
      h('td', {}, env.state),
      h('td', { class: 'num' }, `${desired.get(env.id) ?? 0}%`),
      h('td', {}, seen ? `${seen.status} ${seen.healthyInstances}/${seen.instances}` : '—'),
      h('td', {}, timeElement(env.createdAt)),
      h('td', {}, env.idleSince ? timeElement(env.idleSince) : '—'));
  });
  return table('environments-table', 'Environments of this service',
    ['Environment', 'Version', 'State', '#Weight', 'Live (healthy/instances)', 'Created', 'Idle since'], rows,
    'No environments.');
}

export function historyTable(status) {
  const rows = [...(status.history ?? [])].reverse().slice(0, 10).map((release) => h('tr', {},
    h('td', {}, release.id),
    h('td', {}, release.version),
    h('td', {}, phaseBadge(release.phase)),
    h('td', {}, timeElement(release.requestedAt)),
    h('td', {}, timeElement(release.updatedAt)),
    h('td', {}, release.reason ?? '')));
  return table('history-table', 'Finished releases, newest first',
    ['Release', 'Version', 'Outcome', 'Requested', 'Ended', 'Reason'], rows, 'No finished releases.');
}

/** The verdicts of the release's analysis intervals, newest first, each with its metrics' numbers. */
export function verdictsTable(records) {
  const rows = [...records].reverse().slice(0, 50).map((event) => {
    const d = event.data;
    const judgement = d.judgement ?? {};
    return h('tr', {},
      h('td', {}, timeElement(d.to ?? event.at)),
      h('td', { class: 'num' }, d.step + 1),
      h('td', {}, verdictBadge(judgement.verdict)),
      h('td', { class: 'num' }, number(judgement.score, 0)),
      h('td', {},
        h('details', {},
          h('summary', {}, judgement.summary ?? ''),
          h('ul', { class: 'metric-reasons' }, (judgement.metrics ?? []).map((m) => h('li', {},
            verdictBadge(m.classification), ' ', m.reason ?? `${m.name}: ${metricValue(m)}`))),
          d.alarmsFiring?.length ? h('p', {}, `Alarms firing: ${d.alarmsFiring.join(', ')}`) : null)));
  });
  return table('verdicts-table', 'Verdicts of the canary analysis, newest first',
    ['Interval end', '#Step', 'Verdict', '#Score', 'Summary'], rows, 'No analysis interval yet.');
}

function metricValue(metric) {
  return metric.type === 'error-rate'
    ? `canary ${percent(metric.canaryValue)} vs baseline ${percent(metric.baselineValue)}`
    : `canary ${number(metric.canaryValue)} ms vs baseline ${number(metric.baselineValue)} ms`;
}

/** A table; a heading starting with '#' is a number column (right-aligned). */
function table(id, caption, headings, rows, empty) {
  return h('table', { id, class: 'data' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headings.map((heading) => (heading.startsWith('#')
      ? h('th', { scope: 'col', class: 'num' }, heading.slice(1)) : h('th', { scope: 'col' }, heading))))),
    h('tbody', {}, rows.length > 0 ? rows : h('tr', {}, h('td', { colspan: headings.length, class: 'muted' }, empty))));
}
