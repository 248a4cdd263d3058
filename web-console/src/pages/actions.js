// Past actions, newest first, through MIG's action search (GET /search?type=action, as `mig action list`):
// filters on status, investigator, name and time window, a page at a time. The filters live in the URL's query
// (/actions?status=completed&page=2) so a view can be bookmarked and reloaded.
import { search } from '../lib/api.js';
import { el, on, replace, table } from '../lib/dom.js';
import { link, showError } from '../lib/router.js';

/** Actions per page. */
export const PAGE_SIZE = 50;

const STATUSES = ['', 'pending', 'scheduled', 'preparing', 'inflight', 'completed', 'cancelled', 'expired', 'failed'];

/** Time windows: label and how far back, in hours (0: no limit). */
const WINDOWS = [['24h', 'last 24 hours', 24], ['7d', 'last 7 days', 24 * 7], ['30d', 'last 30 days', 24 * 30],
  ['all', 'any time', 0]];

/** The filters of the URL's query, with defaults. */
export function filters(query) {
  const q = new URLSearchParams(query);
  const page = Number.parseInt(q.get('page') ?? '1', 10);
  return {
    status: STATUSES.includes(q.get('status') ?? '') ? q.get('status') ?? '' : '',
    investigator: q.get('investigator') ?? '',
    name: q.get('name') ?? '',
    window: WINDOWS.some(([k]) => k === q.get('window')) ? q.get('window') : '7d',
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

/** The search parameters of the API for `f` at time `now` (ms); one more than a page, to know if there is a next. */
export function searchParams(f, now) {
  const p = { type: 'action', limit: String(PAGE_SIZE + 1), offset: String((f.page - 1) * PAGE_SIZE) };
  if (f.status) {
    p.status = f.status;
  }
  if (f.investigator) {
    p.investigatorname = f.investigator.includes('%') ? f.investigator : `%${f.investigator}%`;
  }
  if (f.name) {
    p.actionname = f.name.includes('%') ? f.name : `%${f.name}%`;
  }
  const hours = WINDOWS.find(([k]) => k === f.window)[2];
  p.after = new Date(hours === 0 ? 0 : now - hours * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  p.before = new Date(now + 366 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return p;
}

function queryOf(f) {
  const q = new URLSearchParams();
  for (const k of ['status', 'investigator', 'name']) {
    if (f[k]) {
      q.set(k, f[k]);
    }
  }
  if (f.window !== '7d') {
    q.set('window', f.window);
  }
  if (f.page > 1) {
    q.set('page', String(f.page));
  }
  const s = q.toString();
  return s ? `/actions?${s}` : '/actions';
}

/** "done/sent" and the non-zero counters, as the CLI shows them. */
export function countersText(c) {
  if (!c) {
    return '';
  }
  return Object.entries(c).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ');
}

async function render(container, { navigate }) {
  const f = filters(location.search);
  const status = el('select', { id: 'filter-status', name: 'status' },
    STATUSES.map((s) => el('option', { value: s, selected: s === f.status }, s || 'any status')));
  const investigator = el('input', { id: 'filter-investigator', name: 'investigator', value: f.investigator,
    placeholder: 'investigator' });
  const name = el('input', { id: 'filter-name', name: 'name', value: f.name, placeholder: 'action name' });
  const since = el('select', { id: 'filter-window', name: 'window' },
    WINDOWS.map(([k, label]) => el('option', { value: k, selected: k === f.window }, label)));
  const form = el('form', { id: 'action-filters', class: 'filters' }, status, investigator, name, since,
    el('button', { type: 'submit', id: 'filter-apply' }, 'Filter'));
  on(form, 'submit', (event) => {
    event.preventDefault();
    navigate(queryOf({ status: status.value, investigator: investigator.value.trim(), name: name.value.trim(),
      window: since.value, page: 1 }));
  });
  const list = el('div', { id: 'action-list' }, el('p', { class: 'muted' }, 'Loading…'));
  replace(container, el('h1', {}, 'Actions'), form, list);
  try {
    const found = (await search(searchParams(f, Date.now()))).map((i) => i.data.action).filter(Boolean);
    const shown = found.slice(0, PAGE_SIZE);
    const pager = el('nav', { class: 'pager', 'aria-label': 'pages' },
      f.page > 1 ? link(queryOf({ ...f, page: f.page - 1 }), '← newer', navigate, { id: 'page-newer' }) : null,
      el('span', { id: 'page-number' }, `page ${f.page}`),
      found.length > PAGE_SIZE ? link(queryOf({ ...f, page: f.page + 1 }), 'older →', navigate, { id: 'page-older' }) : null);
    replace(list,
      shown.length === 0
        ? el('p', { class: 'muted', id: 'no-actions' }, 'No action matches.')
        : table([
          { title: 'ID', value: (a) => link(`/actions/${a.id}`, String(a.id), navigate, { class: 'action-link' }) },
          { title: 'Name', value: (a) => a.name },
          { title: 'Status', value: (a) => a.status ?? '' },
          { title: 'Investigators', value: (a) => (a.investigators ?? []).map((i) => i.name).join(', ') },
          { title: 'Valid from', value: (a) => a.validfrom },
          { title: 'Expires', value: (a) => a.expireafter },
          { title: 'Counters', value: (a) => countersText(a.counters) },
        ], shown, { id: 'actions-table' }),
      pager);
  } catch (e) {
    showError(list, e);
  }
}

export default { path: '/actions', title: 'Actions', nav: true, render };
