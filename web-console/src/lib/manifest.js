// MIG's manifests in the browser: the tar.gz of the files loaders install, built here from files the
// investigator picks (or taken as uploaded), read back to list each file's SHA-256, and the exact string each
// investigator signs: Go's compact JSON of {"loader_name":"","entries":[{name,sha256}...],"signatures":[]}.
// Hashes are of whole files, as Gator's API computes them (MIG's API cut files to 4 KiB blocks).
import { goString } from './canonical.js';

/** The files a manifest may hold, by MIG's bundle names (mig-loader's dictionary). */
export const BUNDLE = ['mig-agent', 'mig-loader', 'configuration', 'agentcert', 'agentkey', 'cacert', 'loaderconfig'];

/** Most bytes an archive may hold: the archive goes base64 (4/3) into Gator's 64 MiB body limit. */
export const MAX_ARCHIVE_BYTES = 47 * 1024 * 1024;
const MAX_FILES = 64;

/** The string signed for these entries ([{ name, sha256 }] in archive order): no loader name, no signatures. */
export function signedString(entries) {
  const list = entries.length === 0 ? 'null'
    : `[${entries.map((e) => `{"name":${goString(e.name)},"sha256":${goString(e.sha256)}}`).join(',')}]`;
  return `{"loader_name":"","entries":${list},"signatures":[]}`;
}

/** Lower-case hex SHA-256 of bytes. */
export async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** [{ name, sha256 }] of [{ name, content }], in order. */
export async function entriesOf(files) {
  return Promise.all(files.map(async (f) => ({ name: f.name, sha256: await sha256(f.content) })));
}

async function through(stream, bytes) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

const enc = new TextEncoder();

function octal(n, width) {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name, size, mode, mtime) {
  const h = new Uint8Array(512);
  const put = (s, at) => h.set(enc.encode(s), at);
  put(name, 0);
  put(octal(mode, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(mtime, 12), 136);
  put('        ', 148);
  put('0', 156);
  put('ustar\u000000', 257);
  let sum = 0;
  for (const b of h) {
    sum += b;
  }
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/**
 * The tar.gz of [{ name, content: Uint8Array }] (regular files at the top level, mode 0755 for the programs
 * and 0644 otherwise), as `mig manifest create` builds it.
 */
export async function tarGz(files, mtime = Math.floor(Date.now() / 1000)) {
  if (files.length === 0) {
    throw new Error('a manifest needs at least one file');
  }
  const names = new Set();
  const parts = [];
  for (const f of files) {
    if (!f.name || f.name.includes('/') || f.name === '.' || f.name === '..' || enc.encode(f.name).length > 99) {
      throw new Error(`unusable manifest file name '${f.name}'`);
    }
    if (names.has(f.name)) {
      throw new Error(`two manifest files named ${f.name}`);
    }
    names.add(f.name);
    const program = f.name === 'mig-agent' || f.name === 'mig-loader';
    parts.push(header(f.name, f.content.length, program ? 0o755 : 0o644, mtime), f.content,
      new Uint8Array((512 - (f.content.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return through(new CompressionStream('gzip'), new Blob(parts));
}

function text(bytes, at, len) {
  const end = bytes.subarray(at, at + len).indexOf(0);
  return new TextDecoder().decode(bytes.subarray(at, at + (end < 0 ? len : end)));
}

function number(bytes, at, len) {
  const s = text(bytes, at, len).trim();
  if (!/^[0-7]*$/.test(s)) {
    throw new Error('manifest archive: a tar header has a size that is not a number');
  }
  return s === '' ? 0 : parseInt(s, 8);
}

/**
 * The regular files of a tar.gz, in archive order, each named by its base name (as the API reads them); long
 * names from GNU and pax headers; refuses more than 64 files, duplicates and a truncated archive.
 */
export async function readTarGz(gz, maxBytes = MAX_ARCHIVE_BYTES * 4) {
  let tar;
  try {
    tar = await through(new DecompressionStream('gzip'), gz);
  } catch (e) {
    throw new Error(`manifest content is not a readable tar.gz archive: ${e.message}`);
  }
  if (tar.length > maxBytes) {
    throw new Error(`manifest archive holds more than ${maxBytes} bytes`);
  }
  const files = [];
  const names = new Set();
  let longName = null;
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) {
      break;
    }
    const size = number(h, 124, 12);
    const type = String.fromCharCode(h[156] || 48);
    const body = at + 512;
    if (body + size > tar.length) {
      throw new Error('manifest content is not a readable tar.gz archive: truncated');
    }
    const content = tar.slice(body, body + size);
    at = body + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = text(content, 0, content.length);
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(content));
      longName = path ? path[1] : longName;
      continue;
    }
    const prefix = text(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    longName = null;
    if (type !== '0' && type !== '7') {
      continue;
    }
    const base = name.replace(/\/+$/, '').split('/').pop();
    if (!base || base === '.' || base === '..') {
      throw new Error('manifest archive has a file with an unusable name');
    }
    if (names.has(base)) {
      throw new Error(`manifest archive has two files named ${base}`);
    }
    if (files.length === MAX_FILES) {
      throw new Error(`manifest archive has more than ${MAX_FILES} files`);
    }
    names.add(base);
    files.push({ name: base, content });
  }
  if (files.length === 0) {
    throw new Error('manifest archive holds no regular file');
  }
  return files;
}

/** Bytes of base64 text (a record's content). */
export function fromBase64(b64) {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** Base64 of bytes. */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** The entries and signed string of a manifest record (its base64 content read here). */
export async function recordManifest(record) {
  if (!record?.content) {
    throw new Error(`manifest ${record?.id ?? ''} has no content`);
  }
  const entries = await entriesOf(await readTarGz(fromBase64(record.content)));
  return { entries, signed: signedString(entries) };
}
