// Every page of the console, in navigation order. Add a page: one file under pages/ exporting
// { path, title, nav, render(container, ctx) }, then list it here.
import action from './action.js';
import actions from './actions.js';
import dashboard from './dashboard.js';
import { placeholder } from './placeholder.js';

export const pages = [
  dashboard,
  placeholder('/agents', 'Agents'),
  actions,
  action,
  placeholder('/launch', 'Launch'),
  placeholder('/investigators', 'Investigators'),
];

/** Where "/" and unknown paths go. */
export const HOME = '/dashboard';
