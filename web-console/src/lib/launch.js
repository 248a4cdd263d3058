// Pure parts of the launch page: a module's form from its definition (GET /api/v1/modules), the values the
// form holds as the API's POST /api/v1/modules/parameters takes them, and the unsigned action as the CLI builds it.
import { signedString } from './canonical.js';

/**
 * Largest file the browser sends for a module's client file flag (scribe -path, yara -rules), in bytes: the API
 * refuses larger ones (its text lands in the parameters, bounded by gator.api.max-text-length).
 */
export const CLIENT_FILE_MAX_BYTES = 262144;

/**
 * The inputs of a module's form: one per flag, with the input type each kind takes; the flag naming a file on
 * the investigator's machine (`definition.clientfile`) a file input, whose content the browser reads and sends.
 */
export function formFields(definition) {
  return (definition.flags ?? []).map((f) => ({
    name: f.name,
    input: f.name === definition.clientfile ? 'file'
      : f.kind === 'switch' ? 'checkbox' : f.kind === 'repeated' ? 'textarea' : 'text',
    label: f.names.join(', ') + (f.kind === 'switch' ? '' : ` <${f.label}>`),
    placeholder: f.kind === 'value' ? f.default : f.kind === 'repeated' ? 'one value per line' : '',
    help: f.repeatable && !/repeatable/.test(f.description)
      ? `${f.description} (repeatable: one value per line)`.trim() : f.description,
  }));
}

/**
 * Values by flag name from what the inputs hold (raw: flag name -> string or boolean): switches only when on,
 * a value only when typed (else the module's default applies, as on the command line), repeated flags as
 * the non-empty lines.
 */
export function flagValues(definition, raw) {
  const values = {};
  for (const f of definition.flags ?? []) {
    const v = raw[f.name];
    if (f.kind === 'switch') {
      if (v === true) {
        values[f.name] = true;
      }
    } else if (f.kind === 'repeated') {
      const lines = String(v ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
      if (lines.length > 0) {
        values[f.name] = lines;
      }
    } else if (typeof v === 'string' && v.trim() !== '') {
      values[f.name] = v.trim();
    }
  }
  return values;
}

/** Why a chosen client file cannot be sent (none chosen, too large), or null when it can. */
export function clientFileProblem(definition, file) {
  if (!file) {
    return `choose the file for ${definition.clientfile}`;
  }
  if (file.size > CLIENT_FILE_MAX_BYTES) {
    return `${file.name} is ${file.size} bytes, larger than the limit of ${CLIENT_FILE_MAX_BYTES} bytes`;
  }
  return null;
}

/** The name the CLI gives an action launched without -n: the module and its flags. */
export function defaultName(module, values) {
  const argv = [module];
  for (const [flag, v] of Object.entries(values)) {
    if (v === true) {
      argv.push(flag);
    } else {
      for (const x of [v].flat()) {
        argv.push(flag, x);
      }
    }
  }
  return argv.join(' ');
}

/**
 * The unsigned action, as `mig` builds and signs it: valid from 60 s ago (clock skew), for `expirySeconds`
 * plus those 60 s; times to the second so the JSON shows exactly the Unix times that are signed.
 */
export function buildAction({ name, target, module, parameters, operations, expirySeconds, now = new Date() }) {
  const from = Math.floor(now.getTime() / 1000) - 60;
  const iso = (s) => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    id: 0,
    name,
    target,
    description: {},
    threat: {},
    validfrom: iso(from),
    expireafter: iso(from + expirySeconds + 60),
    operations: operations ?? [{ module, parameters }],
    pgpsignatures: [],
    syntaxversion: 2,
  };
}

/** Go's time.ParseDuration for what the CLI's -e takes (e.g. 1h30m, 10m, 300s), in whole seconds. */
export function durationSeconds(text) {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(String(text).trim());
  if (!m || String(text).trim() === '' || (!m[1] && !m[2] && !m[3])) {
    throw new Error(`invalid expiration '${text}': use e.g. 1h, 30m, 1h30m, 300s`);
  }
  const s = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  if (s <= 0) {
    throw new Error('the expiration must be positive');
  }
  return s;
}

/** The action with one more signature over its canonical string, made by `sign(text)`. */
export async function signAction(action, sign) {
  const signature = await sign(signedString(action));
  return { ...action, pgpsignatures: [...(action.pgpsignatures ?? []), signature] };
}

/**
 * The flag values a default action name (as `defaultName` makes it: the module and its flags) stands for, or
 * null when the name is not one. The launch page keeps them only when the API turns them back into the same
 * parameters, so a value with a space, or a custom name, never prefills a form that would sign something else.
 */
export function flagsFromName(definition, name) {
  const words = String(name).split(' ');
  if (words.shift() !== definition.name) {
    return null;
  }
  const byName = new Map((definition.flags ?? []).map((f) => [f.name, f]));
  const values = {};
  while (words.length > 0) {
    const f = byName.get(words.shift());
    if (!f) {
      return null;
    }
    if (f.kind === 'switch') {
      values[f.name] = true;
    } else if (words.length === 0) {
      return null;
    } else if (f.kind === 'repeated') {
      (values[f.name] ??= []).push(words.shift());
    } else {
      values[f.name] = words.shift();
    }
  }
  return values;
}

/** What the form inputs hold for flag values (the inverse of `flagValues`): strings, lines or booleans. */
export function formInputs(definition, values) {
  const raw = {};
  for (const f of definition.flags ?? []) {
    if (f.name in values) {
      raw[f.name] = f.kind === 'switch' ? values[f.name] === true : [values[f.name]].flat().join('\n');
    }
  }
  return raw;
}

/** Whether two JSON values are the same (object keys in any order). */
export function sameJson(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return a === b;
}
