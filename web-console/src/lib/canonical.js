// MIG's canonical string of an action, the exact bytes an investigator signs (MIG's Action.String(), mirrored
// from actors-core's SignedString and GoJson): name=..;target=..;validfrom=<unix>;
// expireafter=%!s(int64=<unix>);operations=<Go json.Marshal of the operations>;

/** The string MIG signs for `action` (an action as MIG's JSON decodes it). */
export function signedString(action) {
  return `name=${action.name};target=${action.target};validfrom=${unixSeconds(action.validfrom)}`
    + `;expireafter=%!s(int64=${unixSeconds(action.expireafter)});operations=${operations(action.operations)};`;
}

/** Seconds since the epoch of an RFC 3339 time, rounded down (Go's Time.Unix()). */
export function unixSeconds(rfc3339) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(rfc3339 ?? '');
  if (!m) {
    throw new Error(`not an RFC 3339 time: ${rfc3339}`);
  }
  const [, y, mo, d, h, mi, s, zone] = m;
  let seconds = Math.floor(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) / 1000);
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    seconds -= sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return seconds;
}

function operations(ops) {
  if (!Array.isArray(ops) || ops.length === 0) {
    return 'null';
  }
  return '[' + ops.map((op) => {
    let s = `{"module":${goString(op.module ?? '')},"parameters":${goJson(op.parameters ?? null)}`;
    if (op.is_compressed === true) {
      s += ',"is_compressed":true';
    }
    if (op.want_compressed === true) {
      s += ',"want_compressed":true';
    }
    return s + '}';
  }).join(',') + ']';
}

/** Go's encoding/json of a generic value: keys sorted by UTF-8 bytes, HTML-safe escapes, float64 numbers. */
export function goJson(value) {
  if (value === null || value === undefined) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return goString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return goFloat(value);
    case 'object':
      if (Array.isArray(value)) {
        return '[' + value.map(goJson).join(',') + ']';
      }
      return '{' + Object.keys(value).sort(compareUtf8)
        .map((k) => goString(k) + ':' + goJson(value[k])).join(',') + '}';
    default:
      throw new Error(`cannot encode a ${typeof value} as JSON`);
  }
}

const encoder = new TextEncoder();

function compareUtf8(a, b) {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) {
      return x[i] - y[i];
    }
  }
  return x.length - y.length;
}

/** A string literal as Go writes it: <, >, &, U+2028, U+2029 and controls as \u escapes; lone surrogates as U+FFFD. */
export function goString(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      out += '\\"';
    } else if (c === 0x5c) {
      out += '\\\\';
    } else if (c === 0x0a) {
      out += '\\n';
    } else if (c === 0x0d) {
      out += '\\r';
    } else if (c === 0x09) {
      out += '\\t';
    } else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length
      && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '\ufffd';
    } else {
      out += s[i];
    }
  }
  return out + '"';
}

/** A float64 as Go prints it; ECMAScript prints the same shortest round-trip digits and exponent form; only -0 differs. */
export function goFloat(n) {
  if (!Number.isFinite(n)) {
    throw new Error(`JSON cannot hold ${n}`);
  }
  if (Object.is(n, -0)) {
    return '-0';
  }
  return String(n);
}
