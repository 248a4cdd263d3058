// Bundles src/main.js and src/console.css into content-hashed files under <out>/assets/ and writes
// <out>/index.html naming them: the API serves hashed assets as immutable and index.html as no-cache.
import * as esbuild from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'target', 'classes', 'gator-web'));
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: [join(root, 'src', 'main.js'), join(root, 'src', 'console.css')],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['es2020'],
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const script = outputs.find((f) => f.startsWith('main-') && f.endsWith('.js'));
const style = outputs.find((f) => f.startsWith('console-') && f.endsWith('.css'));
if (!script || !style) {
  throw new Error(`web-console build: missing bundle in ${outputs.join(', ')}`);
}
// No inline script or style: the Content-Security-Policy allows only files from the API's origin.
writeFileSync(join(out, 'index.html'), `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gator console</title>
<link rel="stylesheet" href="/assets/${style}">
<script type="module" src="/assets/${script}"></script>
</head>
<body>
<div id="app"><noscript>The Gator console needs JavaScript.</noscript></div>
</body>
</html>
`);
console.log(`web-console: built ${outputs.join(', ')} into ${out}`);
