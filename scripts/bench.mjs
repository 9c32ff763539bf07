// `npm run bench`: builds what is stale, compiles the benchmark programs, runs them.
import * as path from 'node:path';
import { checkNode, ensureBuilt, ensureInstalled, ROOT, run } from './lib.mjs';

checkNode();
ensureInstalled();
ensureBuilt();
run('npx', ['tsc', '-p', 'server/tsconfig.bench.json']);
run(process.execPath, [path.join(ROOT, 'server', 'dist-bench', 'bench', 'run.js'), ...process.argv.slice(2)]);
