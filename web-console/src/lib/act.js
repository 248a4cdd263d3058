// How a page runs what a button asks: its error and notice lines cleared, the call made, the page refreshed, and a
// failure shown as "what: the API's message" in the error line.
import { replace } from './dom.js';

/** A runner act(what, fn) for a page with these error and notice lines; `after` runs once fn succeeded. */
export function actor(message, notice, after = async () => {}) {
  return async (what, fn) => {
    replace(message);
    replace(notice);
    try {
      await fn();
      await after();
    } catch (e) {
      replace(message, `${what}: ${e.message}`);
    }
  };
}
