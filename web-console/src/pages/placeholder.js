// A page listed in the navigation whose module is not written yet.
import { el, replace } from '../lib/dom.js';

export function placeholder(path, title) {
  return {
    path,
    title,
    nav: true,
    render(container) {
      replace(container, el('h1', {}, title), el('p', { class: 'muted' }, 'This page is not available yet.'));
    },
  };
}
