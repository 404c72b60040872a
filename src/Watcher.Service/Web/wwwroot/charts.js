// Hand-drawn SVG charts (no chart library: the page loads nothing from outside the daemon).
import { count, el } from './api.js';

const NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

/** A round upper bound for an axis of four steps, each step 1, 2 or 5 x 10^n (whole numbers: these are counts). */
export function niceMax(value) {
  if (!(value > 0)) return 4;
  const step = value / 4;
  const power = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= step && Number.isInteger(s)) ?? Math.ceil(step);
  return 4 * nice;
}

// The point the engine chose. The API's "chosen" is the index into points (as the engine reports it);
// a resolution value or a point object are accepted too, so the chart survives either reading.
function chosenIndex(data) {
  const points = data.points ?? [];
  const chosen = data.chosen;
  if (chosen && typeof chosen === 'object') return points.findIndex((p) => p.resolution === chosen.resolution);
  const flagged = points.findIndex((p) => p.chosen === true);
  if (flagged >= 0) return flagged;
  if (typeof chosen !== 'number') return -1;
  if (Number.isInteger(chosen) && chosen >= 0 && chosen < points.length) return chosen;
  return points.findIndex((p) => Math.abs(p.resolution - chosen) < 1e-9);
}

/** Number of clusters and stability against resolution, the chosen point marked. */
export function selectionChart(data) {
  const points = data.points ?? [];
  const W = 640; const H = 290; const L = 52; const R = 56; const T = 34; const B = 44;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'data-testid': 'selection-svg', 'aria-label': 'Cluster-count selection curve' });
  if (!points.length) return root;
  const maxK = niceMax(Math.max(...points.map((p) => p.clusters ?? 0)));
  const x = (i) => L + (points.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (points.length - 1));
  const yK = (k) => H - B - ((k ?? 0) / maxK) * (H - T - B);
  const yS = (s) => H - B - Math.max(0, Math.min(1, s ?? 0)) * (H - T - B);
  const at = chosenIndex(data);

  for (let t = 0; t <= 4; t++) {
    const y = H - B - (t / 4) * (H - T - B);
    root.append(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid-line' }),
      svg('text', { x: L - 8, y: y + 4, class: 'axis-label', 'text-anchor': 'end' }, count(Math.round((maxK * t) / 4))),
      svg('text', { x: W - R + 8, y: y + 4, class: 'axis-label', 'text-anchor': 'start' }, (t / 4).toFixed(2)));
  }
  points.forEach((p, i) => root.append(svg('text', { x: x(i), y: H - B + 18, class: 'axis-label', 'text-anchor': 'middle' }, formatNumber(p.resolution))));
  root.append(
    svg('text', { x: (L + W - R) / 2, y: H - 6, class: 'axis-title', 'text-anchor': 'middle' }, 'resolution (higher: more, smaller clusters)'),
    svg('text', { x: 14, y: (T + H - B) / 2, class: 'axis-title series-k', 'text-anchor': 'middle', transform: `rotate(-90 14 ${(T + H - B) / 2})` }, 'clusters'),
    svg('text', { x: W - 12, y: (T + H - B) / 2, class: 'axis-title series-s', 'text-anchor': 'middle', transform: `rotate(90 ${W - 12} ${(T + H - B) / 2})` }, 'stability'));

  if (at >= 0) {
    const p = points[at];
    root.append(svg('line', { x1: x(at), x2: x(at), y1: T - 6, y2: H - B, class: 'chosen-line' }),
      svg('text', { x: x(at), y: T - 12, class: 'chosen-label', 'text-anchor': at > points.length / 2 ? 'end' : 'start', 'data-testid': 'selection-chosen' },
        `chosen: ${Number.isInteger(p.clusters) ? '' : 'about '}${Math.round(p.clusters ?? 0)} clusters, stability ${(p.stability ?? 0).toFixed(2)}`));
  }
  const line = (fy, cls) => svg('polyline', { points: points.map((p, i) => `${x(i)},${fy(p)}`).join(' '), class: `series ${cls}` });
  root.append(line((p) => yK(p.clusters), 'series-k'), line((p) => yS(p.stability), 'series-s'));
  points.forEach((p, i) => {
    const tip = `resolution ${formatNumber(p.resolution)}: ${formatNumber(p.clusters)} clusters, stability ${(p.stability ?? 0).toFixed(3)}${i === at ? ' (chosen)' : ''}`;
    root.append(
      svg('circle', { cx: x(i), cy: yK(p.clusters), r: i === at ? 6 : 3.5, class: `dot series-k${i === at ? ' chosen' : ''}` }, svg('title', {}, tip)),
      svg('circle', { cx: x(i), cy: yS(p.stability), r: i === at ? 6 : 3.5, class: `dot series-s${i === at ? ' chosen' : ''}` }, svg('title', {}, tip)));
  });
  return root;
}

const SERIES = [['filed', 'filed'], ['unknown', 'to review'], ['rejected', 'rejected']];

/** Images per hour or day: filed, unknown and rejected stacked, added as a line. */
export function activityChart(data) {
  const points = data.points ?? [];
  const W = 640; const H = 260; const L = 52; const R = 16; const T = 16; const B = 46;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'data-testid': 'activity-svg', 'aria-label': 'Images over time' });
  if (!points.length) return root;
  const total = (p) => (p.filed ?? 0) + (p.unknown ?? 0) + (p.rejected ?? 0);
  const maxY = niceMax(Math.max(...points.map((p) => Math.max(total(p), p.added ?? 0))));
  const slot = (W - L - R) / points.length;
  const y = (v) => H - B - (v / maxY) * (H - T - B);
  for (let t = 0; t <= 4; t++) {
    const v = (maxY * t) / 4;
    root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid-line' }),
      svg('text', { x: L - 8, y: y(v) + 4, class: 'axis-label', 'text-anchor': 'end' }, count(Math.round(v))));
  }
  const every = Math.max(1, Math.ceil(points.length / 7));
  points.forEach((p, i) => {
    const w = Math.max(1, Math.min(48, slot * 0.76));
    const x0 = L + i * slot + (slot - w) / 2;
    let base = 0;
    const group = svg('g', { class: 'bar' }, svg('title', {}, `${formatTime(p.start, data.bucket, true)}: ${count(p.added)} added, ` +
      SERIES.map(([k, label]) => `${count(p[k])} ${label}`).join(', ')));
    for (const [k] of SERIES) {
      const v = p[k] ?? 0;
      if (v > 0) group.append(svg('rect', { x: x0, y: y(base + v), width: w, height: y(base) - y(base + v), class: `bar-${k}` }));
      base += v;
    }
    root.append(group);
    if (i % every === 0) root.append(svg('text', { x: x0 + w / 2, y: H - B + 16, class: 'axis-label', 'text-anchor': 'middle' }, formatTime(p.start, data.bucket, false)));
  });
  root.append(svg('polyline', {
    points: points.map((p, i) => `${L + (i + 0.5) * slot},${y(p.added ?? 0)}`).join(' '), class: 'series series-added',
  }));
  // Dots as well: a single hour or day has no line to draw.
  points.forEach((p, i) => root.append(svg('circle', { cx: L + (i + 0.5) * slot, cy: y(p.added ?? 0), r: 2.5, class: 'dot-added' })));
  root.append(svg('text', { x: (L + W - R) / 2, y: H - 8, class: 'axis-title', 'text-anchor': 'middle' }, `images per ${data.bucket === 'day' ? 'day' : 'hour'}`));
  return root;
}

export function activityLegend() {
  return el('div', { class: 'legend' }, [['added', 'added to the inbox (line)'], ...SERIES]
    .map(([k, label]) => el('span', { class: 'legend-item' }, el('i', { class: `swatch bar-${k}` }), label)));
}

function formatNumber(v) {
  if (typeof v !== 'number') return String(v ?? '');
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1).replace(/0+$/, '').replace(/\.$/, '');
}

function formatTime(start, bucket, long) {
  const d = new Date(start);
  if (Number.isNaN(d.getTime())) return String(start ?? '');
  const day = d.toLocaleDateString('en', { month: 'short', day: 'numeric' });
  if (bucket === 'day') return long ? d.toLocaleDateString('en', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' }) : day;
  const hour = d.toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', hour12: false });
  return long ? `${day} ${hour}` : hour === '00:00' ? day : hour;
}
