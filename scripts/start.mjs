// `npm start`: fresh clone → running app. Installs what is missing, builds what is stale,
// then runs the server, which migrates, seeds an empty database and prints the demo accounts.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { checkNode, ensureBuilt, ensureInstalled, ROOT } from './lib.mjs';

checkNode();
const started = Date.now();
ensureInstalled();
ensureBuilt();
console.log(`> ready to serve after ${((Date.now() - started) / 1000).toFixed(1)} s of install and build`);

const server = spawn(process.execPath, [path.join(ROOT, 'server', 'dist', 'main.js')], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
