// Standing orders in the browser: the series `mig schedule` builds (investigator-cli's Series), reproduced here so
// that a series launched from the console has the same runs, windows and IDs as the CLI's for the same inputs
// (test/fixtures/series.json pins both), and what the order pages show of an order (GET /schedule/list).
import { signAction } from './launch.js';

/** MIG's launch sets validfrom this far back for agents whose clock is behind (Series.MIG_SKEW). */
export const MIG_SKEW_MS = 60000;
/** The shortest period (Series.MIN_EVERY). */
export const MIN_EVERY_MS = 1000;
/** Most runs signed in one go, as the CLI (MigMain.SCHEDULE_MAX_RUNS); the API's own limit applies too. */
export const MAX_RUNS = 10000;

const UNIT_MS = { h: 3600000, m: 60000, s: 1000, ms: 1 };

/**
 * A duration as `mig schedule` takes it (ScheduleCommand.duration): whole days (`7d`) or Go's durations (`1h30m`,
 * `90s`, `1.5h`), in milliseconds. The console signs windows to the second, so a duration must be whole seconds.
 */
export function scheduleDurationMs(text, flag) {
  const s = String(text ?? '').trim();
  let ms;
  if (/^[0-9]{1,5}d$/.test(s)) {
    ms = Number(s.slice(0, -1)) * 86400000;
  } else if (/^(?:[0-9]+(?:\.[0-9]+)?(?:h|ms|m|s))+$/.test(s)) {
    ms = 0;
    for (const [, n, unit] of s.matchAll(/([0-9]+(?:\.[0-9]+)?)(h|ms|m|s)/g)) {
      ms += Number(n) * UNIT_MS[unit];
    }
    ms = Math.round(ms * 1000) / 1000;
  } else {
    throw new Error(`invalid ${flag} '${s}' (e.g. 300s, 10m, 1h30m, 7d)`);
  }
  if (!Number.isSafeInteger(ms) || ms % 1000 !== 0) {
    throw new Error(`invalid ${flag} '${s}': the console takes whole seconds`);
  }
  return ms;
}

/** `-start` as `mig schedule` takes it (RFC 3339), in ms; empty: now, to the second. */
export function startMs(text, now = Date.now()) {
  const t = String(text ?? '').trim();
  if (t === '') {
    return Math.floor(now / 1000) * 1000;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t) || Number.isNaN(Date.parse(t))) {
    throw new Error(`invalid -start '${t}' (RFC 3339, e.g. 2026-03-01T10:00:00Z)`);
  }
  return Date.parse(t);
}

/** The skew of a period: MIG's 60 s, at most a quarter of the period (Series.skew). */
export function skewMs(everyMs) {
  return Math.min(Math.trunc(everyMs / 4), MIG_SKEW_MS);
}

/** The longest window a run may have, also the default of -e: the period less the skew (Series.longestRun). */
export function longestRunMs(everyMs) {
  return everyMs - skewMs(everyMs);
}

/**
 * A plan as Series.Plan checks it: runs from `startMs` every `everyMs` for `spanMs`, each open `perRunMs`
 * (default: until the next one opens); the same refusals, in the CLI's words.
 */
export function plan({ startMs, everyMs, spanMs, perRunMs = longestRunMs(everyMs) }) {
  const sec = (ms) => Math.trunc(ms / 1000);
  if (everyMs < MIN_EVERY_MS) {
    throw new Error(`-every must be at least ${sec(MIN_EVERY_MS)}s`);
  }
  if (spanMs <= 0) {
    throw new Error('-for must be a positive duration');
  }
  if (perRunMs <= 0) {
    throw new Error('-e must be a positive duration');
  }
  if (perRunMs > longestRunMs(everyMs)) {
    throw new Error(`-e ${sec(perRunMs)}s is too long for -every ${sec(everyMs)}s: a run must end before the next `
      + `one opens (at most ${sec(longestRunMs(everyMs))}s)`);
  }
  return { startMs, everyMs, spanMs, perRunMs, runs: Math.ceil(spanMs / everyMs) };
}

/** An instant as MIG's JSON writes it (Go's RFC 3339 with the fraction's trailing zeros dropped). */
export function rfc3339(ms) {
  return new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
}

/** The windows of a plan's runs: { id, validfrom, expireafter } each, run k with ID k+1 (Series.build). */
export function windows(p, maxRuns = MAX_RUNS) {
  if (p.runs > maxRuns) {
    throw new Error(`${p.runs} runs (-for / -every) is more than ${maxRuns} (the API refuses series longer than `
      + 'gator.api.schedule.max-runs)');
  }
  const skew = skewMs(p.everyMs);
  const out = [];
  for (let k = 0; k < p.runs; k++) {
    const at = p.startMs + k * p.everyMs;
    out.push({ id: k + 1, validfrom: rfc3339(at - skew), expireafter: rfc3339(at + p.perRunMs) });
  }
  return out;
}

/**
 * Every run of the series signed by `sign(text)`: `base` (the unsigned action the launch page builds) given run
 * k's ID and window, no signature of its own kept; `progress(done, total)` after each signature.
 */
export async function signedSeries(base, p, sign, progress = () => {}) {
  const runs = windows(p);
  const out = [];
  for (const w of runs) {
    out.push(await signAction({ ...base, ...w, pgpsignatures: [] }, sign));
    progress(out.length, runs.length);
  }
  return out;
}

/** The form field `schedule` of POST /schedule/create/, as ScheduleCommand.seriesJson writes it. */
export function seriesJson(name, actions) {
  return JSON.stringify({ name, actions });
}

/** The orders (or the one order) of a collection+json answer of the schedule routes. */
export function ordersOf(answer) {
  return (answer?.collection?.items ?? []).map((i) => i.data?.[0]?.value).filter((v) => v && typeof v === 'object');
}

/** How far an order went: runs launched of all its runs, as `mig schedule list` counts them. */
export function runsDone(order) {
  const runs = order.runs ?? [];
  return `${runs.filter((r) => r.status === 'launched').length}/${runs.length}`;
}

/** The next run to launch: the first still waiting, while the order is active; else null. */
export function nextRun(order) {
  return order.status === 'active' ? (order.runs ?? []).find((r) => r.status === 'waiting') ?? null : null;
}

/** The period between runs, from the first two windows ('' for a single run), in Go's duration words. */
export function everyText(order) {
  const runs = order.runs ?? [];
  if (runs.length < 2) {
    return '';
  }
  return durationText(Date.parse(runs[1].validfrom) - Date.parse(runs[0].validfrom));
}

/** Milliseconds as days, hours, minutes and seconds: 90061000 -> '1d1h1m1s'. */
export function durationText(ms) {
  if (!(ms > 0)) {
    return '';
  }
  let s = Math.round(ms / 1000);
  const parts = [];
  for (const [unit, n] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    if (s >= n) {
      parts.push(`${Math.floor(s / n)}${unit}`);
      s %= n;
    }
  }
  return parts.join('') || '0s';
}

/** The module(s) of an order, from its name as the CLI and the console name a series (the module first). */
export function moduleOf(order) {
  return String(order.name ?? '').split(' ')[0];
}
