// Standing orders (Gator's addition, `mig schedule`): the list (GET /schedule/list) and one order with its runs
// (GET /schedule?id=), each launched run linking to its action's page; cancelling the runs to come after a
// confirmation (POST /schedule/cancel/, with the CSRF header as every state change). A stock MIG API has no
// standing orders: its 404 is said as such.
import { ApiError, call, get, items } from '../lib/api.js';
import { append, el, on, replace, table } from '../lib/dom.js';
import { everyText, moduleOf, nextRun, ordersOf, runsDone } from '../lib/schedule.js';
import { link } from '../lib/router.js';

const MATCH = /^\/schedules\/([1-9][0-9]{0,18})$/;

/** GET a schedule route; a 404 from an API without standing orders becomes `null`. */
async function offered(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && path.startsWith('/schedule/list')) {
      return null;
    }
    throw e;
  }
}

const notOffered = () => el('p', { class: 'muted', id: 'schedules-unavailable' },
  'This API does not offer standing orders (a MIG API without Gator\'s schedule routes).');

async function renderList(container, { navigate }) {
  replace(container, el('h1', {}, 'Standing orders'), el('p', { class: 'muted' }, 'Loading…'));
  const answer = await offered('/schedule/list');
  if (answer === null) {
    replace(container, el('h1', {}, 'Standing orders'), notOffered());
    return;
  }
  const orders = ordersOf(answer);
  // an order names no module: a name that starts with one (the default, the module line) tells it, else a
  // launched run's action does (looked up after the table shows, a few at a time)
  const known = new Set(await get('/modules').then((m) => (m.modules ?? []).map((x) => x.name), () => []));
  const cells = new Map();
  const moduleCell = (o) => {
    const cell = el('span', { class: 'schedule-module' }, known.has(moduleOf(o)) ? moduleOf(o) : '—');
    cells.set(o.id, cell);
    return cell;
  };
  replace(container,
    el('h1', {}, 'Standing orders'),
    el('p', { class: 'muted' }, 'Series of actions signed in advance, one per run, each launched when its window opens ',
      '(', el('code', {}, 'mig schedule'), ', or Repeat on the ', link('/launch', 'launch page', navigate), ').'),
    orders.length === 0
      ? el('p', { class: 'muted', id: 'schedules-none' }, 'No standing order.')
      : table([
        { title: 'ID', value: (o) => link(`/schedules/${o.id}`, String(o.id), navigate, { class: 'schedule-link' }) },
        { title: 'Name', value: (o) => o.name },
        { title: 'Module', value: moduleCell },
        { title: 'Every', value: (o) => everyText(o) || '—' },
        { title: 'Runs done', value: (o) => runsDone(o) },
        { title: 'Next run', value: (o) => nextRun(o)?.validfrom ?? '—' },
        { title: 'Status', value: (o) => o.status },
        { title: 'Posted by', value: (o) => o.postedby },
      ], orders, { id: 'schedules-table' }));
  const lookups = orders.filter((o) => !known.has(moduleOf(o)))
    .map((o) => [o.id, (o.runs ?? []).find((r) => r.status === 'launched')?.actionid])
    .filter(([, actionId]) => actionId).slice(0, MODULE_LOOKUPS);
  const worker = async () => {
    for (let next = lookups.shift(); next; next = lookups.shift()) {
      const [orderId, actionId] = next;
      try {
        const a = items(await get(`/action?actionid=${actionId}`)).map((i) => i.data.action).find(Boolean);
        replace(cells.get(orderId), (a?.operations ?? []).map((op) => op.module).join(', ') || '—');
      } catch {
        // the cell keeps its dash
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Most orders of one list whose module is read from a launched run's action. */
const MODULE_LOOKUPS = 100;

/** How often an active order's page reads the order again (runs launching as their windows open). */
const REFRESH_MS = 5000;

async function renderOne(container, { navigate, onLeave }) {
  const id = MATCH.exec(location.pathname)[1];
  replace(container, el('h1', {}, `Standing order ${id}`), el('p', { class: 'muted' }, 'Loading…'));
  let order = ordersOf(await get(`/schedule?id=${id}`))[0];
  if (!order) {
    throw new Error(`standing order ${id} not found`);
  }
  const details = el('dl', { id: 'schedule-details' });
  const runsBox = el('div', { id: 'schedule-runs' });
  const message = el('p', { id: 'schedule-message', role: 'status' });
  const cancelArea = el('span', { id: 'schedule-cancel-area' });
  const operations = el('dd', { id: 'schedule-modules' }, '—');

  function show() {
    const o = order;
    const next = nextRun(o);
    replace(details);
    [['Name', o.name], ['Status', el('span', { id: 'schedule-status' }, o.status)], ['Posted by', o.postedby],
      ['Created', o.createdat], ['Every', everyText(o) || '—'],
      ['Runs done', el('span', { id: 'schedule-done' }, runsDone(o))],
      ['Next run', next ? `run ${next.index}, window opens ${next.validfrom}` : '—']]
      .forEach(([k, v]) => append(details, el('dt', {}, k), el('dd', {}, v)));
    append(details, el('dt', {}, 'Modules'), operations);
    replace(runsBox, table([
      { title: 'Run', value: (r) => String(r.index) },
      { title: 'Action', value: (r) => (r.status === 'launched'
        ? link(`/actions/${r.actionid}`, String(r.actionid), navigate, { class: 'run-action' }) : String(r.actionid)) },
      { title: 'Valid from', value: (r) => r.validfrom },
      { title: 'Expires', value: (r) => r.expireafter },
      { title: 'Status', value: (r) => el('span', { class: `run-status run-${r.status}` }, r.status) },
    ], o.runs ?? [], { id: 'schedule-runs-table' }));
    replace(cancelArea, o.status === 'active' ? cancelButton() : null);
  }

  const cancelButton = () => on(el('button', { type: 'button', id: 'schedule-cancel' }, 'Cancel standing order…'),
    'click', askCancel);

  function askCancel() {
    replace(cancelArea, `Cancel standing order ${id}? No further run will launch; runs already launched go on `,
      '(cancel them on their action pages). ',
      on(el('button', { type: 'button', id: 'schedule-cancel-confirm', class: 'danger' }, 'Yes, cancel it'), 'click',
        doCancel), ' ',
      on(el('button', { type: 'button', id: 'schedule-cancel-keep' }, 'No'), 'click', show));
  }

  async function doCancel() {
    try {
      order = ordersOf(await call('POST', '/schedule/cancel/', { body: new URLSearchParams({ id }) }))[0] ?? order;
      replace(message, `Standing order ${id} ${order.status}.`);
      show();
    } catch (e) {
      replace(message, el('span', { class: 'error' }, e.message));
      show();
    }
  }

  replace(container,
    el('h1', {}, `Standing order ${id}`),
    el('p', {}, link('/schedules', '← all standing orders', navigate)),
    details, el('p', { class: 'actions-bar' }, cancelArea), message,
    el('h2', {}, 'Runs'), runsBox);
  show();
  await showModules();
  // while runs are waiting, the page follows them (a cancel or an error stops it)
  let timer = 0;
  let left = false;
  onLeave?.(() => {
    left = true;
    clearTimeout(timer);
  });
  const refresh = async () => {
    if (left || !nextRun(order)) {
      return;
    }
    try {
      const again = ordersOf(await get(`/schedule?id=${id}`))[0];
      if (again && !left && !container.contains(document.getElementById('schedule-cancel-confirm'))) {
        order = again;
        show();
        await showModules();
      }
    } catch (e) {
      replace(message, el('span', { class: 'error' }, e.message));
      return;
    }
    timer = setTimeout(refresh, REFRESH_MS);
  };
  timer = setTimeout(refresh, REFRESH_MS);

  /** The modules and target of a launched run (the order itself names none). */
  async function showModules() {
    const launched = (order.runs ?? []).find((r) => r.status === 'launched');
    if (!launched || operations.dataset.shown) {
      return;
    }
    try {
      const a = items(await get(`/action?actionid=${launched.actionid}`)).map((i) => i.data.action).find(Boolean);
      if (a) {
        operations.dataset.shown = 'yes';
        replace(operations, (a.operations ?? []).map((op) => op.module).join(', '), ` (target ${a.target})`);
      }
    } catch {
      // the details stay without it
    }
  }
}

export const schedule = {
  path: '/schedules/:id', match: MATCH, section: '/schedules', title: 'Standing order', nav: false,
  render: renderOne,
};

export default { path: '/schedules', title: 'Standing orders', nav: true, render: renderList };
