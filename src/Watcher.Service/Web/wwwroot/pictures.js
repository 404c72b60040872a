// The Pictures tab: a 2-D map of every image coloured by cluster, how the number of clusters was
// chosen, and how many images arrived and were filed over time.
import { api, el, thumbUrl, count, plural, clusterLabel } from './api.js';
import { openViewer } from './ui.js';
import { selectionChart, activityChart, activityLegend } from './charts.js';

// Colour-blind-friendlier categorical colours (Tableau 10, then lighter tints); cycled beyond 20.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#17becf',
  '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#bcbd22'];
const UNKNOWN = '#9a9a9a';

export function createPicturesView(root) {
  let loaded = false;
  const map = createMap();
  const selection = el('div', { class: 'chart-box', testid: 'selection-chart' });
  const activity = el('div', { class: 'chart-box', testid: 'activity-chart' });
  root.replaceChildren(
    el('section', { class: 'panel-section' },
      el('h2', {}, 'Map of all pictures'),
      el('p', { class: 'view-hint' }, 'Each dot is a picture, placed so that similar pictures lie close together, coloured by cluster ',
        '(grey: waiting for review). Point at a dot to see the picture; click to open it. Point at a name below to find its cluster.'),
      map.node),
    el('div', { class: 'two-columns' },
      el('section', { class: 'panel-section' },
        el('h2', {}, 'How the number of clusters was chosen'),
        el('p', { class: 'view-hint' }, 'Watcher tried several resolutions (higher gives more, smaller clusters) and kept the one whose ',
          'clusters came out the same on random parts of the pictures (the most stable).'),
        selection),
      el('section', { class: 'panel-section' },
        el('h2', {}, 'Pictures over time'),
        el('p', { class: 'view-hint' }, 'Pictures added to the inbox, and where they went.'),
        activity)));

  async function section(box, path, draw) {
    try {
      const data = await api(path);
      box.replaceChildren(...draw(data));
    } catch (error) {
      box.replaceChildren(el('p', { class: 'error-box' }, error.message));
    }
  }

  async function load() {
    await Promise.all([
      map.load(),
      section(selection, 'selection', (d) => (d?.points?.length
        ? [selectionChart(d), el('div', { class: 'legend' },
          el('span', { class: 'legend-item' }, el('i', { class: 'swatch series-k' }), 'number of clusters'),
          el('span', { class: 'legend-item' }, el('i', { class: 'swatch series-s' }), 'stability (0 to 1)'),
          d.model_version ? el('span', { class: 'muted' }, `model v${d.model_version}`) : null)]
        : [el('p', { class: 'empty' }, 'No clustering has run yet.')])),
      section(activity, 'activity', (d) => (d?.points?.length
        ? [activityChart(d), activityLegend()]
        : [el('p', { class: 'empty' }, 'Nothing has arrived yet.')])),
    ]);
    loaded = true;
  }

  return { load, get loaded() { return loaded; }, onKey: () => false, get busy() { return false; }, redraw: () => map.draw() };
}

function createMap() {
  const canvas = el('canvas', { class: 'map-canvas', testid: 'map-canvas', tabIndex: 0, 'aria-label': 'Map of all pictures' });
  const tip = el('div', { class: 'map-tip', testid: 'map-tooltip', hidden: true });
  const tipImage = el('img', { alt: '' });
  const tipText = el('div', { class: 'map-tip-text' });
  tip.append(tipImage, tipText);
  const legend = el('div', { class: 'legend map-legend', testid: 'map-legend' });
  const info = el('p', { class: 'muted', testid: 'map-info' });
  const wrap = el('div', { class: 'map-wrap' }, canvas, tip);
  const node = el('div', {}, wrap, legend, info);
  let data = { points: [], clusters: [] };
  let screen = [];
  let hover = -1;
  let focusCluster;
  const colourOf = new Map();
  const nameOf = new Map();

  async function load() {
    try {
      data = await api('map');
    } catch (error) {
      data = { points: [], clusters: [] };
      info.replaceChildren(el('span', { class: 'error-box' }, error.message));
      draw();
      return;
    }
    colourOf.clear();
    nameOf.clear();
    (data.clusters ?? []).forEach((c, i) => {
      colourOf.set(c.id, PALETTE[i % PALETTE.length]);
      nameOf.set(c.id, clusterLabel(c));
    });
    const sizes = new Map();
    for (const p of data.points ?? []) sizes.set(p.cluster ?? null, (sizes.get(p.cluster ?? null) ?? 0) + 1);
    legend.replaceChildren(...(data.clusters ?? []).map((c) => legendItem(c.id, clusterLabel(c), colourOf.get(c.id), sizes.get(c.id) ?? 0)),
      sizes.has(null) ? legendItem(null, 'to review', UNKNOWN, sizes.get(null)) : null);
    info.textContent = data.points?.length
      ? `${plural(data.points.length, 'picture')}${data.model_version ? ` · model v${data.model_version}` : ''}`
      : 'No pictures on the map yet: it is drawn once Watcher has clustered.';
    canvas.dataset.points = String(data.points?.length ?? 0);
    draw();
  }

  function legendItem(id, label, colour, size) {
    const item = el('span', { class: 'legend-item', testid: 'map-legend-item', dataset: { cluster: id === null ? '' : String(id) } },
      el('i', { class: 'swatch' }), `${label} (${count(size)})`);
    item.querySelector('i').style.background = colour;
    item.addEventListener('mouseenter', () => { focusCluster = id; draw(); });
    item.addEventListener('mouseleave', () => { focusCluster = undefined; draw(); });
    return item;
  }

  function draw() {
    const width = Math.max(200, wrap.clientWidth || 800);
    const height = Math.round(Math.min(560, Math.max(280, width * 0.55)));
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const points = data.points ?? [];
    if (!points.length) {
      screen = [];
      return;
    }
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const p of points) {
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    }
    const pad = 14;
    const sx = (width - 2 * pad) / ((x1 - x0) || 1);
    const sy = (height - 2 * pad) / ((y1 - y0) || 1);
    screen = points.map((p) => [pad + (p.x - x0) * sx, height - pad - (p.y - y0) * sy]);
    const radius = points.length > 2000 ? 2.2 : 3.2;
    // Unknowns first, so the clusters' colours stay readable on top of them.
    const order = points.map((_, i) => i).sort((a, b) => (points[a].cluster == null ? 0 : 1) - (points[b].cluster == null ? 0 : 1));
    for (const i of order) {
      const p = points[i];
      const dim = focusCluster !== undefined && (p.cluster ?? null) !== focusCluster;
      g.globalAlpha = dim ? 0.08 : p.cluster == null ? 0.55 : 0.85;
      g.fillStyle = p.cluster == null ? UNKNOWN : colourOf.get(p.cluster) ?? UNKNOWN;
      g.beginPath();
      g.arc(screen[i][0], screen[i][1], radius, 0, Math.PI * 2);
      g.fill();
    }
    g.globalAlpha = 1;
    if (hover >= 0 && screen[hover]) {
      g.strokeStyle = '#111';
      g.lineWidth = 2;
      g.beginPath();
      g.arc(screen[hover][0], screen[hover][1], radius + 4, 0, Math.PI * 2);
      g.stroke();
    }
  }

  function nearest(event) {
    const box = canvas.getBoundingClientRect();
    const mx = event.clientX - box.left;
    const my = event.clientY - box.top;
    let best = -1;
    let bestDistance = 10 * 10;
    screen.forEach(([x, y], i) => {
      const d = (x - mx) ** 2 + (y - my) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    return { index: best, mx, my };
  }

  canvas.addEventListener('mousemove', (event) => {
    const { index, mx, my } = nearest(event);
    if (index !== hover) {
      hover = index;
      draw();
    }
    if (index < 0) {
      tip.hidden = true;
      canvas.style.cursor = '';
      return;
    }
    const p = data.points[index];
    canvas.style.cursor = 'pointer';
    if (tip.dataset.id !== String(p.id)) {
      tip.dataset.id = String(p.id);
      tipImage.src = thumbUrl(p.id);
      tipText.textContent = `${p.cluster == null ? 'to review' : nameOf.get(p.cluster) ?? `cluster ${p.cluster}`} · image ${p.id}`;
    }
    tip.hidden = false;
    const left = mx + 16 + 180 > wrap.clientWidth ? mx - 16 - 180 : mx + 16;
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${Math.max(0, Math.min(my - 40, wrap.clientHeight - 200))}px`;
  });
  canvas.addEventListener('mouseleave', () => {
    hover = -1;
    tip.hidden = true;
    draw();
  });
  canvas.addEventListener('click', async (event) => {
    const { index } = nearest(event);
    if (index < 0) return;
    const p = data.points[index];
    let image = { id: p.id, path: `image ${p.id}` };
    try {
      image = await api(`images/${p.id}`);
    } catch {
      // The viewer still shows the picture itself; only its caption is poorer.
    }
    openViewer([image], 0);
  });
  new ResizeObserver(() => draw()).observe(wrap);

  return { node, load, draw };
}
