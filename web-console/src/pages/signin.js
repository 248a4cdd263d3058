// Sign-in: an investigator API key (sent once as X-MIGAPIKEY) opens a session whose cookie the browser keeps.
// Or with the investigator's secret key: the browser signs MIG's X-PGPAUTHORIZATION token (lib/pgp.js).
import { call, setCsrf } from '../lib/api.js';
import { el, on, replace } from '../lib/dom.js';
import { authToken, keyInfo } from '../lib/pgp.js';
import { keySection } from './key.js';

/** Renders the sign-in form; calls onSignedIn(session) once the API opened a session. */
export function renderSignIn(container, onSignedIn) {
  const key = el('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false' });
  const message = el('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const form = el('form', { id: 'signin', class: 'signin' },
    el('h1', {}, 'Gator console'),
    el('label', { for: 'api-key' }, 'Investigator API key'),
    key,
    el('button', { type: 'submit', id: 'signin-submit' }, 'Sign in'),
    el('h2', {}, 'Or sign in with your key'),
    keySection(),
    on(el('button', { type: 'button', id: 'signin-key' }, 'Sign in with key'), 'click', async () => {
      replace(message);
      try {
        if (!keyInfo()) {
          throw new Error('load your secret key first');
        }
        const session = await call('POST', '/session', { headers: { 'X-PGPAUTHORIZATION': await authToken() } });
        setCsrf(session.csrf);
        onSignedIn(session);
      } catch (e) {
        replace(message, e.message);
      }
    }),
    message);
  on(form, 'submit', async (event) => {
    event.preventDefault();
    replace(message);
    try {
      const session = await call('POST', '/session', { headers: { 'X-MIGAPIKEY': key.value.trim() } });
      key.value = '';
      setCsrf(session.csrf);
      onSignedIn(session);
    } catch (e) {
      replace(message, e.message);
    }
  });
  replace(container, form);
  key.focus();
}
