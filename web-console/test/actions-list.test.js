// The actions list's filters: read from the URL's query with defaults, turned into MIG's search parameters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countersText, filters, PAGE_SIZE, searchParams } from '../src/pages/actions.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');

test('an empty query lists every status of the last 7 days, first page', () => {
  assert.deepEqual(filters(''), { status: '', investigator: '', name: '', window: '7d', page: 1 });
  assert.deepEqual(searchParams(filters(''), NOW), { type: 'action', limit: String(PAGE_SIZE + 1), offset: '0',
    after: '2026-11-25T12:00:00Z', before: '2027-12-03T12:00:00Z' });
});

test('words match anywhere in names, MIG wildcards are kept, pages become offsets', () => {
  const p = searchParams(filters('?status=completed&investigator=ali&name=file%25passwd&window=all&page=3'), NOW);
  assert.equal(p.status, 'completed');
  assert.equal(p.investigatorname, '%ali%');
  assert.equal(p.actionname, 'file%passwd');
  assert.equal(p.after, '1970-01-01T00:00:00Z');
  assert.equal(p.offset, String(2 * PAGE_SIZE));
});

test('unknown statuses, windows and pages fall back to the defaults', () => {
  assert.deepEqual(filters('?status=<b>&window=1y&page=-4'), { status: '', investigator: '', name: '', window: '7d', page: 1 });
});

test('counters show the non-zero ones', () => {
  assert.equal(countersText({ sent: 3, done: 2, inflight: 1, success: 2, failed: 0 }), 'sent 3, done 2, inflight 1, success 2');
  assert.equal(countersText(undefined), '');
});
