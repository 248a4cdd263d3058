// One action: its details, live counters and results as they are persisted (server-sent events from
// GET /action/stream, read with EventSource, which resumes with Last-Event-ID by itself), or, once it is
// finished, its results read page by page (GET /action/results). Results show as the CLI's flat rows, one per
// agent per element, a page of rows at a time so a 10,000-agent action stays responsive; found/not-found
// filters, counts per value of a column, CSV and JSON lines exports (every page, re-read from the API), the
// journal (GET /action/events) and cancel (POST /action/cancel/, confirmed first).
import { API, ApiError, call, get, items } from '../lib/api.js';
import { append, el, on, replace, table } from '../lib/dom.js';
import { link, showError } from '../lib/router.js';
import { columns, csv, eventLine, found, groupBy, jsonLines, rows, text } from '../lib/results.js';
import { countersText } from './actions.js';

/** Rows shown per page of the results table. */
export const ROWS_PER_PAGE = 100;
/** Commands per request of GET /action/results (the API's maximum). */
export const RESULTS_PAGE = 1000;
/** Statuses after which an action produces no more results. */
export const FINISHED = ['completed', 'cancelled', 'expired', 'failed', 'destroyed'];

const MATCH = /^\/actions\/([1-9][0-9]{0,18})$/;

/** Commands in the first request of a results read: small, so the first rows show quickly. */
export const FIRST_PAGE = 100;

function resultsPage(id, limit, offset) {
  return get(`/action/results?actionid=${id}&limit=${limit}&offset=${offset}`)
    .then((answer) => items(answer).map((i) => i.data.command).filter(Boolean));
}

/**
 * Every command of action `id`, page after page of GET /action/results; `each(page)` sees each page as it comes;
 * `first`, when given, is the first page's request already under way.
 */
export async function allCommands(id, each = () => {}, first = null) {
  const out = [];
  for (let offset = 0, limit = FIRST_PAGE; ; offset += limit, limit = RESULTS_PAGE) {
    const page = await (offset === 0 && first ? first : resultsPage(id, limit, offset));
    out.push(...page);
    each(page);
    if (page.length < limit) {
      return out;
    }
  }
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function render(container, { navigate, onLeave }) {
  const id = MATCH.exec(location.pathname)[1];
  replace(container, el('h1', {}, `Action ${id}`), el('p', { class: 'muted' }, 'Loading…'));
  // read along with the action: a finished action shows these first rows without another round trip
  const firstPage = resultsPage(id, FIRST_PAGE, 0);
  firstPage.catch(() => {});
  let action;
  try {
    const answer = items(await get(`/action?actionid=${id}`)).map((i) => i.data.action).filter(Boolean);
    if (answer.length === 0) {
      throw new Error(`Action ID '${id}' not found`);
    }
    [action] = answer;
  } catch (e) {
    showError(container, e);
    return;
  }

  // state: every command received, their flat rows, the view's filter, grouping and page
  const commands = [];
  let allRows = [];
  let show = 'all';
  let groupField = '';
  let page = 0;
  let finished = FINISHED.includes(action.status);
  // another page shown: stop reading result pages nobody will see
  let left = false;
  onLeave(() => {
    left = true;
  });

  const statusText = el('dd', { id: 'action-status' }, action.status ?? '');
  const counters = el('dd', { id: 'action-counters' }, countersText(action.counters));
  const live = el('span', { id: 'live', class: 'muted' });
  const summary = el('p', { id: 'results-summary' });
  const rowsView = el('div', { id: 'results' });
  const prev = on(el('button', { type: 'button', id: 'rows-prev' }, '←'), 'click', () => {
    page--;
    renderResults();
  });
  const next = on(el('button', { type: 'button', id: 'rows-next' }, '→'), 'click', () => {
    page++;
    renderResults();
  });
  const pageLabel = el('span', { id: 'rows-page' });
  const pager = el('nav', { class: 'pager', id: 'results-pager', 'aria-label': 'result pages' }, prev, pageLabel, next);
  const groupView = el('div', { id: 'groups' });
  const groupSelect = el('select', { id: 'group-field' }, el('option', { value: '' }, 'no grouping'));
  const journal = el('pre', { id: 'journal', class: 'journal', hidden: true });
  const message = el('p', { id: 'action-message', role: 'status' });
  const cancelArea = el('span', { id: 'cancel-area' });

  const filtered = () => (show === 'all' ? allRows : allRows.filter((r) => (show === 'found') === r.get('found')));

  function renderResults() {
    const f = filtered();
    const cols = columns(f);
    const pages = Math.max(1, Math.ceil(f.length / ROWS_PER_PAGE));
    page = Math.min(page, pages - 1);
    const slice = f.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE);
    const foundAgents = commands.filter(found).length;
    replace(summary, `${commands.length} agents answered: ${foundAgents} found, ${commands.length - foundAgents}`
      + ` not found; ${f.length} rows shown`);
    replace(rowsView, slice.length === 0
      ? el('p', { class: 'muted', id: 'no-results' }, commands.length === 0 ? 'No results yet.' : 'No row matches.')
      : table(cols.map((c) => ({ title: c, value: (r) => text(r.get(c)) })), slice, { id: 'results-table' }));
    // the pager's buttons stay the same nodes (focus and a click in progress survive a re-render)
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    replace(pageLabel, `rows ${f.length === 0 ? 0 : page * ROWS_PER_PAGE + 1}–`
      + `${Math.min(f.length, (page + 1) * ROWS_PER_PAGE)} of ${f.length} (page ${page + 1}/${pages})`);
    const known = new Set([...groupSelect.options].map((o) => o.value));
    for (const c of cols) {
      if (!known.has(c)) {
        groupSelect.appendChild(el('option', { value: c }, c));
      }
    }
    renderGroups(f);
  }

  function renderGroups(f) {
    if (!groupField) {
      replace(groupView);
      return;
    }
    replace(groupView, table([
      { title: groupField, value: (g) => g.value },
      { title: 'Agents', value: (g) => String(g.agents) },
      { title: 'Rows', value: (g) => String(g.rows) },
    ], groupBy(f, groupField), { id: 'groups-table' }));
  }

  // results arrive one by one or a page at a time: render at once, then at most every 100 ms
  let scheduled = false;
  let lastRender = 0;
  function scheduleRender() {
    if (scheduled) {
      return;
    }
    const wait = Math.max(0, lastRender + 100 - performance.now());
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      lastRender = performance.now();
      renderResults();
    }, wait);
  }

  function add(command) {
    commands.push(command);
    allRows.push(...rows(command));
  }

  function setState(state) {
    replace(statusText, state.status ?? '');
    replace(counters, countersText(state.counters));
    finished = FINISHED.includes(state.status);
    if (finished) {
      replace(cancelArea);
    }
  }

  async function exportAs(kind) {
    replace(message, 'Reading every result…');
    try {
      const all = (await allCommands(id)).flatMap((c) => rows(c, show));
      if (kind === 'csv') {
        download(`action-${id}-results.csv`, 'text/csv', csv(all));
      } else {
        download(`action-${id}-results.jsonl`, 'application/x-ndjson', jsonLines(all));
      }
      replace(message, `Exported ${all.length} rows.`);
    } catch (e) {
      replace(message, el('span', { class: 'error' }, e.message));
    }
  }

  async function showJournal() {
    try {
      const events = items(await get(`/action/events?actionid=${id}`)).map((i) => i.data.event).filter(Boolean);
      replace(journal, events.map(eventLine).join('\n'));
      journal.hidden = false;
    } catch (e) {
      replace(message, el('span', { class: 'error' }, e.message));
    }
  }

  function askCancel() {
    replace(cancelArea, `Cancel action ${id}? Agents that have not answered will not run it. `,
      on(el('button', { type: 'button', id: 'cancel-confirm', class: 'danger' }, 'Yes, cancel it'), 'click', doCancel),
      ' ',
      on(el('button', { type: 'button', id: 'cancel-keep' }, 'No'), 'click', () => replace(cancelArea, cancelButton())));
  }

  async function doCancel() {
    try {
      const answer = items(await call('POST', '/action/cancel/', { body: new URLSearchParams({ actionid: id }) }));
      const a = answer.map((i) => i.data.action).find(Boolean);
      if (a) {
        setState(a);
      }
      replace(message, `Action ${id} cancelled.`);
      replace(cancelArea);
    } catch (e) {
      replace(message, el('span', { class: 'error' }, e.message));
      replace(cancelArea, cancelButton());
    }
  }

  const cancelButton = () => on(el('button', { type: 'button', id: 'cancel' }, 'Cancel action…'), 'click', askCancel);
  if (!finished) {
    append(cancelArea, cancelButton());
  }

  on(groupSelect, 'change', () => {
    groupField = groupSelect.value;
    renderGroups(filtered());
  });
  const showSelect = on(el('select', { id: 'show-filter' },
    el('option', { value: 'all' }, 'all agents'), el('option', { value: 'found' }, 'found'),
    el('option', { value: 'notfound' }, 'not found')), 'change', (event) => {
    show = event.target.value;
    page = 0;
    renderResults();
  });

  const operations = (action.operations ?? []).map((o) => o.module).join(', ');
  replace(container,
    el('h1', {}, `Action ${id}: `, el('span', { id: 'action-name' }, action.name ?? '')),
    el('dl', { class: 'details' },
      el('dt', {}, 'Target'), el('dd', { id: 'action-target' }, action.target ?? ''),
      el('dt', {}, 'Modules'), el('dd', {}, operations),
      el('dt', {}, 'Investigators'), el('dd', { id: 'action-investigators' },
        (action.investigators ?? []).map((i) => `${i.name} (${i.pgpfingerprint ?? ''})`).join(', ')),
      el('dt', {}, 'Valid'), el('dd', {}, `${action.validfrom} → ${action.expireafter}`),
      el('dt', {}, 'Status'), statusText,
      el('dt', {}, 'Counters'), counters),
    el('p', { class: 'actions-bar' }, cancelArea, ' ',
      link(`/launch?from=${id}`, 'Relaunch a copy', navigate, { id: 'relaunch' }), ' ',
      on(el('button', { type: 'button', id: 'export-csv' }, 'Export CSV'), 'click', () => exportAs('csv')), ' ',
      on(el('button', { type: 'button', id: 'export-json' }, 'Export JSON lines'), 'click', () => exportAs('json')), ' ',
      on(el('button', { type: 'button', id: 'show-journal' }, 'Journal'), 'click', showJournal)),
    message,
    el('h2', {}, 'Results ', live),
    el('p', { class: 'filters' }, el('label', {}, 'Show ', showSelect), ' ', el('label', {}, 'Group by ', groupSelect)),
    summary, groupView, rowsView, pager,
    journal);

  if (finished) {
    // the first page shows as soon as it is read; the others join the table as they come
    replace(live, '(reading)');
    try {
      await allCommands(id, (batch) => {
        if (left) {
          throw new Error('page left');
        }
        batch.forEach(add);
        scheduleRender();
      }, firstPage);
      replace(live);
    } catch (e) {
      replace(message, el('span', { class: 'error' }, e.message));
    }
    renderResults();
    return;
  }

  renderResults();
  replace(live, '(live)');
  const stream = new EventSource(`${API}/action/stream?actionid=${id}`);
  onLeave(() => stream.close());
  stream.addEventListener('result', (event) => {
    add(JSON.parse(event.data));
    scheduleRender();
  });
  stream.addEventListener('progress', (event) => setState(JSON.parse(event.data)));
  stream.addEventListener('done', (event) => {
    setState(JSON.parse(event.data));
    stream.close();
    replace(live, '(finished)');
    renderResults();
  });
  stream.addEventListener('error', () => {
    // EventSource retries by itself; closed means the API refused (e.g. no live following): read the results
    if (stream.readyState === EventSource.CLOSED) {
      replace(live, '(not live)');
      allCommands(id).then((all) => {
        commands.length = 0;
        allRows = [];
        all.forEach(add);
        renderResults();
      }, (e) => replace(message, el('span', { class: 'error' }, e instanceof ApiError ? e.message : String(e))));
    }
  });
}

export default { path: '/actions/:id', match: MATCH, section: '/actions', title: 'Action', nav: false, render };
