// The flat rows, CSV and JSON lines built in the browser equal `mig action results -render csv|json`
// (investigator-cli ActionResults, pinned by its ActionResultsTest on the same sample), grouping counts agents
// per value, and journal lines read as `mig action events` prints them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cell, csv, eventLine, found, groupBy, jsonLine, jsonLines, rows } from '../src/lib/results.js';

const T = '2026-01-02T03:04:05Z';
const ACTION = { id: 42, name: 'hunt', operations: [{ module: 'custom', parameters: {} }] };

function command(id, agent, status, results) {
  return { id, action: ACTION, agent: { id: 100 + id, name: agent }, status, results, starttime: T, finishtime: T };
}

/** web1 found two elements, web2 nothing, web3 timed out (ActionResultsTest's sample). */
const SAMPLE = [
  command(1, 'web1', 'success', [{ foundanything: true, success: true,
    elements: { '/etc/passwd': { size: 10, mode: { octal: '644' } }, '/etc/a,b': { size: 3 } }, statistics: null, errors: null }]),
  command(2, 'web2', 'success', [{ foundanything: false, success: true, elements: {}, statistics: null, errors: null }]),
  command(3, 'web3', 'timeout', []),
];

test('the CSV equals the CLI\'s rendering of the same commands, byte for byte', () => {
  assert.equal(csv(SAMPLE.flatMap((c) => rows(c, 'all'))),
    'agent,agentid,commandid,status,module,found,element,size,mode.octal\n'
    + 'web1,101,1,success,custom,true,/etc/passwd,10,644\n'
    + 'web1,101,1,success,custom,true,"/etc/a,b",3,\n'
    + 'web2,102,2,success,custom,false,,,\n'
    + 'web3,103,3,timeout,,false,,,\n');
});

test('JSON lines keep the CLI\'s field order and show found rows only when asked', () => {
  const lines = jsonLines(SAMPLE.flatMap((c) => rows(c, 'found'))).split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[0], '{"agent":"web1","agentid":101,"commandid":1,"status":"success","module":"custom",'
    + '"found":true,"element":"/etc/passwd","size":10,"mode.octal":"644"}');
  assert.equal(lines[2], '');
});

test('found and notfound split the agents as the CLI does', () => {
  assert.deepEqual(SAMPLE.filter(found).map((c) => c.agent.name), ['web1']);
  assert.deepEqual(SAMPLE.flatMap((c) => rows(c, 'notfound')).map((r) => r.get('agent')), ['web2', 'web3']);
});

test('a flattened name taken by a fixed column gets "value." before it, arrays stay JSON', () => {
  const c = command(9, 'h', 'success', [{ foundanything: true, elements: [{ status: 'x', one: 'one', a: [1, 2] }] }]);
  const [r] = rows(c);
  assert.deepEqual([...r.keys()].slice(7), ['value.status', 'one', 'a']);
  assert.equal(r.get('value.status'), 'x');
  assert.equal(csv([r]).split('\n')[1], 'h,109,9,success,custom,true,0,x,one,"[1,2]"');
});

test('cells are quoted only for commas, quotes and line breaks; controls are escaped as Jackson does', () => {
  assert.equal(cell('a"b'), '"a""b"');
  assert.equal(cell('a\nb'), '"a\nb"');
  assert.equal(cell('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  assert.equal(jsonLine(new Map([['v', 'a\u0001\t"\\']])), '{"v":"a\\u0001\\t\\"\\\\"}');
});

test('grouping counts agents per value, most frequent first', () => {
  const pkg = (id, name, version) => command(id, name, 'success', [{ foundanything: true,
    elements: { packages: [{ name: 'openssl', version, type: 'dpkg' }] } }]);
  const all = [pkg(1, 'a', '3.0.19'), pkg(2, 'b', '3.0.19'), pkg(3, 'c', '1.1.1'), pkg(4, 'd', '3.0.19')]
    .flatMap((c) => rows(c));
  const byElement = groupBy(all, 'element');
  assert.deepEqual(byElement, [{ value: 'packages', rows: 4, agents: 4 }]);
  // packages is an array: kept as JSON in one column, so group on the JSON text
  const groups = groupBy(all, 'value');
  assert.equal(groups[0].agents, 3);
  assert.ok(groups[0].value.includes('"3.0.19"'), groups[0].value);
  assert.equal(groups[1].agents, 1);
});

test('a journal event reads as one line, lists counted, objects by id, long values cut', () => {
  const line = eventLine({ sequencenr: 3, timestamp: '2026-12-02T10:00:00Z', type: 'ActionCancelled',
    event: { by: 'alice smith', byid: 2, action: { id: 7, name: 'x' }, agents: [1, 2], note: null, long: 'x'.repeat(70) } });
  assert.equal(line, `    3 2026-12-02T10:00:00Z ActionCancelled    by='alice smith' byid=2 action=#7 agents=2 items long=${'x'.repeat(60)}...`);
});

const amqp = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'fixtures', 'mig-wire', 'amqp');

for (const name of ['01-file-name', '03-netstat-listening-port', '05-pkg']) {
  const file = join(amqp, `${name}.result.json`);
  test(`MIG's ${name} result flattens to one row per element`, { skip: !existsSync(file) && 'fixtures absent' }, () => {
    const c = JSON.parse(readFileSync(file, 'utf8'));
    const r = rows(c);
    assert.ok(r.length >= 1);
    for (const row of r) {
      assert.equal(row.get('agent'), c.agent.name);
      assert.equal(row.get('module'), c.action.operations[0].module);
      assert.equal(row.get('found'), c.results[0].foundanything);
    }
    const lines = csv(r).trimEnd().split('\n');
    assert.equal(lines.length, r.length + 1);
  });
}
