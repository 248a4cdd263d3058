// Agents: a search with the target language (GET /search?type=agent&target=..., as `mig agent search`; a
// refused target comes back as a 400 whose message names the position), and one agent's details with its
// last commands (GET /agent?agentid=, GET /search?type=command&agentid=).
import { ApiError, get, items, search } from '../lib/api.js';
import { el, on, replace, table } from '../lib/dom.js';
import { link, showError } from '../lib/router.js';

const LIMIT = 1000;

function tags(agent) {
  return Object.entries(agent.tags ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

async function render(container, { navigate }) {
  const params = new URLSearchParams(location.search);
  const target = el('input', { id: 'agent-target', type: 'text', size: 60, spellcheck: 'false',
    value: params.get('target') ?? "status='online'" });
  const results = el('div', { id: 'agent-results' });
  const form = on(el('form', { id: 'agent-search' },
    el('label', { for: 'agent-target' }, 'Target'), target, el('button', { type: 'submit' }, 'Search')), 'submit',
  (event) => {
    event.preventDefault();
    history.replaceState({}, '', '/agents?' + new URLSearchParams({ target: target.value }));
    run();
  });
  replace(container, el('h1', {}, 'Agents'), form, results);

  async function run() {
    replace(results, el('p', { class: 'muted' }, 'Searching…'));
    try {
      const found = (await search({ type: 'agent', target: target.value, limit: String(LIMIT) }))
        .map((i) => i.data.agent).filter(Boolean);
      replace(results,
        el('p', { id: 'agent-count' }, `${found.length}${found.length >= LIMIT ? '+' : ''} agents`),
        table([
          { title: 'Name', value: (a) => link(`/agent?id=${a.id}`, a.name, navigate) },
          { title: 'ID', value: (a) => String(a.id) },
          { title: 'Status', value: (a) => a.status },
          { title: 'Version', value: (a) => a.version },
          { title: 'OS', value: (a) => a.environment?.os ?? '' },
          { title: 'Tags', value: tags },
          { title: 'Last heartbeat', value: (a) => a.heartbeatts },
        ], found, { id: 'agents-table' }));
    } catch (e) {
      // the API's target errors name the position, as the CLI prints them
      replace(results, el('p', { class: 'error', role: 'alert', id: 'agent-error' },
        e instanceof ApiError && e.status === 400 ? `invalid target: ${e.message}` : e.message));
    }
  }
  run();
}

async function renderAgent(container, { navigate }) {
  const id = new URLSearchParams(location.search).get('id') ?? '';
  if (!/^\d+$/.test(id)) {
    showError(container, new Error('no agent id in the address'));
    return;
  }
  const [agentAnswer, commands] = await Promise.all([
    get('/agent?' + new URLSearchParams({ agentid: id })),
    search({ type: 'command', agentid: id, limit: '20' }),
  ]);
  const agent = items(agentAnswer)[0]?.data.agent ?? {};
  const env = agent.environment ?? {};
  const rows = [['ID', agent.id], ['Name', agent.name], ['Status', agent.status], ['Version', agent.version],
    ['Mode', agent.mode], ['PID', agent.pid], ['OS', env.os], ['Architecture', env.arch], ['Ident', env.ident],
    ['Addresses', (env.addresses ?? []).join(', ')], ['Public IP', env.publicip], ['Tags', tags(agent)],
    ['Started', agent.starttime], ['Last heartbeat', agent.heartbeatts], ['Queue', agent.queueloc]];
  const cmds = commands.map((i) => i.data.command).filter(Boolean);
  replace(container,
    el('h1', {}, 'Agent ', el('span', { id: 'agent-name' }, agent.name ?? '')),
    el('p', {}, link('/agents', '← all agents', navigate)),
    el('dl', { id: 'agent-details' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '')])),
    el('h2', {}, 'Last actions'),
    cmds.length === 0 ? el('p', { class: 'muted' }, 'No commands yet.') : table([
      { title: 'Action', value: (c) => link(`/actions/${c.action?.id}`, String(c.action?.id ?? ''), navigate) },
      { title: 'Name', value: (c) => c.action?.name ?? '' },
      { title: 'Command', value: (c) => String(c.id) },
      { title: 'Status', value: (c) => c.status },
      { title: 'Started', value: (c) => c.starttime },
      { title: 'Finished', value: (c) => c.finishtime },
    ], cmds, { id: 'agent-commands' }));
}

export default { path: '/agents', title: 'Agents', nav: true, render };
export const agent = { path: '/agent', title: 'Agent', nav: false, render: renderAgent };
