// Time-series charts drawn by uPlot (vendored in dashboard/vendor, loaded as the global `uPlot`).
import { h, replace } from './dom.js';

const HEIGHT = 200;

/** A y range from 0 to a little above the largest value, and at least to {@code least}. */
export function fromZero(least) {
  return (min, max) => [0, Math.max(least, (max ?? 0) * 1.15)];
}

/**
 * One chart in {@code container}: {@code update(series, data)} draws the series ({label, colour, dash}) over
 * uPlot's aligned data ([times in seconds, ...values per series]); the chart is rebuilt when the series change and
 * resized with its container. With no points it shows {@code empty} instead. {@code range} is the y range: fixed
 * ([low, high]) or a function of the data's (min, max).
 */
export class TimeChart {
  constructor(container, { unit, format = (v) => String(v), range = fromZero(1), stepped = false, empty = 'No data yet' }) {
    this.container = container;
    this.options = { unit, format, range, stepped, empty };
    this.plot = null;
    this.signature = null;
    this.resizer = new ResizeObserver(() => this.plot?.setSize(this.size()));
    this.resizer.observe(container);
  }

  update(series, data) {
    const points = data[0]?.length ?? 0;
    this.container.dataset.points = String(points);
    if (points === 0 || typeof globalThis.uPlot !== 'function') {
      this.destroyPlot();
      replace(this.container, h('p', { class: 'chart-empty' },
        typeof globalThis.uPlot === 'function' ? this.options.empty : 'Charts unavailable (uPlot did not load)'));
      return;
    }
    const signature = JSON.stringify(series);
    if (this.plot && signature === this.signature) {
      this.plot.setData(data);
      return;
    }
    this.destroyPlot();
    this.container.replaceChildren();
    this.signature = signature;
    this.plot = new globalThis.uPlot(this.plotOptions(series), data, this.container);
  }

  plotOptions(series) {
    const { unit, format, range, stepped } = this.options;
    const uPlot = globalThis.uPlot;
    return {
      ...this.size(),
      scales: {
        // a single point gets a minute either side rather than uPlot's years
        x: { time: true, range: (u, min, max) => (min === max ? [min - 60, max + 60] : [min, max]) },
        y: { range: typeof range === 'function' ? (u, min, max) => range(min, max) : () => range },
      },
      series: [
        { value: (u, seconds) => (seconds == null ? '—' : new Date(seconds * 1000).toLocaleTimeString([], { hour12: false })) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          width: 2,
          dash: s.dash,
          spanGaps: stepped,
          paths: stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
          points: { show: !stepped, size: 5 },
          value: (u, v) => (v == null ? '—' : `${format(v)}${unit ? ` ${unit}` : ''}`),
        })),
      ],
      axes: [
        { stroke: '#475569', grid: { stroke: '#e2e8f0' } },
        { stroke: '#475569', grid: { stroke: '#e2e8f0' }, size: 56, values: (u, values) => values.map((v) => format(v)) },
      ],
      cursor: { drag: { x: false, y: false } },
    };
  }

  size() {
    return { width: Math.max(280, this.container.clientWidth || 600), height: HEIGHT };
  }

  destroyPlot() {
    this.plot?.destroy();
    this.plot = null;
    this.signature = null;
  }

  destroy() {
    this.resizer.disconnect();
    this.destroyPlot();
  }
}
