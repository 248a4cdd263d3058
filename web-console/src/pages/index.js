// Every page of the console, in navigation order. Add a page: one file under pages/ exporting
// { path, title, nav, render(container, ctx) }, then list it here.
import agents, { agent } from './agents.js';
import dashboard from './dashboard.js';
import investigators from './investigators.js';
import launch from './launch.js';
import { placeholder } from './placeholder.js';

export const pages = [
  dashboard,
  agents,
  agent,
  { ...placeholder('/actions', 'Actions'), prefix: true },
  launch,
  investigators,
];

/** Where "/" and unknown paths go. */
export const HOME = '/dashboard';
