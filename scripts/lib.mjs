// Helpers shared by the root scripts (start, test, bench). Plain Node, no dependencies,
// because they run before `npm install`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`Knowledge Hub needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
    process.exit(1);
  }
}

export function run(cmd, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  return Date.now() - started;
}

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(p)) {
    if (name === 'node_modules' || name === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(p, name)));
  }
  return newest;
}

/** Installs the dependencies when node_modules is missing or older than the lock file. */
export function ensureInstalled() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && newestMtime(marker) >= newestMtime(lock)) return false;
  console.log('> installing dependencies');
  run('npm', fs.existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
  return true;
}

/** Builds each workspace whose sources are newer than its build output. */
export function ensureBuilt({ force = false } = {}) {
  const targets = [
    { ws: 'shared', sources: ['shared/src', 'shared/package.json', 'shared/tsconfig.json'], output: 'shared/dist/index.js' },
    { ws: 'server', sources: ['server/src', 'server/package.json', 'server/tsconfig.json', 'shared/dist'], output: 'server/dist/main.js' },
    {
      ws: 'client',
      sources: ['client/src', 'client/index.html', 'client/vite.config.ts', 'client/package.json', 'shared/dist'],
      output: 'client/dist/index.html',
    },
  ];
  for (const t of targets) {
    const out = path.join(ROOT, t.output);
    const sourceTime = Math.max(...t.sources.map((s) => newestMtime(path.join(ROOT, s))));
    if (!force && fs.existsSync(out) && fs.statSync(out).mtimeMs >= sourceTime) continue;
    console.log(`> building ${t.ws}`);
    run('npm', ['run', 'build', '-w', t.ws]);
    // Touch the marker so an unchanged rebuild still counts as fresh.
    const now = new Date();
    fs.utimesSync(out, now, now);
  }
}
