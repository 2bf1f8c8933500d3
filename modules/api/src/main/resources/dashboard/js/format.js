// How values look on the page: phase badges, traffic splits, times and numbers.
import { h } from './dom.js';

export const PHASES = ['None', 'Requested', 'Provisioning', 'Previewing', 'Shifting', 'Holding', 'Promoted',
  'RollingBack', 'RolledBack', 'Failed', 'Aborted', 'Superseded'];

const TONE = {
  Requested: 'active', Provisioning: 'active', Previewing: 'active', Shifting: 'active', Holding: 'active',
  Promoted: 'good', RollingBack: 'warn', RolledBack: 'warn', Failed: 'bad', Aborted: 'muted', Superseded: 'muted',
  None: 'muted',
};

export function phaseBadge(phase, attributes = {}) {
  const name = phase ?? 'None';
  return h('span', { class: `badge tone-${TONE[name] ?? 'muted'}`, dataset: { phase: name }, ...attributes }, name);
}

const VERDICT_TONE = { pass: 'good', fail: 'bad', inconclusive: 'warn', error: 'bad' };

export function verdictBadge(verdict) {
  return h('span', { class: `badge tone-${VERDICT_TONE[verdict] ?? 'muted'}`, dataset: { verdict } }, verdict ?? '—');
}

const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04'];

/** A stable colour per version within one page: the order versions are first seen. */
export class VersionColours {
  constructor() {
    this.assigned = new Map();
  }

  of(version) {
    if (!this.assigned.has(version)) this.assigned.set(version, PALETTE[this.assigned.size % PALETTE.length]);
    return this.assigned.get(version);
  }
}

/**
 * Weights ({environment, version, weight}) as a stacked bar and a list, one item per version with data-version and
 * data-weight; versions at 0% are left out.
 */
export function splitView(weights, colours, { compact = false, id } = {}) {
  const byVersion = new Map();
  for (const w of weights ?? []) {
    byVersion.set(w.version ?? w.environment, (byVersion.get(w.version ?? w.environment) ?? 0) + w.weight);
  }
  const shares = [...byVersion].filter(([, weight]) => weight > 0);
  if (shares.length === 0) return h('span', { class: 'muted', id }, 'no traffic');
  const bar = h('span', { class: 'split-bar', 'aria-hidden': 'true' },
    shares.map(([version, weight]) => h('span', { style: `width:${weight}%;background:${colours.of(version)}` })));
  const list = h('ul', { class: `split-list${compact ? ' compact' : ''}`, id },
    shares.map(([version, weight]) => h('li', { dataset: { version, weight: String(weight) } },
      h('span', { class: 'swatch', style: `background:${colours.of(version)}`, 'aria-hidden': 'true' }),
      h('span', { class: 'version' }, version), ' ', h('strong', {}, `${weight}%`))));
  return h('span', { class: 'split' }, bar, list);
}

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour12: false });
}

export function dateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? time(iso) : `${date.toLocaleDateString()} ${time(iso)}`;
}

/** A <time> element with the full instant as its datetime and title. */
export function timeElement(iso, text = dateTime(iso)) {
  return iso ? h('time', { datetime: iso, title: iso }, text) : '—';
}

export function duration(millis) {
  const seconds = Math.max(0, Math.round(millis / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function number(value, digits = 1) {
  return value == null || Number.isNaN(value) ? '—' : Number(value).toFixed(digits);
}

export function percent(rate, digits = 2) {
  return rate == null ? '—' : `${(rate * 100).toFixed(digits)}%`;
}
