// Manifests (MIG's manifest records): the list (GET /search?type=manifest), create one from the files a loader
// installs (the tar.gz built in this browser) or from an archive (POST /manifest/new/ with MIG's record, content
// base64), one manifest's files with their SHA-256s read from its archive here, signing the manifest's signed
// string with the key loaded in this browser (POST /manifest/sign/), reset and disable (POST /manifest/status/)
// and the loaders its target matches (GET /manifest/loaders/).
import { ApiError, call, formBody, get, items, search } from '../lib/api.js';
import { actor } from '../lib/act.js';
import { el, on, replace, table } from '../lib/dom.js';
import { BUNDLE, MAX_ARCHIVE_BYTES, readTarGz, recordManifest, tarGz, toBase64 } from '../lib/manifest.js';
import { keyInfo, signText } from '../lib/pgp.js';
import { keySection } from './key.js';

async function bytesOf(file) {
  if (file.size > MAX_ARCHIVE_BYTES) {
    throw new Error(`${file.name} is ${file.size} bytes, more than the ${MAX_ARCHIVE_BYTES} a manifest may hold`);
  }
  return new Uint8Array(await file.arrayBuffer());
}

async function render(container) {
  const message = el('p', { class: 'error', role: 'alert', id: 'manifest-error' });
  const notice = el('p', { class: 'notice', role: 'status', id: 'manifest-notice' });
  const list = el('div', { id: 'manifest-list' });
  const details = el('section', { id: 'manifest-details', 'aria-label': 'manifest' });

  const act = actor(message, notice);


  async function loadersOf(id, into) {
    let loaders = [];
    try {
      loaders = items(await get('/manifest/loaders/?' + new URLSearchParams({ manifestid: String(id) })))
        .map((i) => i.data.loader).filter(Boolean);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) {
        throw e;
      }
    }
    replace(into, loaders.length === 0 ? el('p', { class: 'muted', id: 'manifest-loaders-none' }, 'No known loader matches.')
      : table([
        { title: 'ID', value: (le) => String(le.id) },
        { title: 'Name', value: (le) => le.name },
        { title: 'Agent', value: (le) => le.agentname },
        { title: 'Enabled', value: (le) => (le.enabled ? 'yes' : 'no') },
        { title: 'Last seen', value: (le) => le.lastseen },
      ], loaders, { id: 'manifest-loaders-table' }));
  }

  async function show(id) {
    const mr = items(await get('/manifest?' + new URLSearchParams({ manifestid: String(id) })))[0]?.data.manifest ?? {};
    const { entries, signed } = await recordManifest(mr);
    const loaders = el('div', { id: 'manifest-loaders' });
    const setStatus = (status, done) => act(status === 'staged' ? 'reset' : 'disable', async () => {
      await call('POST', '/manifest/status/', { body: formBody({ manifestid: String(id), status }) });
      replace(notice, `Manifest ${id} ${done}.`);
      await refreshAll(id);
    });
    replace(details,
      el('h2', {}, `Manifest ${mr.id} '${mr.name}'`),
      el('dl', {}, [['Status', mr.status], ['Target', mr.target], ['Created', mr.timestamp],
        ['Signatures', String((mr.signatures ?? []).length)]]
        .map(([k, v]) => [el('dt', {}, k), el('dd', { id: `manifest-${k.toLowerCase()}` }, v ?? '')])),
      el('h3', {}, 'Files'),
      table([{ title: 'SHA-256', value: (e) => e.sha256 }, { title: 'Name', value: (e) => e.name }], entries,
        { id: 'manifest-entries' }),
      el('h3', {}, 'What each investigator signs'),
      el('pre', { class: 'json', id: 'manifest-signed-string' }, signed),
      el('h3', {}, 'Sign in this browser'), keySection(),
      el('div', { class: 'buttons' },
        mr.status !== 'disabled' ? on(el('button', { type: 'button', id: 'manifest-sign' }, 'Sign'), 'click',
          () => act('sign', async () => {
            if (!keyInfo()) {
              throw new Error('load your secret key first');
            }
            const signature = await signText(signed);
            await call('POST', '/manifest/sign/', { body: formBody({ manifestid: String(id), signature }) });
            replace(notice, `Manifest ${id} signed.`);
            await refreshAll(id);
          })) : null, ' ',
        mr.status !== 'disabled' ? on(el('button', { type: 'button', id: 'manifest-reset' }, 'Reset (drop signatures)'),
          'click', () => setStatus('staged', 'reset: staged, signatures dropped')) : null, ' ',
        mr.status !== 'disabled' ? on(el('button', { type: 'button', id: 'manifest-disable' }, 'Disable'), 'click',
          () => setStatus('disabled', 'disabled')) : null, ' ',
        on(el('button', { type: 'button', id: 'manifest-show-loaders' }, 'Matching loaders'), 'click',
          () => act('loaders', () => loadersOf(id, loaders)))),
      loaders);
  }

  async function refresh() {
    const all = (await search({ type: 'manifest', limit: '1000' })).map((i) => i.data.manifest).filter(Boolean);
    replace(list, all.length === 0 ? el('p', { class: 'muted', id: 'manifest-none' }, 'No manifest yet.') : table([
      { title: 'ID', value: (m) => on(el('button', { type: 'button', class: 'linkish', id: `manifest-open-${m.id}` },
        String(m.id)), 'click', () => act('show', () => show(m.id))) },
      { title: 'Name', value: (m) => m.name },
      { title: 'Status', value: (m) => m.status },
      { title: 'Target', value: (m) => m.target },
      { title: 'Created', value: (m) => m.timestamp },
    ], all, { id: 'manifest-table' }));
  }

  async function refreshAll(id) {
    await refresh();
    await show(id);
  }

  const name = el('input', { type: 'text', id: 'manifest-name', required: true, minlength: 3, autocomplete: 'off' });
  const target = el('input', { type: 'text', id: 'manifest-target', required: true, size: 40, autocomplete: 'off',
    placeholder: "env#>>'{os}'='linux'" });
  const archive = el('input', { type: 'file', id: 'manifest-archive', accept: '.tar.gz,.tgz,application/gzip' });
  const inputs = BUNDLE.map((b) => ({ name: b, input: el('input', { type: 'file', id: `manifest-file-${b}` }) }));
  const create = on(el('form', { id: 'manifest-create' },
    el('h2', {}, 'New manifest'),
    el('p', { class: 'muted' }, 'Pick the files loaders install (the archive is built in this browser) or an archive ',
      'you packed; the manifest stays staged until enough investigators sign it.'),
    el('label', { for: 'manifest-name' }, 'Name'), name,
    el('label', { for: 'manifest-target' }, 'Loader target'), target,
    inputs.map((f) => [el('label', { for: `manifest-file-${f.name}` }, f.name), f.input]),
    el('label', { for: 'manifest-archive' }, 'or an archive (tar.gz)'), archive,
    el('button', { type: 'submit', id: 'manifest-create-submit' }, 'Create')), 'submit', (event) => {
    event.preventDefault();
    act('create', async () => {
      if (name.value.trim().length < 3) {
        throw new Error('the name needs at least 3 characters');
      }
      if (!target.value.trim()) {
        throw new Error('a loader target is needed');
      }
      const picked = inputs.filter((f) => f.input.files.length > 0);
      let content;
      if (archive.files.length > 0) {
        if (picked.length > 0) {
          throw new Error('an archive or the files, not both');
        }
        content = await bytesOf(archive.files[0]);
        await readTarGz(content);
      } else if (picked.length === 0) {
        throw new Error('pick the files of the manifest, or an archive');
      } else {
        content = await tarGz(await Promise.all(picked.map(async (f) => ({ name: f.name,
          content: await bytesOf(f.input.files[0]) }))));
      }
      if (content.length > MAX_ARCHIVE_BYTES) {
        throw new Error(`the archive is ${content.length} bytes, more than the ${MAX_ARCHIVE_BYTES} a manifest may hold`);
      }
      const record = { id: 0, name: name.value.trim(), content: toBase64(content), timestamp: '0001-01-01T00:00:00Z',
        status: 'staged', target: target.value.trim(), signatures: null };
      const answer = await call('POST', '/manifest/new/', { body: formBody({ manifest: JSON.stringify(record) }) });
      const created = items(answer)[0]?.data.manifest;
      replace(notice, `Manifest ${created?.id ?? ''} '${record.name}' created, staged until signed.`);
      create.reset();
      await refresh();
      if (created?.id) {
        await show(created.id);
      }
    });
  });

  replace(container, el('h1', {}, 'Manifests'),
    el('p', { class: 'muted' }, 'A manifest lists the files loaders install; it is served once enough ',
      'investigators signed it (active), never while staged or disabled.'),
    message, notice, list, details, create);
  await refresh();
}

export default { path: '/manifests', title: 'Manifests', nav: true, render };
