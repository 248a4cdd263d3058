// The fleet at a glance: agents online / idle / offline (GET /dashboard), charts of the agents by version, OS
// and tag per status (one GET /search?type=agent, grouped in the browser), actions per day of the last week
// with their failures (one GET /search?type=action), and the latest actions.
import { get, items, search } from '../lib/api.js';
import { el, replace, table } from '../lib/dom.js';
import { showError } from '../lib/router.js';
import { ACTION_KINDS, AGENT_STATUSES, actionsPerDay, agentGroups, barChart } from '../lib/charts.js';

const AGENT_LIMIT = 100000;
const ACTION_LIMIT = 10000;
const DAYS = 7;

async function render(container) {
  replace(container, el('h1', {}, 'Dashboard'), el('p', { class: 'muted' }, 'Loading…'));
  try {
    const now = new Date();
    const after = new Date(now.getTime() - DAYS * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const [dashboard, agentItems, actionItems] = await Promise.all([
      get('/dashboard'),
      search({ type: 'agent', limit: String(AGENT_LIMIT) }),
      search({ type: 'action', after, limit: String(ACTION_LIMIT) }),
    ]);
    const agents = agentItems.map((i) => i.data.agent).filter(Boolean);
    const groups = agentGroups(agents);
    const days = actionsPerDay(actionItems.map((i) => i.data.action).filter(Boolean), now, DAYS);
    const all = items(dashboard);
    const stats = all.length > 0 ? all[0].data : {};
    const actions = all.slice(1).map((i) => i.data.action).filter(Boolean);
    // MIG appends a "search parameters" item to every search answer: count the agents only
    const offlineAgents = agents.filter((a) => a.status === 'offline').length;
    const offlineCount = agents.length >= AGENT_LIMIT ? `${offlineAgents}+` : String(offlineAgents);
    replace(container,
      el('h1', {}, 'Dashboard'),
      el('section', { class: 'counts', 'aria-label': 'agents' },
        count('online', 'Agents online', stats['online agents'] ?? 0),
        count('idle', 'Agents idle', stats['idle agents'] ?? 0),
        count('offline', 'Agents offline', offlineCount),
        count('endpoints', 'Endpoints online', stats['online endpoints'] ?? 0)),
      el('section', { class: 'charts', id: 'charts', 'aria-label': 'charts' },
        barChart('Agents by version', groups.version, AGENT_STATUSES, { id: 'chart-version' }),
        barChart('Agents by OS', groups.os, AGENT_STATUSES, { id: 'chart-os' }),
        groups.tags.length > 0 ? barChart('Agents by tag', groups.tags, AGENT_STATUSES, { id: 'chart-tags' }) : null,
        barChart(`Actions of the last ${DAYS} days (by start day, UTC)`, days, ACTION_KINDS, { id: 'chart-actions' })),
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
