// An action's results as flat rows, one per agent per element, exactly as `mig action results -render csv|json`
// (investigator-cli io.gator.cli.history.ActionResults) writes them: the browser's exports equal the CLI's.
// Rows are Maps, not objects: a flattened name such as "0" must keep its place (objects put integer keys first).

/** True when any operation of the command found something (MIG's foundanything). */
export function found(command) {
  return (command.results ?? []).some((r) => r?.foundanything === true);
}

/** Whether `command` passes the filter `show`: 'found', 'notfound' or 'all'. */
export function shown(command, show) {
  if (show === 'found') {
    return found(command);
  }
  if (show === 'notfound') {
    return !found(command);
  }
  return true;
}

/** The flat rows of one command: an object's entries or an array's items per operation, else one per result. */
export function rows(command, show = 'all') {
  const out = [];
  if (!shown(command, show)) {
    return out;
  }
  const ops = command.action?.operations ?? [];
  const results = command.results ?? [];
  if (results.length === 0) {
    out.push(row(command, '', false, '', undefined));
  }
  results.forEach((r, i) => {
    const module = i < ops.length ? (ops[i]?.module ?? '') : '';
    const hit = r?.foundanything === true;
    const e = r?.elements;
    if (isObject(e) && Object.keys(e).length > 0) {
      for (const [k, v] of Object.entries(e)) {
        out.push(row(command, module, hit, k, v));
      }
    } else if (Array.isArray(e) && e.length > 0) {
      e.forEach((v, j) => out.push(row(command, module, hit, String(j), v)));
    } else {
      out.push(row(command, module, hit, '', e === null || e === undefined ? undefined : e));
    }
  });
  return out;
}

function row(command, module, hit, element, value) {
  const o = new Map([
    ['agent', command.agent?.name ?? ''],
    ['agentid', command.agent?.id ?? 0],
    ['commandid', command.id ?? 0],
    ['status', command.status ?? ''],
    ['module', module],
    ['found', hit],
    ['element', element],
  ]);
  if (value !== undefined) {
    flatten(o, '', value);
  }
  return o;
}

/** Nested objects as dotted names; arrays and scalars as values; a name already taken gets "value." before it. */
function flatten(into, prefix, v) {
  if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      flatten(into, prefix === '' ? k : `${prefix}.${k}`, x);
    }
  } else {
    const name = prefix === '' ? 'value' : prefix;
    into.set(into.has(name) ? `value.${name}` : name, v);
  }
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every column of `rows`, in order of first appearance. */
export function columns(rows) {
  const cols = new Set();
  for (const r of rows) {
    for (const k of r.keys()) {
      cols.add(k);
    }
  }
  return [...cols];
}

/** A cell's text as the CLI prints it: scalars as text, arrays and objects as JSON, null as empty. */
export function text(v) {
  if (v === null || v === undefined) {
    return '';
  }
  if (typeof v === 'object') {
    return json(v);
  }
  return typeof v === 'number' ? number(v) : String(v);
}

/** The CSV of `rows`: a header of every column, then one line per row, each line ending with "\n". */
export function csv(rows) {
  const cols = columns(rows);
  let out = cols.map(cell).join(',') + '\n';
  for (const r of rows) {
    out += cols.map((c) => cell(text(r.get(c)))).join(',') + '\n';
  }
  return out;
}

/** RFC 4180 as the CLI quotes: only a cell holding a comma, a quote or a line break. */
export function cell(s) {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One row as the CLI's JSON line (Jackson's compact JSON, names in row order). */
export function jsonLine(row) {
  return '{' + [...row].map(([k, v]) => `${string(k)}:${json(v)}`).join(',') + '}';
}

/** JSON lines of `rows`, each ending with "\n". */
export function jsonLines(rows) {
  return rows.map((r) => jsonLine(r) + '\n').join('');
}

/** Compact JSON as Jackson writes it (upper-case \u escapes for controls, nothing else escaped). */
export function json(v) {
  if (v === null || v === undefined) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return '[' + v.map(json).join(',') + ']';
  }
  if (v instanceof Map) {
    return jsonLine(v);
  }
  switch (typeof v) {
    case 'string':
      return string(v);
    case 'number':
      return number(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      return '{' + Object.entries(v).map(([k, x]) => `${string(k)}:${json(x)}`).join(',') + '}';
    default:
      return 'null';
  }
}

const SHORT = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function string(s) {
  // eslint-disable-next-line no-control-regex
  return '"' + s.replace(/["\\\u0000-\u001f]/g, (c) => SHORT[c]
    ?? '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')) + '"';
}

/** Whole numbers as digits; others as JavaScript prints them (Go's agents write no "1.0"). */
function number(n) {
  return Number.isFinite(n) ? String(n) : 'null';
}

/**
 * Counts per value of column `field` over `rows`, most frequent first (ties by value): "how many hosts have
 * openssl 3.0.19". Each entry counts rows and distinct agents; rows without the column count under ''.
 */
export function groupBy(rows, field) {
  const groups = new Map();
  for (const r of rows) {
    const value = text(r.get(field));
    let g = groups.get(value);
    if (!g) {
      g = { value, rows: 0, agents: new Set() };
      groups.set(value, g);
    }
    g.rows++;
    g.agents.add(r.get('agentid'));
  }
  return [...groups.values()]
    .map((g) => ({ value: g.value, rows: g.rows, agents: g.agents.size }))
    .sort((a, b) => b.agents - a.agents || b.rows - a.rows || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** One journal event as one line, as `mig action events` prints it (io.gator.cli.history.EventLine). */
export function eventLine(e) {
  return `${String(e.sequencenr ?? '').padStart(5)} ${text(e.timestamp)} ${String(e.type ?? '').padEnd(18)} `
    + eventSummary(e.event);
}

const MAX_VALUE = 60;

function cut(s) {
  return s.length > MAX_VALUE ? s.slice(0, MAX_VALUE) + '...' : s;
}

function eventSummary(event) {
  if (!isObject(event)) {
    return event === null || event === undefined ? '' : cut(text(event));
  }
  const parts = [];
  for (const [k, v] of Object.entries(event)) {
    let shownValue;
    if (Array.isArray(v)) {
      shownValue = v.length + (v.length === 1 ? ' item' : ' items');
    } else if (isObject(v)) {
      shownValue = 'id' in v ? '#' + text(v.id) : Object.keys(v).length + ' fields';
    } else if (v === null || v === undefined) {
      continue;
    } else {
      const s = text(v);
      shownValue = typeof v === 'string' && (s === '' || s.includes(' ')) ? `'${cut(s)}'` : cut(s);
    }
    parts.push(`${k}=${shownValue}`);
  }
  return parts.join(' ');
}
