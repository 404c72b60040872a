// Overlays (confirm, pick, image viewer) and keyboard movement through grids.
import { el, fileUrl, fileName } from './api.js';

const stack = [];

/** The overlay on top, if any: it gets the keyboard before the page does. */
export const topModal = () => stack[stack.length - 1];

/**
 * Shows content in a modal. Escape or a click on the backdrop closes it; focus comes back to
 * where it was, so keyboard users keep their place in the grid.
 */
export function openModal(content, { testid = 'modal', wide = false, label = '', onKey, onClose } = {}) {
  const returnFocus = document.activeElement;
  const box = el('div', { class: `modal-box${wide ? ' modal-wide' : ''}`, role: 'dialog', 'aria-modal': 'true', 'aria-label': label }, content);
  const backdrop = el('div', { class: 'modal-backdrop', testid }, box);
  const handle = {
    node: backdrop,
    box,
    closed: false,
    onKey,
    close() {
      if (handle.closed) return;
      handle.closed = true;
      backdrop.remove();
      stack.splice(stack.indexOf(handle), 1);
      onClose?.();
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus({ preventScroll: true });
    },
  };
  backdrop.addEventListener('mousedown', (e) => { if (e.target === backdrop) handle.close(); });
  document.body.append(backdrop);
  stack.push(handle);
  const first = box.querySelector('[autofocus], input, button:not([disabled])');
  (first ?? box).focus?.();
  return handle;
}

/** Routes a key to the top overlay; true when one took it (then the page must not act on it). */
export function modalKey(event) {
  const modal = topModal();
  if (!modal) return false;
  if (event.key === 'Escape') {
    modal.close();
    event.preventDefault();
    return true;
  }
  modal.onKey?.(event);
  return true;
}

/** Asks before something that cannot be undone from the page; Enter confirms, Escape cancels. */
export function confirmBox(title, detail, okLabel = 'OK') {
  return new Promise((resolve) => {
    let answered = false;
    const answer = (value) => {
      answered = true;
      modal.close();
      resolve(value);
    };
    const ok = el('button', { class: 'primary', testid: 'confirm-ok', onclick: () => answer(true) }, okLabel);
    const cancel = el('button', { testid: 'confirm-cancel', onclick: () => answer(false) }, 'Cancel');
    const modal = openModal([
      el('h2', {}, title),
      el('p', { class: 'modal-detail' }, detail),
      el('div', { class: 'modal-actions' }, cancel, ok),
    ], { testid: 'confirm', label: title, onClose: () => { if (!answered) resolve(false); } });
    ok.focus();
  });
}

/**
 * Lets the person pick one of several options (each {label, detail, thumb, value}); resolves to the
 * value, or null when closed. A filter box narrows long lists; arrows and Enter work.
 */
export function pickBox(title, detail, options, testid = 'pick') {
  return new Promise((resolve) => {
    let picked = false;
    const choose = (value) => {
      picked = true;
      modal.close();
      resolve(value);
    };
    const list = el('div', { class: 'pick-list' });
    const render = (filter) => {
      list.replaceChildren(...options
        .filter((o) => !filter || o.label.toLowerCase().includes(filter.toLowerCase()))
        .map((o) => el('button', { class: 'pick-option', testid: `${testid}-option`, dataset: { value: String(o.value) }, onclick: () => choose(o.value) },
          o.thumb ? el('img', { src: o.thumb, alt: '', loading: 'lazy' }) : el('span', { class: 'pick-nothumb' }),
          el('span', { class: 'pick-label' }, o.label),
          el('span', { class: 'pick-detail' }, o.detail ?? ''))));
    };
    render('');
    const filter = el('input', { type: 'search', placeholder: 'Type to filter', testid: `${testid}-filter`, oninput: (e) => render(e.target.value) });
    filter.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        const first = list.querySelector('.pick-option');
        if (first) first.click();
      } else if (e.key === 'ArrowDown') {
        list.querySelector('.pick-option')?.focus();
        e.preventDefault();
      }
    });
    const onKey = (e) => {
      const items = [...list.querySelectorAll('.pick-option')];
      const at = items.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const next = at < 0 ? 0 : Math.max(0, Math.min(items.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
        items[next]?.focus();
        e.preventDefault();
      }
    };
    const modal = openModal([
      el('h2', {}, title),
      el('p', { class: 'modal-detail' }, detail),
      options.length > 6 ? filter : null,
      options.length ? list : el('p', { class: 'empty' }, 'There is nothing to choose from.'),
      el('div', { class: 'modal-actions' }, el('button', { testid: `${testid}-cancel`, onclick: () => modal.close() }, 'Cancel')),
    ], { testid, label: title, onKey, onClose: () => { if (!picked) resolve(null); } });
    (options.length > 6 ? filter : list.querySelector('.pick-option'))?.focus();
  });
}

/**
 * The full-size image viewer over a list of images ({id, path, folder, status, score}); arrows
 * step through the list, Escape closes.
 */
export function openViewer(images, index = 0, describe = defaultDescription) {
  let at = index;
  const img = el('img', { class: 'viewer-image', testid: 'viewer-image', alt: '' });
  const caption = el('div', { class: 'viewer-caption', testid: 'viewer-caption' });
  const position = el('span', { class: 'viewer-position' });
  const prev = el('button', { class: 'viewer-nav', title: 'Previous (←)', 'aria-label': 'Previous image', onclick: () => show(at - 1) }, '‹');
  const next = el('button', { class: 'viewer-nav', title: 'Next (→)', 'aria-label': 'Next image', onclick: () => show(at + 1) }, '›');
  const open = el('a', { class: 'button', target: '_blank', rel: 'noopener', testid: 'viewer-open' }, 'Open in a new tab');
  const show = (i) => {
    if (i < 0 || i >= images.length) return;
    at = i;
    const image = images[at];
    img.src = fileUrl(image.id);
    img.alt = fileName(image.path);
    open.href = fileUrl(image.id);
    caption.replaceChildren(...describe(image));
    position.textContent = images.length > 1 ? `${at + 1} of ${images.length}` : '';
    prev.disabled = at === 0;
    next.disabled = at === images.length - 1;
  };
  const onKey = (e) => {
    if (e.key === 'ArrowLeft' || e.key === 'k') show(at - 1);
    else if (e.key === 'ArrowRight' || e.key === 'j') show(at + 1);
    else return;
    e.preventDefault();
  };
  const close = el('button', { class: 'viewer-close', testid: 'viewer-close', 'aria-label': 'Close', onclick: () => modal.close() }, '×');
  const modal = openModal([
    el('div', { class: 'viewer-stage' }, prev, img, next),
    el('div', { class: 'viewer-bar' }, caption, position, open, close),
  ], { testid: 'viewer', wide: true, label: 'Image', onKey });
  modal.box.classList.add('viewer');
  show(at);
  close.focus();
  return modal;
}

function defaultDescription(image) {
  const parts = [el('strong', {}, fileName(image.path))];
  if (image.folder) parts.push(` in output/${image.folder}`);
  if (image.status) parts.push(` · ${image.status}`);
  if (typeof image.score === 'number') parts.push(` · novelty ${image.score.toFixed(2)}`);
  if (image.pinned) parts.push(' · filed by hand');
  parts.push(el('div', { class: 'viewer-path' }, image.path ?? ''));
  return parts;
}

/**
 * Where the focus goes in a CSS grid of items for a key (arrows, j/k, Home/End); -1 when the key
 * is not a movement. Up/down keep the column, counted from the first row's length.
 */
export function gridStep(items, current, key) {
  if (!items.length) return -1;
  const columns = Math.max(1, items.filter((n) => n.offsetTop === items[0].offsetTop).length);
  const from = current < 0 ? -1 : current;
  let to;
  switch (key) {
    case 'ArrowRight': case 'j': to = from + 1; break;
    case 'ArrowLeft': case 'k': to = from - 1; break;
    case 'ArrowDown': to = from < 0 ? 0 : from + columns; break;
    case 'ArrowUp': to = from - columns; break;
    case 'Home': to = 0; break;
    case 'End': to = items.length - 1; break;
    default: return -1;
  }
  return Math.max(0, Math.min(items.length - 1, to));
}

/** Makes one item of a grid the tab stop (roving tabindex) and focuses it. */
export function focusItem(items, index) {
  items.forEach((n, i) => { n.tabIndex = i === index ? 0 : -1; });
  const target = items[index];
  if (target) {
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'nearest' });
  }
}

/** True while the person types somewhere: single-letter shortcuts must not fire then. */
export const typing = () => {
  const a = document.activeElement;
  return !!a && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA' || a.tagName === 'SELECT' || a.isContentEditable);
};
