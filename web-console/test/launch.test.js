// The launch form from a module definition, the action JSON it builds, and signing in the browser with
// OpenPGP.js: a key generated here signs an action and a token; the signatures verify over MIG's canonical string.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as openpgp from 'openpgp';
import { signedString } from '../src/lib/canonical.js';
import { CLIENT_FILE_MAX_BYTES, buildAction, clientFileProblem, defaultName, durationSeconds, flagValues, formFields, signAction } from '../src/lib/launch.js';
import { authToken, crc24, dearmored, forgetKey, keyInfo, loadKey, signText } from '../src/lib/pgp.js';

const file = {
  name: 'file',
  flags: [
    { name: '-path', names: ['-path'], kind: 'repeated', repeatable: true, label: 'paths', default: '', description: 'search path' },
    { name: '-maxdepth', names: ['-maxdepth'], kind: 'value', repeatable: false, label: 'maxDepth', default: '1000', description: '' },
    { name: '-matchany', names: ['-matchany'], kind: 'switch', repeatable: false, label: '', default: '', description: 'any filter may match' },
  ],
};

test('each flag kind gets its input: repeated a textarea, value a text field with its default, switch a checkbox', () => {
  const f = formFields(file);
  assert.deepEqual(f.map((x) => x.input), ['textarea', 'text', 'checkbox']);
  assert.equal(f[0].label, '-path <paths>');
  assert.equal(f[1].placeholder, '1000');
  assert.match(f[0].help, /repeatable/);
});

const yara = {
  name: 'yara',
  clientfile: '-rules',
  flags: [
    { name: '-rules', names: ['-rules'], kind: 'value', repeatable: false, label: 'string', default: '', description: 'see help' },
    { name: '-files', names: ['-files'], kind: 'value', repeatable: false, label: 'string', default: '', description: 'see help' },
  ],
};

test('the flag naming a file on the investigator\'s machine is a file input, its file checked before it is read', () => {
  assert.deepEqual(formFields(yara).map((x) => x.input), ['file', 'text']);
  assert.deepEqual(flagValues(yara, { '-rules': 'two-rules.yar', '-files': '-path /bin' }),
    { '-rules': 'two-rules.yar', '-files': '-path /bin' });
  assert.match(clientFileProblem(yara, undefined), /choose the file for -rules/);
  assert.match(clientFileProblem(yara, { name: 'big.yar', size: CLIENT_FILE_MAX_BYTES + 1 }), /larger than the limit/);
  assert.equal(clientFileProblem(yara, { name: 'ok.yar', size: CLIENT_FILE_MAX_BYTES }), null);
});

test('form values: lines of a repeated flag, typed values only, switches only when on', () => {
  assert.deepEqual(flagValues(file, { '-path': '/etc\n\n /usr \n', '-maxdepth': ' ', '-matchany': false }),
    { '-path': ['/etc', '/usr'] });
  assert.deepEqual(flagValues(file, { '-path': '/', '-maxdepth': '3', '-matchany': true }),
    { '-path': ['/'], '-maxdepth': '3', '-matchany': true });
  assert.equal(defaultName('file', { '-path': ['/etc', '/usr'], '-matchany': true }), 'file -path /etc -path /usr -matchany');
});

test('the action is valid from 60 s ago until the expiry plus 60 s, to the second, unsigned', () => {
  const a = buildAction({ name: 'n', target: "status='online'", module: 'file', parameters: { searches: {} },
    expirySeconds: 3600, now: new Date('2026-12-02T10:00:00.750Z') });
  assert.equal(a.validfrom, '2026-12-02T09:59:00Z');
  assert.equal(a.expireafter, '2026-12-02T11:00:00Z');
  assert.deepEqual(a.operations, [{ module: 'file', parameters: { searches: {} } }]);
  assert.deepEqual(a.pgpsignatures, []);
  assert.equal(a.syntaxversion, 2, 'the API refuses other syntax versions');
  assert.equal(signedString(a), "name=n;target=status='online';validfrom=1796205540;expireafter=%!s(int64=1796209200);"
    + 'operations=[{"module":"file","parameters":{"searches":{}}}];');
});

test('expiry durations as the CLI -e takes them', () => {
  assert.equal(durationSeconds('1h30m'), 5400);
  assert.equal(durationSeconds('300s'), 300);
  assert.throws(() => durationSeconds('soon'), /invalid expiration/);
  assert.throws(() => durationSeconds(''), /invalid expiration/);
});

test('CRC24 and the de-armored form as MIG writes them', () => {
  assert.equal(crc24(new Uint8Array()), 0xb704ce);
  assert.equal(dearmored(Uint8Array.of(1, 2, 3)), 'AQID=' + Buffer.from([(crc24(Uint8Array.of(1, 2, 3)) >> 16) & 255,
    (crc24(Uint8Array.of(1, 2, 3)) >> 8) & 255, crc24(Uint8Array.of(1, 2, 3)) & 255]).toString('base64'));
});

async function verify(text, deArmored, publicKey) {
  const eq = deArmored.lastIndexOf('=');
  const binarySignature = Buffer.from(deArmored.slice(0, eq), 'base64');
  const signature = await openpgp.readSignature({ binarySignature });
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
  const { signatures } = await openpgp.verify({ message, signature, verificationKeys: publicKey });
  await signatures[0].verified;
  return signature;
}

test('an action signed in the browser verifies over its canonical string, and not over another', async () => {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048,
    userIDs: [{ name: 'tester', email: 'tester@example.net' }], passphrase: 'secret', format: 'armored' });
  await assert.rejects(loadKey(privateKey), /passphrase/);
  await assert.rejects(loadKey(privateKey, 'wrong'), /wrong passphrase/);
  const info = await loadKey(privateKey, 'secret');
  const pub = await openpgp.readKey({ armoredKey: publicKey });
  assert.equal(info.fingerprint, pub.getFingerprint().toUpperCase());

  const action = buildAction({ name: 'file -path /etc', target: "status='online'", module: 'file',
    parameters: { searches: { s1: { paths: ['/etc'] } } }, expirySeconds: 600 });
  const signed = await signAction(action, (t) => signText(t));
  assert.equal(signed.pgpsignatures.length, 1);
  const sig = await verify(signedString(signed), signed.pgpsignatures[0], pub);
  assert.equal(sig.packets[0].version, 4, 'the API accepts v4 signatures only');
  assert.equal(sig.packets[0].signatureType, openpgp.enums.signature.binary);
  await assert.rejects(verify(signedString({ ...signed, target: 'true' }), signed.pgpsignatures[0], pub));

  const token = await authToken(new Date('2026-12-02T10:00:00.123Z'), '42');
  const parts = token.split(';');
  assert.deepEqual(parts.slice(0, 3), ['1', '2026-12-02T10:00:00Z', '42']);
  await verify('1;2026-12-02T10:00:00Z;42\n', parts[3], pub);

  forgetKey();
  assert.equal(keyInfo(), null);
  await assert.rejects(signText('x'), /no secret key/);
});
