// Relaunching a copy: a default action name gives back its flag values (kept by the page only when the API turns
// them into the same parameters), the form inputs they fill, and a copy keeping the operations as they are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAction, defaultName, flagValues, flagsFromName, formInputs, sameJson } from '../src/lib/launch.js';

const file = {
  name: 'file',
  flags: [
    { name: '-path', kind: 'repeated' },
    { name: '-name', kind: 'repeated' },
    { name: '-maxdepth', kind: 'value' },
    { name: '-matchany', kind: 'switch' },
  ],
};

test('a default name gives back the flag values it was made of', () => {
  const values = { '-path': ['/etc', '/usr'], '-name': ['^passwd$'], '-maxdepth': '3', '-matchany': true };
  const name = defaultName('file', values);
  assert.equal(name, 'file -path /etc -path /usr -name ^passwd$ -maxdepth 3 -matchany');
  assert.deepEqual(flagsFromName(file, name), values);
});

test('a custom name, another module or a flag without its value gives no flags', () => {
  assert.equal(flagsFromName(file, 'find passwd'), null);
  assert.equal(flagsFromName(file, 'pkg -name openssl'), null);
  assert.equal(flagsFromName(file, 'file -path'), null);
  assert.equal(flagsFromName(file, 'file -unknown x'), null);
  assert.deepEqual(flagsFromName(file, 'file'), {});
});

test('form inputs hold the values back as the form reads them', () => {
  const values = { '-path': ['/etc', '/usr'], '-maxdepth': '3', '-matchany': true };
  const raw = formInputs(file, values);
  assert.deepEqual(raw, { '-path': '/etc\n/usr', '-maxdepth': '3', '-matchany': true });
  assert.deepEqual(flagValues(file, raw), values);
});

test('parameters compare as JSON, whatever the key order', () => {
  assert.ok(sameJson({ a: [1, { b: 'x', c: null }] }, { a: [1, { c: null, b: 'x' }] }));
  assert.ok(!sameJson({ a: [1, 2] }, { a: [2, 1] }));
  assert.ok(!sameJson({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!sameJson({ a: '1' }, { a: 1 }));
});

test('a copy keeps the operations as they are, unsigned, in a new validity window', () => {
  const operations = [{ module: 'file', parameters: { searches: { s1: { paths: ['/etc'] } } } },
    { module: 'timedrift', parameters: {} }];
  const now = new Date('2026-12-02T10:00:00Z');
  const copy = buildAction({ name: 'two', target: 'true', operations, expirySeconds: 600, now });
  assert.deepEqual(copy.operations, operations);
  assert.deepEqual(copy.pgpsignatures, []);
  assert.equal(copy.validfrom, '2026-12-02T09:59:00Z');
  assert.equal(copy.expireafter, '2026-12-02T10:10:00Z');
});
