// The Unknowns tab: the review queue, with multi-select, assign to a name, group and ignore.
import { api, post, el, thumbUrl, busy, toast, plural, count, asPage, fileName } from './api.js';
import { confirmBox, openViewer, gridStep, focusItem } from './ui.js';

const PAGE = 60;

export function createUnknownsView(root, ctx) {
  let offset = 0;
  let page = { total: 0, images: [] };
  let selected = new Set();
  let anchor = -1;
  let loaded = false;

  const selectionCount = el('strong', { testid: 'selection-count' });
  const selectAll = el('button', { testid: 'unknowns-select-all', title: 'Select every picture on this page (Ctrl+A or *)', onclick: () => selectPage() }, 'Select all on page');
  const clear = el('button', { testid: 'unknowns-clear', title: 'Clear the selection (Escape)', onclick: () => setSelection([]) }, 'Clear');
  const chips = el('div', { class: 'chips', testid: 'assign-chips' });
  const names = el('datalist', { id: 'cluster-names' });
  const nameInput = el('input', {
    type: 'text', list: 'cluster-names', placeholder: 'a new or existing name', testid: 'assign-name-input', maxlength: '100',
    'aria-label': 'Name to file the selected pictures under', spellcheck: 'false', autocomplete: 'off',
  });
  const assignButton = el('button', { type: 'submit', class: 'primary', testid: 'assign-button', title: 'File the selection under this name (a, then Enter)' }, 'File here');
  const assignForm = el('form', { class: 'assign-form' }, nameInput, names, assignButton);
  const ignoreButton = el('button', { testid: 'ignore-button', title: 'Never ask about the selection again (i)', onclick: () => ignore() }, 'Ignore');
  const groupButton = el('button', { testid: 'group-button', title: 'Cluster the whole queue into new groups (g)', onclick: () => group() }, 'Group the unknowns');
  const summary = el('p', { class: 'view-summary', testid: 'unknowns-summary' });
  const grid = el('div', { class: 'thumb-grid selectable', testid: 'unknown-grid', role: 'listbox', 'aria-multiselectable': 'true' });
  const pager = pagerBar('unknowns');

  assignForm.addEventListener('submit', (e) => {
    e.preventDefault();
    assign(nameInput.value.trim(), assignButton);
  });
  nameInput.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      nameInput.blur();
      focusCurrent();
    }
  });

  root.replaceChildren(
    el('p', { class: 'view-hint' },
      'Pictures that look unlike every cluster wait here. Select some (click; Shift-click for a range), then file them under a name, ',
      'or group the whole queue into new clusters to name, or ignore them.'),
    el('div', { class: 'toolbar', testid: 'unknowns-toolbar' },
      el('div', { class: 'toolbar-row' }, selectionCount, selectAll, clear, el('span', { class: 'spacer' }), ignoreButton, groupButton),
      el('div', { class: 'toolbar-row' }, el('span', { class: 'toolbar-label' }, 'File the selection under:'), chips, assignForm)),
    summary, pager.node, grid);

  const thumbs = () => [...grid.querySelectorAll('.thumb')];

  async function load() {
    const keep = thumbs().indexOf(document.activeElement);
    try {
      // The names offered come with every reload: an assignment may just have made a new one.
      const [data] = await Promise.all([api(`unknowns?offset=${offset}&limit=${PAGE}`), ctx.loadClusters().catch(() => null)]);
      page = asPage(data, offset);
      if (page.whole) page = { total: page.total, offset, images: page.images.slice(offset, offset + PAGE) };
      if (offset > 0 && offset >= page.total) {
        offset = Math.max(0, Math.floor((page.total - 1) / PAGE) * PAGE);
        return load();
      }
    } catch (error) {
      grid.replaceChildren(el('p', { class: 'error-box', testid: 'unknowns-error' }, error.message));
      loaded = true;
      return undefined;
    }
    const present = new Set(page.images.map((i) => i.id));
    selected = new Set([...selected].filter((id) => present.has(id)));
    render();
    if (keep >= 0) focusItem(thumbs(), Math.min(keep, page.images.length - 1));
    loaded = true;
    return undefined;
  }

  function render() {
    summary.textContent = page.total ? `${plural(page.total, 'picture')} to review, most unusual first` : '';
    grid.replaceChildren(...page.images.map(thumb));
    if (!page.images.length) {
      grid.append(el('p', { class: 'empty', testid: 'unknowns-empty' }, 'Nothing to review: every picture has found its cluster.'));
    }
    thumbs().forEach((n, i) => { n.tabIndex = i === 0 ? 0 : -1; });
    pager.update(offset, page.images.length, page.total);
    renderNames();
    renderSelection();
  }

  function thumb(image, index) {
    const node = el('div', {
      class: 'thumb', role: 'option', testid: 'unknown-thumb', title: fileName(image.path),
      dataset: { imageId: String(image.id), path: image.path ?? '' },
    },
    el('img', { src: thumbUrl(image.id), alt: fileName(image.path), loading: 'lazy', draggable: 'false' }),
    el('span', { class: 'check', 'aria-hidden': 'true' }, '✓'),
    typeof image.score === 'number' ? el('span', { class: 'score', title: 'How unusual (higher is further from every cluster)' }, image.score.toFixed(2)) : null,
    el('button', {
      class: 'zoom', testid: 'unknown-open', title: 'See the full picture (Enter)', 'aria-label': 'Open the full picture', tabIndex: -1,
      onclick: (e) => { e.stopPropagation(); view(index); },
    }, '⤢'));
    node.addEventListener('click', (e) => {
      if (e.shiftKey && anchor >= 0) {
        const [from, to] = [Math.min(anchor, index), Math.max(anchor, index)];
        setSelection([...selected, ...page.images.slice(from, to + 1).map((i) => i.id)]);
      } else {
        // A plain click toggles (as Ctrl/Cmd-click does): people pick several pictures one by one.
        toggle(image.id);
        anchor = index;
      }
      focusItem(thumbs(), index);
    });
    node.addEventListener('dblclick', () => view(index));
    node.addEventListener('focus', () => thumbs().forEach((n) => { n.tabIndex = n === node ? 0 : -1; }));
    return node;
  }

  function view(index) {
    openViewer(page.images, index);
  }

  function toggle(id) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelection(next);
  }

  function setSelection(ids) {
    selected = new Set(ids);
    if (!selected.size) anchor = -1;
    renderSelection();
  }

  function selectPage() {
    setSelection(page.images.map((i) => i.id));
  }

  function renderSelection() {
    for (const node of thumbs()) {
      const on = selected.has(Number(node.dataset.imageId)) || selected.has(node.dataset.imageId);
      node.classList.toggle('selected', on);
      node.setAttribute('aria-selected', on ? 'true' : 'false');
    }
    selectionCount.textContent = selected.size ? `${count(selected.size)} selected` : 'Nothing selected';
    for (const b of [clear, ignoreButton, assignButton]) b.disabled = !selected.size;
    chips.querySelectorAll('button').forEach((b) => { b.disabled = !selected.size; });
    groupButton.disabled = !page.total;
  }

  function renderNames() {
    const list = [...new Set(ctx.clusters().map((c) => c.name).filter(Boolean))].sort((a, b) => a.localeCompare(b));
    chips.replaceChildren(...list.map((name) => el('button', {
      class: 'chip', testid: 'assign-chip', dataset: { name }, title: `File the selection in output/${name}`,
      onclick: (e) => assign(name, e.currentTarget),
    }, name)));
    if (!list.length) chips.append(el('span', { class: 'muted' }, 'no named clusters yet; type a name'));
    names.replaceChildren(...list.map((name) => el('option', { value: name })));
  }

  async function assign(name, button) {
    if (!selected.size) {
      toast('Select one or more pictures first: click them, or press x on the focused one.', 'error');
      return;
    }
    if (!name) {
      toast('Type a name, or pick one of the named clusters.', 'error');
      nameInput.focus();
      return;
    }
    const ids = [...selected];
    const result = await busy([button, assignButton, ignoreButton], () => post('assign', { images: ids.map(String), name }));
    if (!result) return;
    const filed = result.images?.length ?? ids.length;
    const folder = result.images?.[0]?.folder ?? result.name ?? name;
    toast(`${plural(filed, 'image')} filed in output/${folder}${result.created ? ' (a new cluster)' : ''}`);
    nameInput.value = '';
    setSelection([]);
    await ctx.afterChange(['unknowns', 'clusters', 'pictures']);
    focusCurrent();
  }

  async function ignore() {
    if (!selected.size) {
      toast('Select the pictures to ignore first.', 'error');
      return;
    }
    const ids = [...selected];
    const ok = await confirmBox(`Ignore ${plural(ids.length, 'picture')}?`,
      'They move to output/_ignored/ and Watcher will not ask about them again.', 'Ignore');
    if (!ok) return;
    const result = await busy(ignoreButton, () => post('unknowns/ignore', { images: ids.map(String) }));
    if (!result) return;
    toast(`${plural(result.ignored ?? ids.length, 'image')} ignored: moved to output/_ignored`);
    setSelection([]);
    await ctx.afterChange(['unknowns', 'pictures']);
    focusCurrent();
  }

  async function group() {
    const ok = await confirmBox(`Group the ${plural(page.total, 'picture')} in the review queue?`,
      'Watcher clusters the review queue; groups of similar pictures become new clusters for you to name on the Clusters tab. ' +
      'Pictures that fit no group stay here.', 'Group');
    if (!ok) return;
    const result = await busy(groupButton, () => post('unknowns/group'));
    if (!result) return;
    const groups = result.groups ?? [];
    const left = result.left ?? 0;
    if (groups.length) {
      toast(`${plural(groups.length, 'new cluster')} from the review queue (${groups.map((g) => count(g.size)).join(', ')} images); ` +
        `${count(left)} left to review`);
      setSelection([]);
      await ctx.afterChange(['unknowns', 'clusters', 'pictures'], groups.map((g) => g.cluster));
      ctx.showTabFrom('unknowns', 'clusters');
    } else {
      toast(`No group found: the ${plural(left, 'picture')} stay in the review queue`);
      await ctx.afterChange(['unknowns']);
    }
  }

  function go(to) {
    if (to < 0 || to >= page.total || to === offset) return;
    offset = to;
    setSelection([]);
    load().then(() => focusItem(thumbs(), 0));
  }

  function pagerBar(prefix) {
    const position = el('span', { class: 'pager-position', testid: `${prefix}-position` });
    const prev = el('button', { testid: `${prefix}-prev`, title: 'Previous page ([ or PageUp)', onclick: () => go(offset - PAGE) }, '‹ Previous');
    const next = el('button', { testid: `${prefix}-next`, title: 'Next page (] or PageDown)', onclick: () => go(offset + PAGE) }, 'Next ›');
    return {
      node: el('div', { class: 'pager' }, prev, position, next),
      update(from, shown, total) {
        position.textContent = total ? `${count(from + 1)}–${count(from + shown)} of ${count(total)}` : '';
        prev.disabled = from === 0;
        next.disabled = from + shown >= total;
      },
    };
  }

  function focusCurrent() {
    const items = thumbs();
    if (!items.length) return;
    const at = items.findIndex((n) => n.tabIndex === 0);
    focusItem(items, Math.max(0, at));
  }

  function onKey(e) {
    const items = thumbs();
    const current = items.indexOf(document.activeElement);
    const step = gridStep(items, current, e.key);
    if (step >= 0) {
      focusItem(items, step);
      if (e.shiftKey && page.images[step]) setSelection([...selected, page.images[step].id, ...(current >= 0 ? [page.images[current].id] : [])]);
      return true;
    }
    if ((e.key === 'a' && (e.ctrlKey || e.metaKey)) || e.key === '*') {
      selectPage();
      return true;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    const image = page.images[current];
    switch (e.key) {
      case 'x': case ' ':
        if (!image) return false;
        toggle(image.id);
        anchor = current;
        return true;
      case 'Enter': case 'o': case 'v':
        if (!image) return false;
        view(current);
        return true;
      case 'a':
        if (!selected.size && image) setSelection([image.id]);
        nameInput.focus();
        return true;
      case 'i': ignore(); return true;
      case 'g': group(); return true;
      case 'Escape':
        if (!selected.size) return false;
        setSelection([]);
        return true;
      case ']': case 'PageDown': go(offset + PAGE); return true;
      case '[': case 'PageUp': go(offset - PAGE); return true;
      default: return false;
    }
  }

  return {
    load,
    get loaded() { return loaded; },
    onKey,
    refreshNames: renderNames,
    focusFirst() { const items = thumbs(); if (items.length) focusItem(items, 0); },
    /** A selection or a half-typed name would be lost by a background reload. */
    get busy() { return selected.size > 0 || document.activeElement === nameInput; },
  };
}
