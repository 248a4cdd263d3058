// Co-signing in the browser: the string signed is the API's canonical string only when it equals the one
// rebuilt from the action shown (as `mig cosign sign`); weights and signers as listed; the launch page tells
// an action held as awaiting signatures from a created one.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { signedString } from '../src/lib/canonical.js';
import { checkedCanonical, createdAction, signersText, weightsText } from '../src/lib/cosign.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = join(repo, '..', 'shared', 'fixtures', 'mig-wire', 'signed', 'file-hostname');
const present = existsSync(`${fixture}.json`);

test('the API\'s canonical string is signed when it equals the one rebuilt from the action', { skip: !present && 'fixtures absent' }, () => {
  const action = JSON.parse(readFileSync(`${fixture}.json`, 'utf8'));
  const canonical = readFileSync(`${fixture}.canonical.txt`, 'utf8');
  assert.equal(checkedCanonical({ id: 7, action, canonical }), canonical);
});

test('signing is refused when the API\'s canonical string differs from the action shown', () => {
  const action = { id: 7, name: 'n', target: "status='online'", validfrom: '2026-12-02T10:00:00Z',
    expireafter: '2026-12-02T11:00:00Z', operations: [{ module: 'file', parameters: { searches: {} } }],
    pgpsignatures: [], syntaxversion: 2 };
  const canonical = signedString(action);
  assert.equal(checkedCanonical({ id: 7, action, canonical }), canonical);
  const other = { ...action, target: 'true' };
  assert.throws(() => checkedCanonical({ id: 7, action: other, canonical }), /refusing to sign action 7.*differs/);
  assert.throws(() => checkedCanonical({ id: 7, action }), /no action or canonical string/);
});

test('weights per module and signers read as the CLI lists them', () => {
  const p = { weights: [{ module: 'memory', collected: 1, needed: 2 }, { module: 'file', collected: 1, needed: 1 }],
    signers: [{ name: 'alice' }, { name: 'bob' }] };
  assert.equal(weightsText(p), 'memory 1/2, file 1/1');
  assert.equal(signersText(p), 'alice, bob');
  assert.equal(weightsText({}), '');
});

test('a 202 with a cosign entry is an action awaiting signatures, else a created action', () => {
  const pending = { id: 42, status: 'awaiting signatures' };
  const held = { collection: { items: [{ data: [{ name: 'action ID 42', value: { id: 42, status: 'awaiting signatures' } },
    { name: 'cosign', value: pending }] }] } };
  assert.deepEqual(createdAction(held), { id: 42, cosign: pending });
  const created = { collection: { items: [{ data: [{ name: 'action ID 43', value: { id: 43 } }] }] } };
  assert.deepEqual(createdAction(created), { id: 43 });
});
