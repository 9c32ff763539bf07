// `npm test`: type-checks every workspace, builds what the end-to-end tests run
// (the server as a child process, the client in Chromium), then runs jest.
// Uses DATABASE_URL / REDIS_URL when set, the embedded database otherwise.
import { checkNode, ensureBuilt, ensureInstalled, run } from './lib.mjs';

checkNode();
const started = Date.now();
ensureInstalled();
ensureBuilt();
console.log('> type-checking');
run('npx', ['tsc', '-p', 'server', '--noEmit']);
run('npx', ['tsc', '-p', 'client', '--noEmit']);
console.log('> running the test suite');
run('npx', ['jest', '--config', 'server/jest.config.js', ...process.argv.slice(2)], {
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
});
console.log(`> npm test finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
