// Investigators (admins): the list (GET /search?type=investigator), one investigator's details with their
// public key (GET /investigator), create (POST /investigator/create/ with an armored public key file),
// enable/disable and API keys (POST /investigator/update/). The API refuses to disable the last active admin;
// its message is shown as it is.
import { call, get, items, search } from '../lib/api.js';
import { actor } from '../lib/act.js';
import { el, on, replace, table } from '../lib/dom.js';

const ADMIN = ['investigator', 'investigator_create', 'investigator_update'];

function form(fields) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    body.append(k, v);
  }
  return body;
}

function isAdmin(i) {
  return ADMIN.every((p) => i.permissions?.[p] === true);
}

async function render(container) {
  const message = el('p', { class: 'error', role: 'alert', id: 'investigator-error' });
  const notice = el('p', { class: 'notice', role: 'status', id: 'investigator-notice' });
  const list = el('div', { id: 'investigator-list' });
  const details = el('section', { id: 'investigator-details', 'aria-label': 'investigator' });

  const act = actor(message, notice, () => refresh());


  function update(id, fields) {
    return call('POST', '/investigator/update/', { body: form({ id: String(id), ...fields }) });
  }

  async function show(id) {
    const inv = items(await get('/investigator?' + new URLSearchParams({ investigatorid: String(id) })))[0]?.data
      .investigator ?? {};
    const key = inv.publickey ? new TextDecoder().decode(Uint8Array.from(atob(inv.publickey), (c) => c.charCodeAt(0)))
      : '';
    replace(details, el('h2', {}, inv.name ?? ''),
      el('dl', {}, [['ID', inv.id], ['Status', inv.status], ['Fingerprint', inv.pgpfingerprint],
        ['Admin', isAdmin(inv) ? 'yes' : 'no'], ['Created', inv.createdat], ['Modified', inv.lastmodified]]
        .map(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '')])),
      el('h3', {}, 'Permissions'),
      el('p', {}, Object.entries(inv.permissions ?? {}).filter(([, v]) => v).map(([k]) => k).join(', ')),
      el('h3', {}, 'Public key'), el('pre', { class: 'key' }, key));
  }

  async function refresh() {
    const all = (await search({ type: 'investigator', limit: '1000' })).map((i) => i.data.investigator)
      .filter(Boolean);
    replace(list, table([
      { title: 'ID', value: (i) => String(i.id) },
      { title: 'Name', value: (i) => on(el('button', { type: 'button', class: 'linkish' }, i.name), 'click',
        () => show(i.id).catch((e) => replace(message, e.message))) },
      { title: 'Status', value: (i) => i.status },
      { title: 'Admin', value: (i) => (isAdmin(i) ? 'yes' : '') },
      { title: 'Fingerprint', value: (i) => i.pgpfingerprint },
      { title: '', value: (i) => [
        i.status === 'active'
          ? on(el('button', { type: 'button', id: `disable-${i.id}` }, 'Disable'), 'click',
            () => act(`disable ${i.name}`, () => update(i.id, { status: 'disabled' })))
          : on(el('button', { type: 'button', id: `enable-${i.id}` }, 'Enable'), 'click',
            () => act(`enable ${i.name}`, () => update(i.id, { status: 'active' }))),
        on(el('button', { type: 'button', id: `apikey-${i.id}` }, 'New API key'), 'click',
          () => act(`API key for ${i.name}`, async () => {
            const answer = items(await update(i.id, { apikey: 'active' }))[0]?.data ?? {};
            const created = Object.values(answer)[0]?.apikey ?? '';
            // shown once: the API keeps only its hash
            replace(notice, `New API key for ${i.name} (shown once, copy it now): `,
              el('code', { id: 'new-apikey' }, created));
          })),
        on(el('button', { type: 'button', id: `revoke-${i.id}` }, 'Revoke API key'), 'click',
          () => act(`revoke the API key of ${i.name}`, () => update(i.id, { apikey: 'disabled' }))),
      ] },
    ], all, { id: 'investigators-table' }));
  }

  const name = el('input', { id: 'new-name', type: 'text', required: true });
  const keyFile = el('input', { id: 'new-key', type: 'file', accept: '.asc,.txt,text/plain', required: true });
  const admin = el('input', { id: 'new-admin', type: 'checkbox' });
  const create = on(el('form', { id: 'investigator-create' },
    el('h2', {}, 'Create an investigator'),
    el('label', { for: 'new-name' }, 'Name'), name,
    el('label', { for: 'new-key' }, 'Armored public key'), keyFile,
    el('label', {}, admin, ' Administrator (manages investigators)'),
    el('button', { type: 'submit' }, 'Create')), 'submit', (event) => {
    event.preventDefault();
    act('create', async () => {
      const file = keyFile.files?.[0];
      if (!file || file.size > 65536) {
        throw new Error('choose an armored public key file (at most 64 KiB)');
      }
      const fields = { name: name.value, publickey: await file.text() };
      if (admin.checked) {
        fields.permissions = JSON.stringify(Object.fromEntries(ADMIN.map((p) => [p, true])
          .concat(['search', 'action', 'action_create', 'command', 'agent', 'dashboard'].map((p) => [p, true]))));
      }
      await call('POST', '/investigator/create/', { body: form(fields) });
      replace(notice, `Investigator ${name.value} created.`);
      name.value = '';
      keyFile.value = '';
    });
  });

  replace(container, el('h1', {}, 'Investigators'), message, notice, list, details, create);
  await refresh();
}

export default { path: '/investigators', title: 'Investigators', nav: true, render };
