// Co-signing: actions awaiting signatures (GET /cosign/pending), one action's review with its exact JSON and
// canonical string (GET /cosign/action), a co-signature made in this browser with the investigator's key
// over the canonical string rebuilt here (refused when the API's differs) and posted to POST /cosign/sign,
// and withdrawing one (POST /cosign/cancel, its poster or an administrator; the API decides).
import { call, get, items } from '../lib/api.js';
import { append, el, on, replace, table } from '../lib/dom.js';
import { link } from '../lib/router.js';
import { checkedCanonical, signersText, weightsText } from '../lib/cosign.js';
import { keyInfo, signText } from '../lib/pgp.js';
import { keySection } from './key.js';

const MATCH = /^\/cosign\/([1-9][0-9]{0,18})$/;

function form(fields) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    body.append(k, v);
  }
  return body;
}

const pendingOf = (answer) => items(answer).map((i) => i.data.pending).filter(Boolean);

async function renderList(container, { navigate }) {
  const all = new URLSearchParams(location.search).get('all') === 'true';
  replace(container, el('h1', {}, 'Co-signing'), el('p', { class: 'muted' }, 'Loading…'));
  const list = pendingOf(await get(`/cosign/pending${all ? '?all=true' : ''}`));
  replace(container,
    el('h1', {}, 'Co-signing'),
    el('p', { class: 'muted' }, 'Actions whose modules need more signature weight than their signers have wait here ',
      'until other investigators review and co-sign them. ',
      all ? link('/cosign', 'Awaiting only', navigate, { id: 'cosign-awaiting' })
        : link('/cosign?all=true', 'Also launched, expired and cancelled', navigate, { id: 'cosign-all' })),
    list.length === 0
      ? el('p', { class: 'muted', id: 'cosign-none' }, 'No action awaits signatures.')
      : table([
        { title: 'ID', value: (p) => link(`/cosign/${p.id}`, String(p.id), navigate) },
        { title: 'Name', value: (p) => p.name },
        { title: 'Posted by', value: (p) => p.postedby },
        { title: 'Target', value: (p) => p.target },
        { title: 'Weight (collected/needed)', value: (p) => weightsText(p) },
        { title: 'Signed by', value: (p) => signersText(p) },
        { title: 'Status', value: (p) => p.status },
        { title: 'Expires', value: (p) => p.expiresat },
      ], list, { id: 'cosign-list' }));
}

async function renderOne(container, { navigate }) {
  const id = MATCH.exec(location.pathname)[1];
  replace(container, el('h1', {}, `Co-sign action ${id}`), el('p', { class: 'muted' }, 'Loading…'));
  let pending = pendingOf(await get(`/cosign/action?actionid=${id}`))[0];
  const message = el('p', { class: 'error', role: 'alert', id: 'cosign-error' });
  const details = el('dl', { id: 'cosign-details' });
  const status = el('p', { id: 'cosign-status', role: 'status' });
  const actions = el('div', { class: 'buttons' });

  const guard = (fn) => async () => {
    replace(message);
    try {
      await fn();
    } catch (e) {
      replace(message, e.message);
    }
  };

  function show() {
    const p = pending;
    replace(details);
    [['Name', p.name], ['Target', p.target], ['Posted by', p.postedby],
      ['Weight (collected/needed)', weightsText(p)], ['Missing', p.missing || '—'],
      ['Signed by', (p.signers ?? []).map((s) => `${s.name} (${s.fingerprint}) at ${s.signedat}`).join('; ')],
      ['Created', p.createdat], ['Expires', p.expiresat]]
      .forEach(([k, v]) => append(details, el('dt', {}, k), el('dd', {}, v)));
    replace(status, `Status: ${p.status}`, p.closedby ? ` (by ${p.closedby})` : '');
    const awaiting = p.status === 'awaiting signatures';
    replace(actions,
      awaiting ? on(el('button', { type: 'button', id: 'cosign-sign' }, 'Co-sign'), 'click', guard(sign)) : null, ' ',
      awaiting ? on(el('button', { type: 'button', id: 'cosign-cancel' }, 'Withdraw…'), 'click', guard(confirmWithdraw)) : null,
      p.status === 'launched' ? link(`/actions/${p.id}`, 'Open the launched action', navigate, { id: 'cosign-open' }) : null);
  }

  async function sign() {
    if (!keyInfo()) {
      throw new Error('load your secret key first');
    }
    const canonical = checkedCanonical(pending);
    const signature = await signText(canonical);
    pending = pendingOf(await call('POST', '/cosign/sign', { body: form({ actionid: id, signature }) }))[0];
    show();
  }

  function confirmWithdraw() {
    replace(actions, el('span', {}, 'Withdraw this action? Nobody will be able to co-sign it. '),
      on(el('button', { type: 'button', id: 'cosign-cancel-confirm' }, 'Withdraw'), 'click', guard(async () => {
        pending = pendingOf(await call('POST', '/cosign/cancel', { body: form({ actionid: id }) }))[0];
        show();
      })), ' ',
      on(el('button', { type: 'button', id: 'cosign-cancel-keep' }, 'Keep it'), 'click', show));
  }

  replace(container,
    el('h1', {}, `Co-sign action ${id}`),
    el('p', {}, link('/cosign', '← all actions awaiting signatures', navigate)),
    details, status,
    el('h2', {}, 'The action'),
    el('pre', { id: 'cosign-action', class: 'json' }, JSON.stringify(pending.action, null, 4)),
    el('h2', {}, 'The canonical string (what each co-signer signs)'),
    el('pre', { id: 'cosign-canonical', class: 'json' }, pending.canonical),
    el('h2', {}, 'Sign in this browser'), keySection(),
    actions, message);
  show();
}

export const cosignAction = {
  path: '/cosign/:id', match: MATCH, section: '/cosign', title: 'Co-sign', nav: false,
  render: renderOne,
};

export default { path: '/cosign', title: 'Co-signing', nav: true, render: renderList };
