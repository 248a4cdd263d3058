// Entry point: finds the session (GET /api/v1/session), shows the sign-in form or the shell with the
// navigation and the page of the current path.
import { ApiError, call, get, setCsrf } from './lib/api.js';
import { append, el, on, replace } from './lib/dom.js';
import { createRouter, link, showError } from './lib/router.js';
import { HOME, pages } from './pages/index.js';
import { renderSignIn } from './pages/signin.js';

const app = document.getElementById('app');
const router = createRouter(pages, { fallback: HOME });
let session = null;
// what the current page asked to run when it is left (an EventSource to close)
const leaving = [];

function navigate(path, { replaceState = false } = {}) {
  const target = router.find(path) ? path : HOME;
  if (location.pathname + location.search !== target) {
    history[replaceState ? 'replaceState' : 'pushState']({}, '', target);
  }
  show();
}

async function signOut() {
  try {
    await call('DELETE', '/session');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      showError(document.getElementById('page') ?? app, e);
      return;
    }
  }
  session = null;
  leaving.splice(0).forEach((fn) => fn());
  setCsrf('');
  history.replaceState({}, '', '/');
  start();
}

function show() {
  leaving.splice(0).forEach((fn) => fn());
  const page = router.find(location.pathname);
  if (location.pathname !== page.path && !page.match?.test(location.pathname)
      && !(page.prefix && location.pathname.startsWith(page.path + '/'))) {
    history.replaceState({}, '', page.path);
  }
  const main = el('main', { id: 'page' });
  replace(app,
    el('header', { class: 'shell' },
      el('span', { class: 'brand' }, 'Gator'),
      el('nav', { 'aria-label': 'pages' }, router.pages.filter((p) => p.nav).map((p) =>
        link(p.path, p.title, navigate, { class: p === page || p.path === page.section ? 'current' : '', id: `nav${p.path.replace('/', '-')}` }))),
      el('span', { class: 'who', id: 'who' }, session.investigator.name),
      on(el('button', { type: 'button', id: 'signout' }, 'Sign out'), 'click', signOut)),
    main);
  document.title = `${page.title} · Gator`;
  Promise.resolve(page.render(main, { session, navigate, signOut, onLeave: (fn) => leaving.push(fn) })).catch((e) => showError(main, e));
}

async function start() {
  try {
    session = await get('/session');
    setCsrf(session.csrf);
    navigate(location.pathname, { replaceState: true });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      renderSignIn(app, (s) => {
        session = s;
        navigate(location.pathname === '/' ? HOME : location.pathname, { replaceState: true });
      });
    } else {
      replace(app);
      append(app, el('p', { class: 'error', role: 'alert' }, `The API did not answer: ${e.message}`));
    }
  }
}

window.addEventListener('popstate', () => session && show());
start();
