// `npm test`: lints the tree (Biome, scripts/lint.mjs), type-checks every workspace, builds what the end-to-end tests run
// (the server as a child process, the client in Chromium), runs the unit tests
// of shared and client (vitest), then jest.
// Uses DATABASE_URL / REDIS_URL when set, the embedded database otherwise.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkNode, ensureBuilt, ensureInstalled, ROOT, run } from './lib.mjs';

checkNode();
const started = Date.now();
ensureInstalled();
ensureBuilt();
console.log('> lint (Biome)');
run(process.execPath, [path.join(ROOT, 'scripts', 'lint.mjs')]);
console.log('> type-checking');
run('npx', ['tsc', '-p', 'server', '--noEmit']);
run('npx', ['tsc', '-p', 'client', '--noEmit']);
run('npx', ['tsc', '-p', 'shared/test', '--noEmit']);
console.log('> unit tests of shared and client (vitest)');
const unit = ['shared', 'client'].map(vitest);
console.log('> running the test suite');
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-jest-')), 'report.json');
const jest = spawnSync('npx', ['jest', '--config', 'server/jest.config.js', '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
});
console.log(`> npm test finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const counts = [...unit.map((u) => u.report), fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : null].filter(Boolean);
const sum = (field) => counts.reduce((n, r) => n + (r[field] ?? 0), 0);
const skipped = sum('numPendingTests') + sum('numTodoTests');
console.log(`(unit: ${unit.map((u) => `${u.workspace} ${u.report?.numPassedTests ?? '?'}`).join(', ')} passed)`);
// The plain closing line CI reads: jest and vitest together.
console.log(`${sum('numPassedTests')} passed, ${sum('numFailedTests')} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(jest.status !== 0 ? (jest.status ?? 1) : unit.every((u) => u.ok) ? 0 : 1);

/** Runs one workspace's vitest suite; returns whether it passed and its jest-compatible JSON report. */
function vitest(workspace) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-vitest-')), 'report.json');
  const result = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    cwd: path.join(ROOT, workspace),
    stdio: 'inherit',
  });
  return { workspace, ok: result.status === 0, report: fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : null };
}
