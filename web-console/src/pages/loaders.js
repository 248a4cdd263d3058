// Loaders (MIG's loader entries): the list (GET /search?type=loader), create one (POST /loader/new/ with MIG's
// loader record; created disabled, its key shown here once), enable/disable (POST /loader/status/), a new key
// (POST /loader/key/, shown once, after a confirmation) and the expected environment (POST /loader/expect/).
import { call, formBody, items, search } from '../lib/api.js';
import { actor } from '../lib/act.js';
import { append, el, on, replace, table } from '../lib/dom.js';

/** What the API answered for a loader: its entry. */
const entryOf = (answer) => items(answer)[0]?.data.loader ?? {};

async function render(container) {
  const message = el('p', { class: 'error', role: 'alert', id: 'loader-error' });
  const notice = el('p', { class: 'notice', role: 'status', id: 'loader-notice' });
  const key = el('div', { id: 'loader-key' });
  const list = el('div', { id: 'loader-list' });

  const act = actor(message, notice, () => refresh());


  function showKey(le, what) {
    replace(key, el('p', {}, `${what} Give this key to loader '${le.name}' (in its key file); it is shown only now:`),
      el('pre', { class: 'key', id: 'loader-key-value' }, `${le.prefix ?? ''}${le.key ?? ''}`),
      on(el('button', { type: 'button', id: 'loader-key-hide' }, 'Hide the key'), 'click', () => replace(key)));
  }

  const status = (le, enabled) => act(enabled ? 'enable' : 'disable', async () => {
    await call('POST', '/loader/status/', { body: formBody({ loaderid: String(le.id), status: enabled ? 'enabled' : 'disabled' }) });
    replace(notice, `Loader ${le.id} ${enabled ? 'enabled' : 'disabled'}.`);
  });

  function askNewKey(le, cell) {
    replace(cell, `A new key stops loader '${le.name}' until it has it. `,
      on(el('button', { type: 'button', id: `loader-newkey-confirm-${le.id}` }, 'Make a new key'), 'click',
        () => act('new key', async () => showKey(entryOf(await call('POST', '/loader/key/',
          { body: formBody({ loaderid: String(le.id) }) })), 'New key made.'))), ' ',
      on(el('button', { type: 'button' }, 'Keep the key'), 'click', () => refresh()));
  }

  function editEnv(le, cell) {
    const input = el('input', { type: 'text', id: `loader-expectenv-input-${le.id}`, value: le.expectenv ?? '',
      size: 30, 'aria-label': 'expected environment' });
    replace(cell, input, ' ', on(el('button', { type: 'button', id: `loader-expectenv-set-${le.id}` }, 'Set'), 'click',
      () => act('expected environment', async () => {
        await call('POST', '/loader/expect/', { body: formBody({ expectenv: input.value.trim(), loaderid: String(le.id) }) });
        replace(notice, `Loader ${le.id}: expected environment ${input.value.trim() ? 'set' : 'cleared'}.`);
      })));
  }

  async function refresh() {
    const all = (await search({ type: 'loader', limit: '1000' })).map((i) => i.data.loader).filter(Boolean);
    replace(list, all.length === 0 ? el('p', { class: 'muted', id: 'loader-none' }, 'No loader entry yet.') : table([
      { title: 'ID', value: (le) => String(le.id) },
      { title: 'Name', value: (le) => le.name },
      { title: 'Agent', value: (le) => le.agentname },
      { title: 'Enabled', value: (le) => (le.enabled ? 'yes' : 'no') },
      { title: 'Last seen', value: (le) => le.lastseen },
      {
        title: 'Expected environment',
        value: (le) => {
          const cell = el('span', {}, le.expectenv || '—', ' ');
          return el('span', {}, cell, on(el('button', { type: 'button', id: `loader-expectenv-${le.id}` }, 'Edit'),
            'click', () => editEnv(le, cell)));
        },
      },
      {
        title: '',
        value: (le) => {
          const cell = el('span', {});
          append(cell, le.enabled
            ? on(el('button', { type: 'button', id: `loader-disable-${le.id}` }, 'Disable'), 'click', () => status(le, false))
            : on(el('button', { type: 'button', id: `loader-enable-${le.id}` }, 'Enable'), 'click', () => status(le, true)),
          ' ', on(el('button', { type: 'button', id: `loader-newkey-${le.id}` }, 'New key…'), 'click', () => askNewKey(le, cell)));
          return cell;
        },
      },
    ], all, { id: 'loader-table' }));
  }

  const name = el('input', { type: 'text', id: 'loader-name', required: true, minlength: 3, autocomplete: 'off' });
  const expectenv = el('input', { type: 'text', id: 'loader-new-expectenv', size: 40, autocomplete: 'off',
    placeholder: "env#>>'{os}'='linux' (optional)" });
  const create = on(el('form', { id: 'loader-create' },
    el('h2', {}, 'New loader entry'),
    el('p', { class: 'muted' }, 'An entry is created disabled; enable it once its loader has the key.'),
    el('label', { for: 'loader-name' }, 'Name'), name,
    el('label', { for: 'loader-new-expectenv' }, 'Expected environment'), expectenv,
    el('button', { type: 'submit', id: 'loader-create-submit' }, 'Create')), 'submit', (event) => {
    event.preventDefault();
    act('create', async () => {
      if (name.value.trim().length < 3) {
        throw new Error('the name needs at least 3 characters');
      }
      const record = { id: 0, name: name.value.trim(), prefix: '', key: '', agentname: '',
        lastseen: '0001-01-01T00:00:00Z', enabled: false, expectenv: expectenv.value.trim() };
      const le = entryOf(await call('POST', '/loader/new/', { body: formBody({ loader: JSON.stringify(record) }) }));
      showKey(le, `Loader ${le.id} created (disabled).`);
      name.value = '';
      expectenv.value = '';
    });
  });

  replace(container, el('h1', {}, 'Loaders'),
    el('p', { class: 'muted' }, 'Each endpoint running a loader (mig-loader or gator loader) has an entry; its key ',
      'lets it fetch the active manifest its environment matches.'),
    message, notice, key, list, create);
  await refresh();
}

export default { path: '/loaders', title: 'Loaders', nav: true, render };
