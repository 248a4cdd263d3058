// Client-side routing on the URL path (/dashboard, /agents, ...): the API answers index.html for any page path,
// so links can be opened, bookmarked and reloaded. Pages register in pages/index.js.
import { el, on, replace } from './dom.js';

/**
 * A page: { path: '/agents', title: 'Agents', nav: true, render: async (container, ctx) => {} }.
 * ctx = { session, navigate(path), signOut(), onLeave(fn) }: fn runs when another page is shown (close streams).
 */
export function createRouter(pages, { fallback }) {
  const byPath = new Map(pages.map((p) => [p.path, p]));
  return {
    pages,
    find(path) {
      const bare = path.split('?')[0];
      // a page with `match` (a RegExp) also takes the paths it matches, e.g. /actions/42; one with `prefix: true`
      // takes its sub-paths
      return byPath.get(bare)
        ?? pages.find((p) => p.match?.test(bare) || (p.prefix && bare.startsWith(p.path + '/')))
        ?? byPath.get(fallback);
    },
  };
}

/** A link that navigates inside the console without reloading the page. */
export function link(path, text, navigate, attrs = {}) {
  return on(el('a', { href: path, ...attrs }, text), 'click', (event) => {
    if (event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey) {
      event.preventDefault();
      navigate(path);
    }
  });
}

/** Shows a failure as text in `container`. */
export function showError(container, error) {
  replace(container, el('p', { class: 'error', role: 'alert' }, error?.message ?? String(error)));
}
