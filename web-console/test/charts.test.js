// The dashboard's grouping: agents by version, OS and tag per status, biggest first with the rest as "other",
// 10,000 agents grouped quickly; actions per UTC day of the last days with failed and expired counted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionsPerDay, agentGroups } from '../src/lib/charts.js';

const agent = (status, version, os, tags = {}) => ({ status, version, environment: { os }, tags });

test('agents group by version, OS and tag, counted per status, biggest first', () => {
  const g = agentGroups([
    agent('online', '20240101', 'linux', { team: 'ops' }),
    agent('idle', '20240101', 'linux', { team: 'ops', env: 'prod' }),
    agent('offline', '20231201', 'windows', { team: 'dev' }),
    agent('destroyed', '', undefined),
  ]);
  assert.deepEqual(g.version, [
    { key: '20240101', total: 2, online: 1, idle: 1 },
    { key: '(none)', total: 1, offline: 1 },
    { key: '20231201', total: 1, offline: 1 },
  ]);
  assert.deepEqual(g.os.map((x) => [x.key, x.total]), [['linux', 2], ['(unknown)', 1], ['windows', 1]]);
  assert.deepEqual(g.tags.map((x) => [x.key, x.total]), [['team=ops', 2], ['env=prod', 1], ['team=dev', 1]]);
});

test('beyond the limit the smallest groups add up as "other"', () => {
  const agents = [];
  for (let v = 0; v < 20; v += 1) {
    for (let n = 0; n <= v; n += 1) {
      agents.push(agent(n % 2 ? 'idle' : 'online', `v${v}`, 'linux'));
    }
  }
  const g = agentGroups(agents, 5);
  assert.equal(g.version.length, 5);
  assert.deepEqual(g.version.slice(0, 4).map((x) => x.key), ['v19', 'v18', 'v17', 'v16']);
  const other = g.version[4];
  assert.equal(other.key, 'other');
  assert.equal(other.total, agents.length - (20 + 19 + 18 + 17));
  assert.equal(other.online + other.idle, other.total);
});

test('10,000 agents group in well under a frame', () => {
  const agents = Array.from({ length: 10000 }, (_, i) =>
    agent(['online', 'idle', 'offline'][i % 3], `v${i % 7}`, i % 4 ? 'linux' : 'darwin', { team: `t${i % 30}` }));
  const start = performance.now();
  const g = agentGroups(agents);
  const ms = performance.now() - start;
  assert.equal(g.version.reduce((n, x) => n + x.total, 0), 10000);
  assert.equal(g.tags.reduce((n, x) => n + x.total, 0), 10000);
  assert.ok(ms < 200, `grouping took ${ms} ms`);
});

test('actions count per UTC day of their start, failed and expired apart, empty days kept', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  const days = actionsPerDay([
    { validfrom: '2026-12-02T09:00:00Z', status: 'completed' },
    { validfrom: '2026-12-02T01:00:00Z', status: 'failed' },
    { validfrom: '2026-11-30T23:59:59Z', status: 'expired' },
    { validfrom: '2026-11-30T00:00:00Z', status: 'inflight' },
    { validfrom: '2026-11-01T00:00:00Z', status: 'completed' },
    { validfrom: 'garbage', status: 'completed' },
  ], now, 3);
  assert.deepEqual(days, [
    { key: '2026-11-30', total: 2, ok: 1, failed: 0, expired: 1 },
    { key: '2026-12-01', total: 0, ok: 0, failed: 0, expired: 0 },
    { key: '2026-12-02', total: 2, ok: 1, failed: 1, expired: 0 },
  ]);
});
