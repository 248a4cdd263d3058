// The series the console builds for a standing order, against the windows investigator-cli's Series builds for
// the same inputs (test/fixtures/series.json, which the CLI's SeriesFixtureTest checks too), each run signed over
// its own window; and what the order pages show of an order.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as openpgp from 'openpgp';
import { signedString } from '../src/lib/canonical.js';
import { buildAction } from '../src/lib/launch.js';
import { signText } from '../src/lib/pgp.js';
import { durationText, everyText, longestRunMs, moduleOf, nextRun, ordersOf, plan, rfc3339, runsDone,
  scheduleDurationMs, seriesJson, signedSeries, skewMs, startMs, windows } from '../src/lib/schedule.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/series.json', import.meta.url), 'utf8'));

function windowsOf(c) {
  const everyMs = scheduleDurationMs(c.every, '-every');
  return windows(plan({ startMs: Date.parse(c.start), everyMs, spanMs: scheduleDurationMs(c.for, '-for'),
    perRunMs: c.e === undefined ? undefined : scheduleDurationMs(c.e, '-e') }));
}

test('every case of the fixture gives the CLI\'s run IDs and windows, or its refusal word for word', () => {
  assert.ok(fixture.cases.length >= 8);
  let runs = 0;
  for (const c of fixture.cases) {
    if (c.error !== undefined) {
      assert.throws(() => windowsOf(c), (e) => e.message === c.error, `${c.every} ${c.for}`);
    } else {
      assert.deepEqual(windowsOf(c), c.runs, `${c.every} ${c.for}`);
      runs += c.runs.length;
    }
  }
  assert.ok(runs > 100, 'the fixture holds windows to compare');
});

test('durations: Go\'s units and whole days, whole seconds only, refusals name the flag', () => {
  assert.equal(scheduleDurationMs('7d', '-for'), 7 * 86400000);
  assert.equal(scheduleDurationMs('1h30m', '-every'), 5400000);
  assert.equal(scheduleDurationMs('1.5h', '-every'), 5400000);
  assert.equal(scheduleDurationMs('2500ms2.5s', '-every'), 5000);
  assert.throws(() => scheduleDurationMs('1500ms', '-every'), /-every '1500ms': the console takes whole seconds/);
  assert.throws(() => scheduleDurationMs('1w', '-for'), /invalid -for '1w'/);
  assert.throws(() => scheduleDurationMs('-1h', '-for'), /invalid -for/);
  assert.throws(() => scheduleDurationMs('', '-every'), /invalid -every ''/);
  assert.equal(skewMs(10000), 2500);
  assert.equal(skewMs(3600000), 60000);
  assert.equal(longestRunMs(60000), 45000);
  assert.throws(() => plan({ startMs: 0, everyMs: 0, spanMs: 1000 }), /-every must be at least 1s/);
  assert.throws(() => plan({ startMs: 0, everyMs: 1000, spanMs: 0 }), /-for must be a positive duration/);
  assert.equal(rfc3339(Date.parse('2026-03-01T10:00:07.500Z')), '2026-03-01T10:00:07.5Z');
  assert.equal(rfc3339(Date.parse('2026-03-01T10:00:07Z')), '2026-03-01T10:00:07Z');
  assert.equal(startMs('', Date.parse('2026-03-01T10:00:07.900Z')), Date.parse('2026-03-01T10:00:07Z'));
  assert.equal(startMs('2026-03-01T12:00:00+02:00'), Date.parse('2026-03-01T10:00:00Z'));
  assert.throws(() => startMs('tomorrow'), /invalid -start 'tomorrow' \(RFC 3339, e.g. 2026-03-01T10:00:00Z\)/);
  assert.throws(() => startMs('2026-03-01 10:00:00'), /invalid -start/);
});

test('each run of a series is signed over its own window; the series JSON is what the API takes', async () => {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'ed25519Legacy',
    userIDs: [{ name: 'tester' }], format: 'object' });
  const base = buildAction({ name: 'file -path /etc', target: 'true', module: 'file',
    parameters: { searches: { s1: { paths: ['/etc'] } } }, expirySeconds: 300 });
  const p = plan({ startMs: Date.parse('2026-03-01T10:00:00Z'), everyMs: 10000, spanMs: 20000, perRunMs: 7000 });
  const seen = [];
  const series = await signedSeries(base, p, (t) => signText(t, privateKey), (done, total) => seen.push(`${done}/${total}`));
  assert.deepEqual(seen, ['1/2', '2/2']);
  assert.deepEqual(series.map((a) => [a.id, a.validfrom, a.expireafter]),
    fixture.cases[1].runs.map((r) => [r.id, r.validfrom, r.expireafter]));
  for (const a of series) {
    assert.equal(a.pgpsignatures.length, 1);
    const sig = await openpgp.readSignature({ binarySignature: Buffer.from(a.pgpsignatures[0].split('=')[0], 'base64') });
    const message = await openpgp.createMessage({ binary: new TextEncoder().encode(signedString(a)) });
    const { signatures } = await openpgp.verify({ message, signature: sig, verificationKeys: publicKey });
    await signatures[0].verified;
    assert.deepEqual(a.operations, base.operations);
  }
  assert.notEqual(signedString(series[0]), signedString(series[1]), 'the windows are signed');
  const posted = JSON.parse(seriesJson('every 10s', series));
  assert.deepEqual(Object.keys(posted), ['name', 'actions']);
  assert.equal(posted.actions.length, 2);
});

test('an order as the pages show it: runs done of all, the next waiting run, the period, the module', () => {
  const order = { id: 7, name: 'file -path /etc', status: 'active', runs: [
    { index: 0, actionid: 11, validfrom: '2026-03-01T09:59:00Z', expireafter: '2026-03-01T10:59:00Z', status: 'launched' },
    { index: 1, actionid: 12, validfrom: '2026-03-01T10:59:00Z', expireafter: '2026-03-01T11:59:00Z', status: 'missed' },
    { index: 2, actionid: 13, validfrom: '2026-03-01T11:59:00Z', expireafter: '2026-03-01T12:59:00Z', status: 'waiting' },
  ] };
  const answer = { collection: { items: [{ href: '/api/v1/schedule?id=7', data: [{ name: 'standing order', value: order }] }] } };
  assert.deepEqual(ordersOf(answer), [order]);
  assert.deepEqual(ordersOf({ collection: { items: [] } }), []);
  assert.equal(runsDone(order), '1/3');
  assert.equal(nextRun(order).index, 2);
  assert.equal(nextRun({ ...order, status: 'cancelled' }), null);
  assert.equal(everyText(order), '1h');
  assert.equal(durationText(90061000), '1d1h1m1s');
  assert.equal(moduleOf(order), 'file');
});
