// Runs `npm ci` only when package-lock.json changed since the last install, so repeated builds (and
// `mvn -o`) reuse node_modules instead of deleting it; --offline when Maven runs offline.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.gator-lock.sha256');
const lock = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) {
  process.exit(0);
}
const offline = process.argv.includes('--offline=true');
const args = ['ci', '--prefer-offline', '--no-audit', '--no-fund', ...(offline ? ['--offline'] : [])];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
if (run.error || run.status !== 0) {
  console.error(`web-console: "npm ${args.join(' ')}" failed${run.error ? ': ' + run.error.message : ''}`
    + (offline ? ' (Maven is offline: run the build once online to fill npm\'s cache)' : ''));
  process.exit(1);
}
writeFileSync(stamp, lock);
