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
const pin = os.cpus().length >= 2 && fs.existsSync('/usr/bin/taskset');
if (pin) run('taskset', ['-c', '1', ...program]);
else run(program[0], program.slice(1));
