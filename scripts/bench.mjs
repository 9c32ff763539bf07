// `npm run bench`: builds what is stale, compiles the benchmark programs and runs
// them with the load generator pinned to CPU 1 (the servers it starts pin to CPU 0).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkNode, ensureBuilt, ensureInstalled, ROOT, run } from './lib.mjs';

checkNode();
ensureInstalled();
ensureBuilt();
run('npx', ['tsc', '-p', 'server/tsconfig.bench.json']);
const program = [process.execPath, path.join(ROOT, 'server', 'dist-bench', 'bench', 'run.js'), ...process.argv.slice(2)];
// Lighthouse alone runs unpinned: its Chromium (browser, renderer, GPU and network processes) is the "user's
// device" and gets both cores; the server it audits stays on CPU 0.
const lighthouseOnly = process.argv.slice(2).includes('--only=lighthouse');
const pin = os.cpus().length >= 2 && fs.existsSync('/usr/bin/taskset') && !lighthouseOnly;
if (pin) run('taskset', ['-c', '1', ...program]);
else run(program[0], program.slice(1));
