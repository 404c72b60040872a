// Talking to the daemon, and the small DOM helpers every view shares.
// The daemon puts the access token into the page's <meta name="watcher-token">; every fetch sends it
// as a header because state-changing requests are refused on the cookie alone (docs/api.md).

const meta = document.querySelector('meta[name="watcher-token"]');
// A page not served by the daemon still carries the placeholder; sending it would only earn a 401.
const token = meta && !meta.content.startsWith('%') ? meta.content : '';

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** Calls /api/<path>; resolves to the parsed JSON, or throws ApiError carrying the server's sentence. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { 'X-Watcher-Token': token, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('The Watcher daemon cannot be reached: is `watcher run` still running?', 0);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const sentence = data && typeof data.error === 'string' ? data.error : `${response.status} ${response.statusText}`.trim();
    if (response.status === 401) notifyUnauthorised(sentence);
    throw new ApiError(sentence, response.status);
  }
  return data;
}

export const post = (path, body) => api(path, { method: 'POST', body: body ?? {} });

// Images are plain <img src>: the browser sends the cookie the daemon set when the page was opened.
export const thumbUrl = (id) => `/api/images/${encodeURIComponent(id)}/thumb`;
export const fileUrl = (id) => `/api/images/${encodeURIComponent(id)}/file`;

let unauthorisedShown = false;
function notifyUnauthorised(sentence) {
  if (unauthorisedShown) return;
  unauthorisedShown = true;
  const banner = document.getElementById('auth-banner');
  if (!banner) return;
  banner.hidden = false;
  banner.querySelector('[data-detail]').textContent = sentence;
}

/** Builds an element: el('div', {class: 'x', dataset: {testid: 'y'}, onclick: f}, child, 'text', ...). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'testid') node.dataset.testid = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const count = (n) => Number(n ?? 0).toLocaleString('en');
export const plural = (n, one, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** A cluster as a person knows it: its name, or its placeholder folder until it has one. */
export const clusterLabel = (c) => c?.name || c?.folder || `cluster ${c?.id}`;

export const fileName = (path) => (path ? String(path).split(/[\\/]/).pop() : '');

/** Older daemons answer lists as bare arrays; pages are {total, offset, images}. */
export function asPage(data, offset = 0) {
  if (Array.isArray(data)) return { total: data.length, offset: 0, images: data, whole: true, requested: offset };
  return { total: data?.total ?? 0, offset: data?.offset ?? offset, images: data?.images ?? [] };
}

const toasts = () => document.getElementById('toasts');

/** Tells the person what happened; errors stay longer and read as the server's own sentence. */
export function toast(message, kind = 'ok') {
  const node = el('div', {
    class: `toast toast-${kind}`,
    role: kind === 'error' ? 'alert' : 'status',
    testid: kind === 'error' ? 'toast-error' : 'toast',
    onclick: () => node.remove(),
  }, message);
  toasts().append(node);
  setTimeout(() => node.classList.add('toast-leaving'), kind === 'error' ? 11000 : 6500);
  setTimeout(() => node.remove(), kind === 'error' ? 12000 : 7000);
  return node;
}

export const toastError = (error) => toast(error instanceof ApiError || error instanceof Error ? error.message : String(error), 'error');

/**
 * Runs an action with its button(s) disabled and a busy cursor, reports failures as a toast,
 * and returns the result (undefined on failure).
 */
export async function busy(buttons, action) {
  const list = (Array.isArray(buttons) ? buttons : [buttons]).filter(Boolean);
  list.forEach((b) => { b.disabled = true; });
  document.body.classList.add('busy');
  try {
    return await action();
  } catch (error) {
    toastError(error);
    return undefined;
  } finally {
    document.body.classList.remove('busy');
    list.forEach((b) => { b.disabled = false; });
  }
}
