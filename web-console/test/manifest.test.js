// MIG's manifests in the browser: the signed string of MIG's manifest equals the bytes its investigators signed
// (fixtures' loader/signed-string), archives built here read back whole, MIG's archives read to the SHA-256s of
// their files, and a signature made with openpgp verifies over that string.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';
import { entriesOf, readTarGz, recordManifest, signedString, tarGz, toBase64 } from '../src/lib/manifest.js';
import { signText } from '../src/lib/pgp.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const loader = join(repo, '..', 'shared', 'fixtures', 'mig-wire', 'loader-runner');
const present = existsSync(join(loader, 'loader', 'signed-string', 'manifest2-signed-string.txt'));
const hex = (b) => createHash('sha256').update(b).digest('hex');

test('the signed string of the manifest MIG served is the string its investigators signed', { skip: !present && 'fixtures absent' }, () => {
  const line = readFileSync(join(loader, 'http', 'loader-09-update-v2.txt'), 'utf8').split('\n')
    .find((l) => l.startsWith('{"collection"') && l.includes('"loader_name"'));
  const served = JSON.parse(line).collection.items[0].data[0].value;
  assert.equal(served.loader_name, 'cap2-loader');
  assert.equal(signedString(served.entries),
    readFileSync(join(loader, 'loader', 'signed-string', 'manifest2-signed-string.txt'), 'utf8'));
});

test('MIG\'s archives read to their files whole, in archive order, by base name', { skip: !present && 'fixtures absent' }, async () => {
  for (const v of ['v1', 'v2']) {
    const files = await readTarGz(readFileSync(join(loader, 'loader', 'inputs', `manifest-${v}.tar.gz`)));
    assert.deepEqual(files.map((f) => f.name), ['configuration', 'mig-agent']);
    const entries = await entriesOf(files);
    for (const e of entries) {
      // what GNU tar extracts from the same archive
      const extracted = execFileSync('tar', ['-xzOf', join(loader, 'loader', 'inputs', `manifest-${v}.tar.gz`),
        `${v}/${e.name}`]);
      assert.equal(e.sha256, hex(extracted), `${v}/${e.name}`);
    }
  }
});

test('an archive built here reads back to the same files and the signed string lists them in order', async () => {
  const agent = new Uint8Array(11938).map((_, i) => (i * 31) & 0xff);
  const cfg = new TextEncoder().encode('[agent]\nrelay = "amqp://x"\n');
  const gz = await tarGz([{ name: 'mig-agent', content: agent }, { name: 'configuration', content: cfg }]);
  const back = await readTarGz(gz);
  assert.deepEqual(back.map((f) => f.name), ['mig-agent', 'configuration']);
  assert.deepEqual(back[0].content, agent);
  assert.deepEqual(back[1].content, cfg);
  const { entries, signed } = await recordManifest({ id: 1, content: toBase64(gz) });
  assert.equal(signed, `{"loader_name":"","entries":[{"name":"mig-agent","sha256":"${hex(agent)}"},`
    + `{"name":"configuration","sha256":"${hex(cfg)}"}],"signatures":[]}`);
  assert.equal(entries.length, 2);
});

test('bad archives and names are refused with a reason', async () => {
  await assert.rejects(tarGz([]), /at least one file/);
  const x = new Uint8Array([1]);
  await assert.rejects(tarGz([{ name: 'a', content: x }, { name: 'a', content: x }]), /two manifest files named a/);
  await assert.rejects(tarGz([{ name: '../etc/passwd', content: x }]), /unusable/);
  await assert.rejects(readTarGz(new TextEncoder().encode('not gzip')), /not a readable tar.gz/);
  await assert.rejects(recordManifest({ id: 3 }), /manifest 3 has no content/);
});

test('a signature made with the loaded key verifies over the signed string as a binary document', async () => {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy',
    userIDs: [{ name: 'web', email: 'web@example.net' }], format: 'object' });
  const { signed } = await recordManifest({ id: 1, content: toBase64(await tarGz([{ name: 'configuration',
    content: new Uint8Array([1, 2, 3]) }])) });
  const sig = await signText(signed, privateKey);
  const body = sig.slice(0, sig.lastIndexOf('='));
  const signature = await openpgp.readSignature({ binarySignature: Uint8Array.from(atob(body), (c) => c.charCodeAt(0)) });
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(signed) });
  const { signatures } = await openpgp.verify({ message, signature, verificationKeys: publicKey });
  await signatures[0].verified;
  const other = await openpgp.createMessage({ binary: new TextEncoder().encode(signed + '\n') });
  const bad = await openpgp.verify({ message: other, signature, verificationKeys: publicKey });
  await assert.rejects(bad.signatures[0].verified);
});
