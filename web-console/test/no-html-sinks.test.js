// Pages render data only as text: no source file may use an API that parses HTML or evaluates strings.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|eval|new Function|setHTMLUnsafe|parseHTMLUnsafe)\b/;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []);
}

test('no console source uses an HTML-parsing or string-evaluating API', () => {
  const found = files(src).filter((f) => SINKS.test(readFileSync(f, 'utf8')));
  assert.deepEqual(found, []);
  assert.ok(files(src).length >= 5, 'the sources were found');
});

test('the pattern catches what it must', () => {
  assert.ok(SINKS.test('node.innerHTML = name'));
  assert.ok(SINKS.test('el.insertAdjacentHTML("beforeend", x)'));
  assert.ok(!SINKS.test('node.textContent = name'));
});
