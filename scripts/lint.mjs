// `npm run lint`: Biome's lint and format check over the whole tree (biome.jsonc),
// then one check Biome cannot make: every server class with Nest or TypeORM
// decorators lives in a file where `useImportType` is off, because with
// emitDecoratorMetadata its constructor's types are runtime values and an
// `import type` (Biome's "safe" fix) would break dependency injection.
// `npm run lint -- --fix` applies Biome's safe fixes and the format first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, run } from './lib.mjs';

const fix = process.argv.includes('--fix');
if (fix) run('npx', ['biome', 'check', '--write', '.']);
run('npx', ['biome', 'check', '.']);

/** The globs of biome.jsonc's override that turns useImportType off. */
function decoratedFileGlobs() {
  const text = fs.readFileSync(path.join(ROOT, 'biome.jsonc'), 'utf8');
  const json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
  const override = json.overrides.find((o) => o.linter?.rules?.style?.useImportType === 'off');
  return override.includes;
}

function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '(?:.*/)?';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function filesUnder(dir) {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return filesUnder(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

const covered = decoratedFileGlobs().map(globToRegExp);
const DECORATOR = /^\s*@(Injectable|Controller|Module|WebSocketGateway|Catch|Entity)\(/m;
const uncovered = filesUnder('server/src').filter((f) => DECORATOR.test(fs.readFileSync(path.join(ROOT, f), 'utf8')) && !covered.some((re) => re.test(f)));
if (uncovered.length > 0) {
  console.error(
    `These files hold Nest/TypeORM decorated classes but biome.jsonc's useImportType override does not cover them:\n  ${uncovered.join('\n  ')}\n` +
      'Name them *.service.ts, *.controller.ts, … or add them to that override (an `import type` there breaks dependency injection).',
  );
  process.exit(1);
}
console.log('> lint: clean');
