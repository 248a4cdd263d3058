// Launch: a form per module generated from its definition (GET /modules), the flag values turned into the
// operation's parameters by the API with the CLI's checks (POST /modules/parameters), a target with a live
// count of matching agents, expiry and name, the exact action JSON that is signed, then a signature made in
// this page with the investigator's key (or a file signed with `mig -i FILE -s`) and POST /action/create/.
import { call, get, items, search } from '../lib/api.js';
import { el, on, replace } from '../lib/dom.js';
import { createdAction } from '../lib/cosign.js';
import { buildAction, clientFileProblem, defaultName, durationSeconds, flagValues, flagsFromName, formFields, formInputs, sameJson,
  signAction } from '../lib/launch.js';
import { keyInfo, signText } from '../lib/pgp.js';
import { ordersOf, plan, scheduleDurationMs, seriesJson, signedSeries, startMs, windows } from '../lib/schedule.js';
import { keySection } from './key.js';

const COUNT_DELAY_MS = 400;
const COUNT_LIMIT = 100000;

function form(fields) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    body.append(k, v);
  }
  return body;
}

/**
 * POST /action/create/ with the `action` field, as the CLI sends it; answers { id } of the created action, with
 * `cosign` when the API holds it as awaiting signatures.
 */
async function create(action) {
  return createdAction(await call('POST', '/action/create/', { body: form({ action: JSON.stringify(action) }) }));
}

/** A file the investigator chose, as text, read in this browser. */
function readText(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error(`cannot read ${file.name}: ${reader.error?.message ?? 'error'}`));
    reader.readAsText(file);
  });
}

function download(name, text) {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
}

async function render(container, { navigate }) {
  const modules = (await get('/modules')).modules.filter((m) => m.launchable);
  const message = el('p', { class: 'error', role: 'alert', id: 'launch-error' });
  const moduleSelect = el('select', { id: 'launch-module' },
    modules.map((m) => el('option', { value: m.name, selected: m.name === 'file' }, m.name)));
  const description = el('p', { class: 'muted', id: 'launch-description' });
  const flagsBox = el('fieldset', { id: 'launch-flags' });
  const target = el('input', { id: 'launch-target', type: 'text', size: 60, spellcheck: 'false',
    value: "status='online'" });
  const count = el('span', { id: 'launch-count', role: 'status' });
  const expiry = el('input', { id: 'launch-expiry', type: 'text', value: '5m', size: 8 });
  const name = el('input', { id: 'launch-name', type: 'text', size: 60 });
  const preview = el('pre', { id: 'launch-preview', class: 'json' });
  // Repeat: a standing order, the series built and signed here as `mig schedule` builds and signs it
  const repeat = el('input', { id: 'launch-repeat', type: 'checkbox' });
  const every = el('input', { id: 'launch-every', type: 'text', size: 8, placeholder: '1h', spellcheck: 'false' });
  const span = el('input', { id: 'launch-for', type: 'text', size: 8, placeholder: '7d', spellcheck: 'false' });
  const start = el('input', { id: 'launch-start', type: 'text', size: 24, placeholder: 'now (RFC 3339, UTC: 2026-03-01T10:00:00Z)',
    spellcheck: 'false' });
  const runOpen = el('input', { id: 'launch-run-open', type: 'text', size: 8,
    placeholder: 'until the next run', spellcheck: 'false' });
  const repeatBox = el('fieldset', { id: 'launch-repeat-fields', class: 'repeat', hidden: true },
    el('legend', {}, 'Repeat (a standing order, as mig schedule)'),
    el('label', { for: 'launch-every' }, 'Every (-every: 1h, 30m, 1d)'), every,
    el('label', { for: 'launch-for' }, 'For (-for: 7d, 12h)'), span,
    el('label', { for: 'launch-start' }, 'Start (-start; empty: now)'), start,
    el('label', { for: 'launch-run-open' }, 'Each run open for (-e; empty: until the next opens)'), runOpen,
    el('p', { class: 'muted' }, 'Every run is a signed action of its own, with its own window, all signed here before ',
      'the series is posted; the expiry above is not used. To sign a series with gpg, use ',
      el('code', {}, 'mig schedule'), ' (the download below is a single action).'));
  const series = el('p', { id: 'launch-series', role: 'status' });
  const copyBox = el('div', { id: 'launch-copy' });
  let inputs = {};
  let action = null;
  // relaunching a copy whose flags the form cannot express: its operations, signed again as they are
  let copyOperations = null;

  function definition() {
    return modules.find((m) => m.name === moduleSelect.value);
  }

  function showFlags() {
    const d = definition();
    replace(description, d?.description ?? '');
    inputs = {};
    replace(flagsBox, el('legend', {}, `${d.name} flags`), formFields(d).map((f) => {
      const id = `flag${f.name}`;
      const input = f.input === 'textarea'
        ? el('textarea', { id, rows: 2, cols: 50, placeholder: f.placeholder, spellcheck: 'false' })
        : f.input === 'file' ? el('input', { id, type: 'file' })
          : el('input', { id, type: f.input, placeholder: f.placeholder, spellcheck: 'false' });
      inputs[f.name] = input;
      return el('div', { class: 'flag' }, el('label', { for: id }, f.label), input,
        f.help ? el('small', {}, f.help) : null);
    }), d.help ? el('details', {}, el('summary', {}, `mig ${d.name} help`), el('pre', { id: 'launch-help' }, d.help))
      : null);
    action = null;
    replace(preview);
    copyOperations = null;
    replace(copyBox);
    flagsBox.hidden = false;
  }

  let countTimer = 0;
  let countSeq = 0;
  function countLater() {
    clearTimeout(countTimer);
    replace(count, '…');
    countTimer = setTimeout(async () => {
      const seq = ++countSeq;
      try {
        const agents = (await search({ type: 'agent', target: target.value, limit: String(COUNT_LIMIT) }))
          .filter((i) => i.data.agent).length;
        if (seq === countSeq) {
          replace(count, `${agents}${agents >= COUNT_LIMIT ? '+' : ''} agents match`);
        }
      } catch (e) {
        if (seq === countSeq) {
          replace(count, el('span', { class: 'error' }, `invalid target: ${e.message}`));
        }
      }
    }, COUNT_DELAY_MS);
  }

  async function prepare() {
    replace(message);
    action = null;
    replace(preview);
    if (copyOperations) {
      action = buildAction({ name: name.value.trim() || name.placeholder, target: target.value,
        operations: copyOperations, expirySeconds: expirySeconds() });
      replace(preview, JSON.stringify(action, null, 4));
      showSeries();
      return action;
    }
    const d = definition();
    const raw = Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k,
      i.type === 'checkbox' ? i.checked : i.type === 'file' ? (i.files[0]?.name ?? '') : i.value]));
    const values = flagValues(d, raw);
    let content;
    if (d.clientfile) {
      const file = inputs[d.clientfile].files[0];
      const problem = clientFileProblem(d, file);
      if (problem) {
        throw new Error(problem);
      }
      content = await readText(file);
    }
    action = buildAction({ name: name.value.trim() || defaultName(d.name, values), target: target.value,
      module: d.name, parameters: await parametersOf(d, values, content),
      expirySeconds: expirySeconds() });
    replace(preview, JSON.stringify(action, null, 4));
    showSeries();
    return action;
  }

  /** A single launch's expiry; a series gives each run its own window, so there an empty field is no error. */
  function expirySeconds() {
    return repeat.checked && expiry.value.trim() === '' ? 300 : durationSeconds(expiry.value);
  }

  /** The plan of the series the Repeat fields ask for (the CLI's checks and messages). */
  function seriesPlan() {
    if (every.value.trim() === '' || span.value.trim() === '') {
      throw new Error('Repeat needs Every and For (as mig schedule -every and -for)');
    }
    const everyMs = scheduleDurationMs(every.value, '-every');
    return plan({ startMs: startMs(start.value), everyMs, spanMs: scheduleDurationMs(span.value, '-for'),
      perRunMs: runOpen.value.trim() === '' ? undefined : scheduleDurationMs(runOpen.value, '-e') });
  }

  /** Under the preview: how many runs, the first and last windows (the preview shows the action they share). */
  function showSeries() {
    replace(series);
    if (!repeat.checked) {
      return;
    }
    const w = windows(seriesPlan());
    replace(series, `${w.length} run${w.length === 1 ? '' : 's'}, each its own signed action: the first valid from `,
      `${w[0].validfrom} until ${w[0].expireafter}, the last from ${w[w.length - 1].validfrom} until `,
      `${w[w.length - 1].expireafter}. Each run is the action below with its own id and window.`);
  }

  /** Signs every run of the series here, posts it (POST /schedule/create/, as the CLI) and opens the order. */
  async function launchSeries(base) {
    const p = seriesPlan();
    const signed = await signedSeries(base, p, (text) => signText(text),
      (done, total) => replace(series, `signed ${done} of ${total} runs…`));
    replace(series, `posting ${signed.length} signed runs…`);
    const answer = await call('POST', '/schedule/create/',
      { body: new URLSearchParams({ schedule: seriesJson(base.name, signed) }) });
    const order = ordersOf(answer)[0];
    if (!order) {
      throw new Error('the API answered no standing order');
    }
    navigate(`/schedules/${order.id}`);
  }

  async function launch(signed) {
    const { id, cosign } = await create(signed);
    // too little signature weight for the agents' ACL: the action waits for co-signers on its review page
    navigate(cosign ? `/cosign/${id}` : `/actions/${id}`);
  }

  const guard = (fn) => async () => {
    replace(message);
    try {
      await fn();
    } catch (e) {
      replace(message, e.message);
    }
  };
  const signedFile = el('input', { id: 'launch-signed-file', type: 'file', accept: '.json,application/json' });
  on(signedFile, 'change', guard(async () => {
    const file = signedFile.files?.[0];
    signedFile.value = '';
    if (!file) {
      return;
    }
    if (file.size > 4 << 20) {
      throw new Error(`${file.name} is too large for an action`);
    }
    const signed = JSON.parse(await file.text());
    if (!Array.isArray(signed.pgpsignatures) || signed.pgpsignatures.length === 0) {
      throw new Error(`${file.name} holds no signature: sign it with mig -i ${file.name} -s > signed.json`);
    }
    await launch(signed);
  }));

  /**
   * The parameters flag values give, as the CLI would build them; `content` is the client file's text for a
   * module that reads one (the API opens no file).
   */
  async function parametersOf(d, values, content) {
    const fields = { module: d.name, values: JSON.stringify(values) };
    if (content !== undefined) {
      fields.clientfile = content;
    }
    return (await call('POST', '/modules/parameters', { body: form(fields) })).parameters;
  }

  /**
   * Relaunch a copy of action `from`: its module, target, name and a new validity window as long as its own;
   * its flags in the form when the API turns them back into the same parameters, else its operations shown
   * read-only and signed again as they are.
   */
  async function prefill(from) {
    const original = items(await get(`/action?actionid=${from}`)).map((i) => i.data.action).find(Boolean);
    if (!original) {
      throw new Error(`action ${from} not found`);
    }
    const ops = original.operations ?? [];
    const d = ops.length === 1 ? modules.find((m) => m.name === ops[0].module) : undefined;
    if (d) {
      moduleSelect.value = d.name;
      showFlags();
    }
    target.value = original.target;
    const seconds = Math.round((Date.parse(original.expireafter) - Date.parse(original.validfrom)) / 1000) - 60;
    if (seconds > 0) {
      expiry.value = `${seconds}s`;
    }
    // a module reading a client file: the file is not here, so the copy keeps its operations as they are
    const values = d && !d.clientfile ? flagsFromName(d, original.name) : null;
    if (values && sameJson(await parametersOf(d, values), ops[0].parameters)) {
      for (const [k, v] of Object.entries(formInputs(d, values))) {
        inputs[k][typeof v === 'boolean' ? 'checked' : 'value'] = v;
      }
      replace(copyBox, el('p', { class: 'muted' }, `A copy of action ${from}: its flags are in the form.`));
    } else {
      name.value = original.name;
      name.placeholder = original.name;
      copyOperations = ops;
      flagsBox.hidden = true;
      replace(copyBox,
        el('p', { class: 'muted' }, `A copy of action ${from}, with the same operations (the form cannot show its `,
          'parameters as flags):'),
        el('pre', { id: 'launch-copy-parameters', class: 'json' }, JSON.stringify(ops, null, 4)),
        on(el('button', { type: 'button', id: 'launch-copy-edit' }, 'Use the form instead'), 'click', () => {
          showFlags();
        }));
    }
    countLater();
  }

  on(repeat, 'change', () => {
    repeatBox.hidden = !repeat.checked;
    replace(signButton, repeat.checked ? 'Sign every run and post the series' : 'Sign and launch');
    replace(series);
  });
  const signButton = on(el('button', { type: 'button', id: 'launch-sign' }, 'Sign and launch'), 'click', guard(async () => {
    if (!keyInfo()) {
      throw new Error('load your secret key first');
    }
    if (repeat.checked) {
      seriesPlan();
      await launchSeries(action ?? await prepare());
      return;
    }
    await launch(await signAction(action ?? await prepare(), (text) => signText(text)));
  }));
  on(moduleSelect, 'change', showFlags);
  on(target, 'input', countLater);
  replace(container,
    el('h1', {}, 'Launch an action'),
    el('div', { class: 'launch' },
      el('label', { for: 'launch-module' }, 'Module'), moduleSelect, description, copyBox, flagsBox,
      el('label', { for: 'launch-target' }, 'Target'), target, count,
      el('label', { for: 'launch-expiry' }, 'Expires after (as -e: 30m, 1h)'), expiry,
      el('label', { for: 'launch-name' }, 'Name (default: the module and its flags)'), name,
      el('label', { for: 'launch-repeat' }, 'Repeat'), el('span', {}, repeat, ' run it on a schedule'), repeatBox,
      on(el('button', { type: 'button', id: 'launch-preview-button' }, 'Preview'), 'click', guard(prepare))),
    message, series,
    el('h2', {}, 'The action as it will be signed'), preview,
    el('h2', {}, 'Sign in this browser'), keySection(),
    signButton,
    el('h2', {}, 'Or sign with gpg'),
    el('p', {}, 'Download the unsigned action, sign it with ', el('code', {}, 'mig -i action.json -s > signed.json'),
      ', then upload signed.json.'),
    on(el('button', { type: 'button', id: 'launch-download' }, 'Download unsigned action'), 'click', guard(async () => {
      download('action.json', JSON.stringify(action ?? await prepare(), null, 4));
    })),
    el('label', { for: 'launch-signed-file' }, 'Signed action file'), signedFile);
  showFlags();
  const from = new URLSearchParams(location.search).get('from');
  if (from && /^[1-9][0-9]{0,18}$/.test(from)) {
    await prefill(from).catch((e) => replace(message, e.message));
  } else {
    countLater();
  }
}

export default { path: '/launch', title: 'Launch', nav: true, render };
