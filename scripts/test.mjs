// `npm test`: type-checks every workspace, builds what the end-to-end tests run
// (the server as a child process, the client in Chromium), then runs jest.
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
console.log('> type-checking');
run('npx', ['tsc', '-p', 'server', '--noEmit']);
run('npx', ['tsc', '-p', 'client', '--noEmit']);
console.log('> running the test suite');
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kh-jest-')), 'report.json');
const jest = spawnSync('npx', ['jest', '--config', 'server/jest.config.js', '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
});
console.log(`> npm test finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  // The plain closing line CI reads.
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
process.exit(jest.status ?? 1);
