// The canonical string built in the browser equals MIG's for every signed action of the mig-wire fixtures,
// byte for byte (read in place from ../shared/fixtures next to the repository).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { goFloat, goJson, goString, signedString, unixSeconds } from '../src/lib/canonical.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const signed = join(repo, '..', 'shared', 'fixtures', 'mig-wire', 'signed');
const required = process.env.GATOR_FIXTURES_REQUIRED === 'true';

test('the mig-wire signed fixtures are present when required', () => {
  if (required) {
    assert.ok(existsSync(signed), `${signed} is missing`);
  }
});

const cases = existsSync(signed)
  ? readdirSync(signed).filter((f) => f.endsWith('.canonical.txt')).map((f) => f.replace('.canonical.txt', ''))
  : [];

test('every signed fixture has its canonical string', { skip: cases.length === 0 && 'fixtures absent' }, () => {
  assert.ok(cases.length >= 3, `only ${cases.length} signed fixtures found`);
});

for (const name of cases) {
  test(`the signed string of ${name} equals MIG's byte for byte`, () => {
    const action = JSON.parse(readFileSync(join(signed, `${name}.json`), 'utf8'));
    const expected = readFileSync(join(signed, `${name}.canonical.txt`));
    assert.deepEqual(Buffer.from(signedString(action), 'utf8'), expected);
  });
}

test('a changed parameter changes the signed string', { skip: cases.length === 0 && 'fixtures absent' }, () => {
  const action = JSON.parse(readFileSync(join(signed, 'file-hostname.json'), 'utf8'));
  const before = signedString(action);
  action.operations[0].parameters.searches = { s2: {} };
  assert.notEqual(signedString(action), before);
});

test('Go escapes HTML characters, line separators and controls, keeps other text raw', () => {
  assert.equal(goString('<a>&\u2028\u2029\u0001é\n\t"\\'), '"\\u003ca\\u003e\\u0026\\u2028\\u2029\\u0001é\\n\\t\\"\\\\"');
  assert.equal(goString('\ud800x'), '"\ufffdx"');
  assert.equal(goString('😀'), '"😀"');
});

test('Go sorts object keys by UTF-8 bytes, not UTF-16 units', () => {
  // UTF-16 puts U+1F600 (0xD83D..) before U+FF5E; UTF-8 (F0.. vs EF..) puts it after, as Go does.
  assert.equal(goJson({ b: 1, a: [true, null], '\uff5e': 0, '😀': 0 }), '{"a":[true,null],"b":1,"～":0,"😀":0}');
});

test('numbers print as Go float64s', () => {
  assert.equal(goFloat(1000), '1000');
  assert.equal(goFloat(0.5), '0.5');
  assert.equal(goFloat(1e21), '1e+21');
  assert.equal(goFloat(1e-7), '1e-7');
  assert.equal(goFloat(-0), '-0');
  assert.throws(() => goFloat(NaN));
});

test('times become Unix seconds rounded down, offsets applied', () => {
  assert.equal(unixSeconds('2026-11-23T07:09:24.878923038Z'), 1795417764);
  assert.equal(unixSeconds('2026-11-23T08:09:24+01:00'), 1795417764);
  assert.throws(() => unixSeconds('yesterday'));
});

test('an action without operations signs "null" as Go marshals an empty slice field', () => {
  assert.equal(signedString({ name: 'n', target: 't', validfrom: '1970-01-01T00:00:10Z',
    expireafter: '1970-01-01T00:00:20Z', operations: [] }),
  'name=n;target=t;validfrom=10;expireafter=%!s(int64=20);operations=null;');
});

test('OpenPGP.js is installed for signing in the browser', async () => {
  const openpgp = await import('openpgp');
  assert.equal(typeof openpgp.sign, 'function');
  assert.equal(typeof openpgp.createMessage, 'function');
});
