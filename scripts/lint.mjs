// `npm run lint`: Biome's lint and format check over the whole tree (biome.jsonc),
// then one check Biome cannot make: every server class with Nest or TypeORM
// decorators lives in a file where `useImportType` is off, because with
// emitDecoratorMetadata its constructor's types are runtime values and an
// `import type` (Biome's "safe" fix) would break dependency injection.
// `npm run lint -- --fix` applies Biome's safe fixes and the format first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { ROOT, run } from './lib.mjs';

const fix = process.argv.includes('--fix');
if (fix) run('npx', ['biome', 'check', '--write', '.']);
run('npx', ['biome', 'check', '.']);

/** The globs of biome.jsonc's override that turns useImportType off (read with TypeScript's JSON-with-comments parser). */
function decoratedFileGlobs() {
  const file = path.join(ROOT, 'biome.jsonc');
  const { config: json, error } = ts.parseConfigFileTextToJson(file, fs.readFileSync(file, 'utf8'));
  if (error) throw new Error(`biome.jsonc: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
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
// Class decorators that make Nest or TypeORM read constructor or property types at run time.
const DECORATOR = /^\s*@(Injectable|Controller|Module|Global|WebSocketGateway|Catch|Entity|ViewEntity|EventSubscriber|Resolver)\(/m;
const uncovered = filesUnder('server/src').filter((f) => DECORATOR.test(fs.readFileSync(path.join(ROOT, f), 'utf8')) && !covered.some((re) => re.test(f)));
if (uncovered.length > 0) {
  console.error(
    `These files hold Nest/TypeORM decorated classes but biome.jsonc's useImportType override does not cover them:\n  ${uncovered.join('\n  ')}\n` +
      'Name them *.service.ts, *.controller.ts, … or add them to that override (an `import type` there breaks dependency injection).',
  );
  process.exit(1);
}
console.log('> lint: clean');
