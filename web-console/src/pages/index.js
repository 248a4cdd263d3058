// Every page of the console, in navigation order. Add a page: one file under pages/ exporting
// { path, title, nav, render(container, ctx) }, then list it here.
import action from './action.js';
import actions from './actions.js';
import agents, { agent } from './agents.js';
import cosign, { cosignAction } from './cosign.js';
import dashboard from './dashboard.js';
import investigators from './investigators.js';
import launch from './launch.js';
import loaders from './loaders.js';
import manifests from './manifests.js';
import schedules, { schedule } from './schedules.js';

export const pages = [
  dashboard,
  agents,
  agent,
  actions,
  action,
  launch,
  schedules,
  schedule,
  cosign,
  cosignAction,
  investigators,
  loaders,
  manifests,
];

/** Where "/" and unknown paths go. */
export const HOME = '/dashboard';
