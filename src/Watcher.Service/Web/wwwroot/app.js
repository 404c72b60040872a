// The review page: status header, tabs, keyboard and the refresh loop. Views live in their own modules.
import { api, el, count, plural } from './api.js';
import { openModal, modalKey, topModal, typing } from './ui.js';
import { createClustersView } from './clusters.js';
import { createUnknownsView } from './unknowns.js';
import { createPicturesView } from './pictures.js';

const STATUS_EVERY_MS = 3000;
const TABS = ['clusters', 'unknowns', 'pictures'];

let status = null;
let clusters = [];
let current = null;
const stale = new Set(TABS);

const ctx = {
  status: () => status,
  clusters: () => clusters,
  setClusters(list) {
    clusters = list;
    views.unknowns?.refreshNames();
  },
  /** Switches only if the person is still where the action started (a long action may end after they moved on). */
  showTabFrom: (from, name) => { if (current === from) showTab(name); },
  /** The named clusters for the Unknowns tab, fresh from the daemon (a new name makes a new cluster). */
  async loadClusters() {
    const list = await api('clusters');
    clusters = Array.isArray(list) ? list : [];
    return clusters;
  },
  /** After an action: the status and the views it touched reload from the daemon, so the page matches the disk. */
  async afterChange(which, highlight) {
    if (highlight) views.clusters.highlight(highlight);
    which.forEach((v) => stale.add(v));
    await refreshStatus(false);
    if (stale.has(current)) await reload(current);
  },
};

const views = {};
views.clusters = createClustersView(document.getElementById('view-clusters'), ctx);
views.unknowns = createUnknownsView(document.getElementById('view-unknowns'), ctx);
views.pictures = createPicturesView(document.getElementById('view-pictures'), ctx);

async function reload(name) {
  stale.delete(name);
  await views[name].load();
  document.getElementById(`view-${name}`).dataset.loaded = 'true';
}

function showTab(name) {
  if (!TABS.includes(name)) name = 'clusters';
  current = name;
  for (const tab of document.querySelectorAll('.tab')) {
    const on = tab.dataset.tab === name;
    tab.classList.toggle('active', on);
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
  }
  for (const t of TABS) document.getElementById(`view-${t}`).hidden = t !== name;
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  if (stale.has(name)) reload(name);
  else if (name === 'pictures') views.pictures.redraw();
}

// What the header shows; also decides when the views have gone out of date.
function fingerprint(s) {
  const i = s.images ?? {};
  return [s.model_version, s.clusters, s.proposed, i.filed, i.unknown, i.ignored, i.rejected, i.library].join('/');
}

async function refreshStatus(follow = true) {
  const pill = document.querySelector('[data-testid=status-state]');
  try {
    const next = await api('status');
    const changed = !status || fingerprint(status) !== fingerprint(next);
    status = next;
    renderStatus(pill);
    if (changed) {
      TABS.forEach((t) => stale.add(t));
      // The view in sight follows the disk, unless the person is in the middle of something there.
      if (follow && current && !views[current].busy && !topModal()) await reload(current);
    }
  } catch (error) {
    pill.textContent = error.status === 401 ? 'access token refused' : 'daemon not reachable';
    pill.className = 'pill pill-error';
    pill.title = error.message;
  }
}

function renderStatus(pill) {
  const s = status;
  const i = s.images ?? {};
  const total = i.total ?? Object.values(i).reduce((a, b) => a + b, 0);
  let state;
  if (s.paused) state = `intake paused: ${s.paused}`;
  else if (s.clustering) state = 'clustering…';
  else if (s.state === 'bootstrapping') state = `collecting: ${count(total)} of ${count(s.bootstrap_min_images)} pictures before the first clustering`;
  else if (s.state === 'sorting') state = 'sorting new pictures';
  else state = s.state ?? 'unknown state';
  pill.textContent = state;
  pill.className = `pill pill-${s.paused ? 'error' : s.clustering ? 'busy' : s.state === 'sorting' ? 'ok' : 'wait'}`;
  pill.title = s.unfinished_moves ? `${plural(s.unfinished_moves, 'move')} in progress` : '';

  const parts = [plural(total, 'picture'), `${count(i.filed)} filed`, `${count(i.unknown)} to review`];
  if (i.waiting) parts.push(`${count(i.waiting)} waiting in the inbox`);
  if (i.rejected) parts.push(`${count(i.rejected)} rejected`);
  if (i.ignored) parts.push(`${count(i.ignored)} ignored`);
  if (i.library) parts.push(`${count(i.library)} in the library`);
  parts.push(`${plural(s.clusters ?? 0, 'cluster')}${s.proposed ? ` (${count(s.proposed)} new)` : ''}`);
  document.querySelector('[data-testid=status-counts]').textContent = parts.join(' · ');
  document.querySelector('[data-testid=status-model]').textContent = s.model_version ? `model v${s.model_version}` : 'no model yet';
  const inboxes = (s.inboxes ?? []).join(', ');
  document.querySelector('[data-testid=status-paths]').replaceChildren(
    'Inbox ', el('code', {}, inboxes || '?'), ' → output ', el('code', {}, s.output ?? '?'),
    s.data ? el('span', {}, ' · data ', el('code', {}, s.data)) : null);
  document.querySelector('[data-badge=unknowns]').textContent = i.unknown ? count(i.unknown) : '';
  document.querySelector('[data-badge=clusters]').textContent = s.proposed ? `${count(s.proposed)} new` : '';
}

function showHelp() {
  if (topModal()?.node.dataset.testid === 'help-overlay') return;
  const content = document.getElementById('help-template').content.cloneNode(true);
  const close = el('button', { class: 'primary', testid: 'help-close', onclick: () => modal.close() }, 'Got it');
  const modal = openModal([...content.childNodes, el('div', { class: 'modal-actions' }, close)], { testid: 'help-overlay', label: 'Help' });
  close.focus();
}

document.addEventListener('keydown', (e) => {
  if (modalKey(e)) return;
  if (typing()) return;
  if (e.altKey) return;
  if (!e.ctrlKey && !e.metaKey) {
    const tab = { 1: 'clusters', 2: 'unknowns', 3: 'pictures' }[e.key];
    if (tab) {
      showTab(tab);
      e.preventDefault();
      return;
    }
    if (e.key === '?') {
      showHelp();
      e.preventDefault();
      return;
    }
    if (e.key === 'r') {
      refreshStatus(false).then(() => reload(current));
      e.preventDefault();
      return;
    }
  }
  if (current && views[current].onKey(e)) e.preventDefault();
});

for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => showTab(tab.dataset.tab));
document.querySelector('[data-testid=help-button]').addEventListener('click', showHelp);
window.addEventListener('hashchange', () => showTab(location.hash.slice(1)));

await refreshStatus();
showTab(location.hash.slice(1) || 'clusters');
setInterval(refreshStatus, STATUS_EVERY_MS);
