// The fleet at a glance: agents online / idle / offline (GET /dashboard, GET /search?type=agent&status=offline)
// and the latest actions.
import { get, items, search } from '../lib/api.js';
import { el, replace, table } from '../lib/dom.js';
import { showError } from '../lib/router.js';

const OFFLINE_LIMIT = 10000;

async function render(container) {
  replace(container, el('h1', {}, 'Dashboard'), el('p', { class: 'muted' }, 'Loading…'));
  try {
    const [dashboard, offline] = await Promise.all([
      get('/dashboard'),
      search({ type: 'agent', status: 'offline', limit: String(OFFLINE_LIMIT) }),
    ]);
    const all = items(dashboard);
    const stats = all.length > 0 ? all[0].data : {};
    const actions = all.slice(1).map((i) => i.data.action).filter(Boolean);
    // MIG appends a "search parameters" item to every search answer: count the agents only
    const offlineAgents = offline.filter((i) => i.data.agent).length;
    const offlineCount = offlineAgents >= OFFLINE_LIMIT ? `${OFFLINE_LIMIT}+` : String(offlineAgents);
    replace(container,
      el('h1', {}, 'Dashboard'),
      el('section', { class: 'counts', 'aria-label': 'agents' },
        count('online', 'Agents online', stats['online agents'] ?? 0),
        count('idle', 'Agents idle', stats['idle agents'] ?? 0),
        count('offline', 'Agents offline', offlineCount),
        count('endpoints', 'Endpoints online', stats['online endpoints'] ?? 0)),
      byVersion('Online agents by version', stats['online agents by version']),
      el('h2', {}, 'Recent actions'),
      actions.length === 0
        ? el('p', { class: 'muted', id: 'no-actions' }, 'No actions yet.')
        : table([
          { title: 'ID', value: (a) => String(a.id) },
          { title: 'Name', value: (a) => a.name },
          { title: 'Target', value: (a) => a.target },
          { title: 'Status', value: (a) => a.status ?? '' },
          { title: 'Valid from', value: (a) => a.validfrom },
          { title: 'Investigators', value: (a) => (a.investigators ?? []).map((i) => i.name).join(', ') },
        ], actions, { id: 'recent-actions' }));
  } catch (e) {
    showError(container, e);
  }
}

function count(id, label, value) {
  return el('div', { class: 'count', id: `count-${id}` },
    el('span', { class: 'value' }, String(value)), el('span', { class: 'label' }, label));
}

function byVersion(title, versions) {
  if (!Array.isArray(versions) || versions.length === 0) {
    return null;
  }
  return el('section', {}, el('h2', {}, title), table([
    { title: 'Version', value: (v) => v.version },
    { title: 'Agents', value: (v) => String(v.count) },
  ], versions));
}

export default { path: '/dashboard', title: 'Dashboard', nav: true, render };
