// The dashboard's figures, grouped in the browser from one agent search and one action search (pure, tested in
// node), and the inline SVG bar chart that shows them (built with dom.js's svg(), no HTML strings; colours come
// from CSS classes since the Content-Security-Policy allows no inline styles).
import { el, svg } from './dom.js';

export const AGENT_STATUSES = ['online', 'idle', 'offline'];
export const ACTION_KINDS = ['ok', 'failed', 'expired'];

function bump(groups, key, series) {
  let g = groups.get(key);
  if (!g) {
    g = { key, total: 0 };
    groups.set(key, g);
  }
  g[series] = (g[series] ?? 0) + 1;
  g.total += 1;
}

/** Biggest first, then by key; beyond `limit` bars the rest add up as "other". */
function sorted(groups, series, limit) {
  const list = [...groups.values()].sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (list.length <= limit) {
    return list;
  }
  const other = { key: 'other', total: 0 };
  for (const g of list.slice(limit - 1)) {
    for (const s of [...series, 'total']) {
      other[s] = (other[s] ?? 0) + (g[s] ?? 0);
    }
  }
  return [...list.slice(0, limit - 1), other];
}

/**
 * Agents by version, OS and tag (key=value), each group counted per status (online, idle, offline; any other
 * status counts as offline). One pass over the agents: 10,000 take a few milliseconds.
 */
export function agentGroups(agents, limit = 12) {
  const byVersion = new Map();
  const byOs = new Map();
  const byTag = new Map();
  for (const a of agents) {
    const status = AGENT_STATUSES.includes(a.status) ? a.status : 'offline';
    bump(byVersion, a.version || '(none)', status);
    bump(byOs, a.environment?.os || '(unknown)', status);
    for (const [k, v] of Object.entries(a.tags ?? {})) {
      bump(byTag, `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`, status);
    }
  }
  return {
    version: sorted(byVersion, AGENT_STATUSES, limit),
    os: sorted(byOs, AGENT_STATUSES, limit),
    tags: sorted(byTag, AGENT_STATUSES, limit),
  };
}

const day = (t) => new Date(t).toISOString().slice(0, 10);

/**
 * Actions per UTC day of their start (validfrom) over the last `days` days up to `now`, oldest first, each
 * day with its actions split into failed, expired and the others (ok); days without actions are there too.
 */
export function actionsPerDay(actions, now = new Date(), days = 7) {
  const out = [];
  const index = new Map();
  for (let i = days - 1; i >= 0; i -= 1) {
    const key = day(now.getTime() - i * 86400000);
    const g = { key, total: 0, ok: 0, failed: 0, expired: 0 };
    index.set(key, g);
    out.push(g);
  }
  for (const a of actions) {
    const t = Date.parse(a.validfrom);
    const g = Number.isNaN(t) ? undefined : index.get(day(t));
    if (g) {
      const kind = a.status === 'failed' || a.status === 'expired' ? a.status : 'ok';
      g[kind] += 1;
      g.total += 1;
    }
  }
  return out;
}

const BAR = 18;
const GAP = 6;
const LABEL = 170;
const WIDTH = 620;

/**
 * A horizontal stacked bar chart: one bar per group, one segment per series (class `series-<name>`), the
 * numbers as text; `title` names it for screen readers.
 */
export function barChart(title, groups, series, attrs = {}) {
  const max = Math.max(1, ...groups.map((g) => g.total));
  const scale = (WIDTH - LABEL - 60) / max;
  const height = groups.length * (BAR + GAP) + GAP;
  return el('figure', { class: 'chart', ...attrs },
    el('figcaption', {}, title),
    svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': title },
      groups.map((g, i) => {
        const y = GAP + i * (BAR + GAP);
        let x = LABEL;
        const segments = series.filter((s) => (g[s] ?? 0) > 0).map((s) => {
          const w = Math.max(1, g[s] * scale);
          const rect = svg('rect', { x, y, width: w, height: BAR, class: `series-${s}` },
            svg('title', {}, `${g.key}: ${g[s]} ${s}`));
          x += w;
          return rect;
        });
        const label = g.key.length > 26 ? `${g.key.slice(0, 25)}…` : g.key;
        return svg('g', { class: 'bar' },
          svg('text', { x: LABEL - 6, y: y + BAR - 5, 'text-anchor': 'end', class: 'label' }, label,
            svg('title', {}, g.key)),
          segments,
          svg('text', { x: x + 6, y: y + BAR - 5, class: 'value' }, String(g.total)));
      })),
    el('p', { class: 'legend' }, series.map((s) => el('span', { class: `key series-${s}` }, s))));
}
