// The Clusters tab: one card per cluster, with naming, merging, splitting and its images page by page.
import { api, post, el, thumbUrl, busy, toast, clusterLabel, plural, count, asPage, fileName } from './api.js';
import { pickBox, confirmBox, openViewer, openModal, gridStep, focusItem } from './ui.js';

const PAGE = 60;

export function createClustersView(root, ctx) {
  let clusters = [];
  let highlighted = new Set();
  let loaded = false;
  const summary = el('p', { class: 'view-summary', testid: 'clusters-summary' });
  const grid = el('div', { class: 'card-grid', testid: 'cluster-grid' });
  root.replaceChildren(
    el('p', { class: 'view-hint' },
      'Each card is a group of similar pictures that Watcher found. Give a group a name and its pictures move to ',
      el('code', {}, 'output/<name>/'), '; new pictures like them will be filed there too. Groups marked ',
      el('span', { class: 'badge badge-new' }, 'new'), ' are waiting for a name.'),
    summary, grid);

  const cards = () => [...grid.querySelectorAll('.card')];
  const byId = (id) => clusters.find((c) => c.id === id);
  const focusedCard = () => document.activeElement?.closest?.('.card');

  async function load() {
    const keep = focusedCard()?.dataset.clusterId;
    try {
      const data = await api('clusters');
      clusters = Array.isArray(data) ? data : [];
      ctx.setClusters(clusters);
      render();
      if (keep) focusCluster(Number(keep));
    } catch (error) {
      grid.replaceChildren(el('p', { class: 'error-box', testid: 'clusters-error' }, error.message));
    }
    loaded = true;
  }

  function render() {
    // Unnamed groups first (those are what the person is here for), new ones before old ones.
    const sorted = [...clusters].sort((a, b) =>
      (a.name ? 1 : 0) - (b.name ? 1 : 0) || (b.proposed ? 1 : 0) - (a.proposed ? 1 : 0) || a.id - b.id);
    const unnamed = clusters.filter((c) => !c.name).length;
    const proposed = clusters.filter((c) => c.proposed).length;
    summary.textContent = clusters.length
      ? `${plural(clusters.length, 'cluster')} · ${count(unnamed)} unnamed · ${count(proposed)} new`
      : '';
    if (!clusters.length) {
      grid.replaceChildren(el('p', { class: 'empty', testid: 'clusters-empty' },
        ctx.status()?.state === 'bootstrapping'
          ? 'No clusters yet: Watcher groups the pictures once enough of them have arrived in the inbox.'
          : 'No clusters yet.'));
      return;
    }
    grid.replaceChildren(...sorted.map(card));
    const items = cards();
    items.forEach((n, i) => { n.tabIndex = i === 0 ? 0 : -1; });
    const first = items.find((n) => highlighted.has(Number(n.dataset.clusterId)));
    first?.scrollIntoView({ block: 'nearest' });
  }

  function card(c) {
    const samples = (c.samples ?? []).slice(0, 4);
    const title = el('div', { class: 'card-title' },
      el('span', { class: c.name ? 'cluster-name' : 'cluster-name unnamed', testid: 'cluster-name' }, c.name || 'unnamed'),
      c.proposed ? el('span', { class: 'badge badge-new', testid: 'cluster-new' }, 'new') : null);
    // Ids mean nothing to a person (folders are numbered apart from them): say how many were merged.
    const merged = c.merged?.length ? ` · ${c.merged.length + 1} clusters merged` : '';
    const node = el('article', {
      class: `card${highlighted.has(c.id) ? ' highlight' : ''}${c.name ? '' : ' card-unnamed'}`,
      testid: 'cluster-card',
      dataset: { clusterId: String(c.id), folder: c.folder ?? '', name: c.name ?? '' },
      'aria-label': `${clusterLabel(c)}, ${plural(c.size, 'image')}`,
    },
    el('div', { class: 'card-thumbs' }, samples.length
      ? samples.map((s, i) => el('button', {
        class: 'thumb-button', testid: 'cluster-thumb', dataset: { imageId: String(s.id) }, title: `${fileName(s.path)}: open the full picture`,
        onclick: (e) => { e.stopPropagation(); openViewer(samples, i); },
      }, el('img', { src: thumbUrl(s.id), alt: fileName(s.path), loading: 'lazy' })))
      : el('div', { class: 'no-thumbs' }, 'no samples')),
    el('div', { class: 'card-body' },
      title,
      el('div', { class: 'card-meta', testid: 'cluster-size' }, `${plural(c.size, 'image')} · output/${c.folder}${merged}`),
      el('div', { class: 'card-actions' },
        el('button', { class: 'primary', testid: 'cluster-rename', title: 'Name this cluster (Enter or n)', onclick: () => startNaming(node, c) }, c.name ? 'Rename' : 'Name it'),
        el('button', { testid: 'cluster-open', title: 'See all its pictures (o)', onclick: () => openClusterImages(c) }, 'All images'),
        el('button', { testid: 'cluster-merge', title: 'Move its pictures into another cluster (m)', onclick: (e) => merge(c, e.currentTarget) }, 'Merge into…'),
        el('button', { testid: 'cluster-split', title: 'Cluster its pictures again (s)', onclick: (e) => split(c, e.currentTarget) }, 'Split'))));
    node.addEventListener('focus', () => cards().forEach((n) => { n.tabIndex = n === node ? 0 : -1; }));
    return node;
  }

  function startNaming(node, c) {
    if (node.querySelector('.name-form')) {
      node.querySelector('.name-form input').focus();
      return;
    }
    const input = el('input', {
      type: 'text', value: c.name ?? '', placeholder: 'e.g. dogs', testid: 'cluster-name-input', maxlength: '100',
      'aria-label': `Name for ${clusterLabel(c)}`, spellcheck: 'false', autocomplete: 'off',
    });
    const save = el('button', { type: 'submit', class: 'primary', testid: 'cluster-name-save' }, 'Save');
    const cancel = el('button', { type: 'button', testid: 'cluster-name-cancel', onclick: () => stop() }, 'Cancel');
    const form = el('form', { class: 'name-form' }, input, save, cancel,
      el('div', { class: 'form-hint' }, 'Enter saves, Escape cancels. Its pictures move to output/<name>/.'));
    const stop = () => {
      form.remove();
      node.classList.remove('editing');
      node.focus();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        stop();
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const name = input.value.trim();
      if (!name) {
        toast('Type a name first.', 'error');
        return;
      }
      if (name === c.name) {
        stop();
        return;
      }
      const result = await busy([save, cancel, input], () => post(`clusters/${c.id}/label`, { name }));
      if (!result) {
        input.focus();
        return;
      }
      toast(`Named ${result.old_folder ?? clusterLabel(c)} “${result.name}”: ${plural(result.moved, 'image')} moved to output/${result.name}`);
      await ctx.afterChange(['clusters', 'unknowns', 'pictures']);
      focusCluster(c.id);
    });
    node.classList.add('editing');
    node.querySelector('.card-body').insertBefore(form, node.querySelector('.card-actions'));
    input.focus();
    input.select();
  }

  async function merge(c, button) {
    const options = clusters.filter((o) => o.id !== c.id).map((o) => ({
      value: o.id,
      label: clusterLabel(o),
      detail: `${plural(o.size, 'image')} · output/${o.folder}`,
      thumb: o.samples?.[0] ? thumbUrl(o.samples[0].id) : null,
    }));
    const into = await pickBox(`Merge ${clusterLabel(c)} into…`,
      `Its ${plural(c.size, 'picture')} move into the cluster you pick, and new pictures like them go there too.`, options, 'merge-target');
    if (into === null) return;
    const result = await busy(button, () => post(`clusters/${c.id}/merge`, { into }));
    if (!result) return;
    const target = byId(into);
    toast(`${clusterLabel(c)} merged into ${clusterLabel(target)}: ${plural(result.moved, 'image')} moved to output/${result.folder ?? target?.folder}`);
    highlighted = new Set([into]);
    await ctx.afterChange(['clusters', 'pictures']);
    focusCluster(into);
  }

  async function split(c, button) {
    const ok = await confirmBox(`Split ${clusterLabel(c)}?`,
      `Its ${plural(c.size, 'picture')} are clustered again on their own. The parts become new clusters waiting for names` +
      `${c.name ? ` (the name “${c.name}” is no longer used by them)` : ''}.`, 'Split');
    if (!ok) return;
    const result = await busy(button, () => post(`clusters/${c.id}/split`));
    if (!result) return;
    const parts = result.parts ?? [];
    toast(parts.length > 1
      ? `${clusterLabel(c)} split into ${parts.length} clusters waiting for names: ${plural(result.moved, 'image')} moved`
      : `${clusterLabel(c)} could not be split further: it stays one cluster (${plural(result.moved, 'image')} moved)`);
    highlighted = new Set(parts);
    await ctx.afterChange(['clusters', 'pictures']);
  }

  function focusCluster(id) {
    const items = cards();
    const at = items.findIndex((n) => Number(n.dataset.clusterId) === id);
    if (at >= 0) focusItem(items, at);
  }

  function onKey(e) {
    const items = cards();
    const current = focusedCard();
    const step = gridStep(items, items.indexOf(current), e.key);
    if (step >= 0) {
      focusItem(items, step);
      return true;
    }
    if (!current || e.target.closest('button, a, input')) return false;
    const c = byId(Number(current.dataset.clusterId));
    if (!c) return false;
    switch (e.key) {
      case 'Enter': case 'n': startNaming(current, c); return true;
      case 'o': openClusterImages(c); return true;
      case 'm': merge(c, current.querySelector('[data-testid=cluster-merge]')); return true;
      case 's': split(c, current.querySelector('[data-testid=cluster-split]')); return true;
      default: return false;
    }
  }

  return {
    load,
    get loaded() { return loaded; },
    onKey,
    highlight(ids) { highlighted = new Set(ids); },
    focusFirst() { const items = cards(); if (items.length) focusItem(items, 0); },
    /** Someone is typing a name: a background reload would throw the text away. */
    get busy() { return !!grid.querySelector('.name-form'); },
  };
}

/** A cluster's images page by page in a large panel; a click opens the full picture. */
function openClusterImages(c) {
  let offset = 0;
  let page = { total: 0, images: [] };
  const heading = el('h2', {}, `${clusterLabel(c)}: all images`);
  const where = el('p', { class: 'modal-detail' }, `Filed in output/${c.folder}`);
  const grid = el('div', { class: 'thumb-grid', testid: 'panel-grid' });
  const position = el('span', { class: 'pager-position', testid: 'panel-position' });
  const prev = el('button', { testid: 'panel-prev', title: 'Previous page ([ or PageUp)', onclick: () => go(offset - PAGE) }, '‹ Previous');
  const next = el('button', { testid: 'panel-next', title: 'Next page (] or PageDown)', onclick: () => go(offset + PAGE) }, 'Next ›');
  const close = el('button', { testid: 'panel-close', onclick: () => modal.close() }, 'Close');

  async function go(to) {
    if (to < 0 || (page.total && to >= page.total)) return;
    try {
      page = asPage(await api(`clusters/${c.id}/images?offset=${to}&limit=${PAGE}`), to);
      offset = page.offset;
    } catch (error) {
      grid.replaceChildren(el('p', { class: 'error-box' }, error.message));
      return;
    }
    const images = page.images;
    grid.replaceChildren(...images.map((image, i) => el('button', {
      class: 'thumb thumb-button', testid: 'panel-thumb', dataset: { imageId: String(image.id) }, title: fileName(image.path),
      tabIndex: i === 0 ? 0 : -1, onclick: () => openViewer(images, i),
    }, el('img', { src: thumbUrl(image.id), alt: fileName(image.path), loading: 'lazy' }))));
    if (!images.length) grid.append(el('p', { class: 'empty' }, 'No images are filed under this cluster.'));
    position.textContent = page.total ? `${count(offset + 1)}–${count(offset + images.length)} of ${count(page.total)}` : '';
    prev.disabled = offset === 0;
    next.disabled = offset + images.length >= page.total;
    heading.textContent = `${clusterLabel(c)}: ${plural(page.total, 'image')}`;
  }

  const onKey = (e) => {
    const items = [...grid.querySelectorAll('.thumb')];
    const step = gridStep(items, items.indexOf(document.activeElement), e.key);
    if (step >= 0) focusItem(items, step);
    else if (e.key === ']' || e.key === 'PageDown') go(offset + PAGE);
    else if (e.key === '[' || e.key === 'PageUp') go(offset - PAGE);
    else return;
    e.preventDefault();
  };
  const modal = openModal([
    el('div', { class: 'panel-head' }, el('div', {}, heading, where), close),
    grid,
    el('div', { class: 'pager' }, prev, position, next),
  ], { testid: 'cluster-panel', wide: true, label: `Images of ${clusterLabel(c)}`, onKey });
  go(0);
}
