// The investigator's secret key, loaded from a local file with FileReader into the page's memory (lib/pgp.js):
// a section shown on the sign-in form and on the launch page, with a passphrase field and "Forget key".
import { el, on, replace } from '../lib/dom.js';
import { forgetKey, isEncrypted, keyInfo, loadKey } from '../lib/pgp.js';

const MAX_KEY_BYTES = 1 << 20;

function readFile(file) {
  return new Promise((resolve, reject) => {
    if (file.size > MAX_KEY_BYTES) {
      reject(new Error(`${file.name} is larger than ${MAX_KEY_BYTES} bytes: not a secret key`));
      return;
    }
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsText(file);
  });
}

/** The key section; onChange(info-or-null) after a key is loaded or forgotten. */
export function keySection(onChange = () => {}) {
  const status = el('p', { id: 'key-status' });
  const message = el('p', { class: 'error', role: 'alert', id: 'key-error' });
  const fileInput = el('input', { type: 'file', id: 'key-file', accept: '.asc,.key,.gpg,.txt,text/plain' });
  const pass = el('input', { type: 'password', id: 'key-passphrase', autocomplete: 'off' });
  const passRow = el('div', { id: 'key-passphrase-row', hidden: true },
    el('label', { for: 'key-passphrase' }, 'Passphrase'), pass,
    on(el('button', { type: 'button', id: 'key-unlock' }, 'Unlock'), 'click', () => load()));
  let armored = '';
  // Enter unlocks the key rather than submitting the form around the section (the sign-in form)
  on(pass, 'keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      load();
    }
  });

  function show() {
    const info = keyInfo();
    replace(status, info ? `Key loaded: ${info.userIds.join(', ')} (${info.fingerprint})`
      : 'No key loaded. It stays in this page only: never stored, never uploaded.');
    forget.hidden = !info;
  }

  async function load() {
    replace(message);
    try {
      await loadKey(armored, pass.value);
      armored = '';
      pass.value = '';
      passRow.hidden = true;
      show();
      onChange(keyInfo());
    } catch (e) {
      replace(message, e.message);
    }
  }

  on(fileInput, 'change', async () => {
    replace(message);
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) {
      return;
    }
    try {
      armored = await readFile(file);
      if (await isEncrypted(armored)) {
        passRow.hidden = false;
        pass.focus();
        return;
      }
      await load();
    } catch (e) {
      replace(message, `cannot load the key: ${e.message}`);
    }
  });
  const forget = on(el('button', { type: 'button', id: 'key-forget' }, 'Forget key'), 'click', () => {
    forgetKey();
    show();
    onChange(null);
  });
  show();
  return el('section', { class: 'key', 'aria-label': 'secret key' },
    el('label', { for: 'key-file' }, 'Armored secret key file'), fileInput, passRow, status, forget, message);
}
