import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What opening an entry loads, read from the built workspace (npm test builds it first): the editor's chunks and
 * every chunk they import. KaTeX (260 KB) waits for the first formula (features/math/katex-load.ts) and zod for
 * the chart's form or the changes count's worker; a constant imported from a shared module that also declares
 * schemas is enough to bring zod back (as REPORT_NODE did, from shared/src/reports.ts), which this catches.
 */
const DIST = path.join(__dirname, '..', '..', 'client', 'dist');
type Manifest = Record<string, { file: string; imports?: string[]; dynamicImports?: string[] }>;
const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8')) as Manifest;

/** A chunk and every chunk it imports statically (what loading it loads), by manifest key. */
function staticClosure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key) || !manifest[key]) return seen;
  seen.add(key);
  for (const k of manifest[key].imports ?? []) staticClosure(k, seen);
  return seen;
}

const EDITOR_CHUNKS = ['src/features/editor/editor-page.tsx', 'src/features/editor/editor-body.tsx', 'src/features/editor/session-parts.ts'];
const KATEX = '../node_modules/katex/dist/katex.mjs';

it('the build knows the editor chunks and KaTeX by these names', () => {
  for (const key of [...EDITOR_CHUNKS, KATEX]) expect([key, manifest[key]?.file]).toEqual([key, expect.stringMatching(/^assets\/.+\.js$/)]);
  // …and KaTeX is still loaded on demand from the editor's side (a dynamic import somewhere).
  expect(Object.values(manifest).some((c) => c.dynamicImports?.includes(KATEX))).toBe(true);
});

it.each(EDITOR_CHUNKS)('%s loads neither KaTeX nor zod', (key) => {
  const closure = [...staticClosure(key)];
  expect(closure).not.toContain(KATEX);
  const withZod = closure.filter((k) => fs.readFileSync(path.join(DIST, manifest[k].file), 'utf8').includes('$ZodType'));
  expect(withZod.map((k) => manifest[k].file)).toEqual([]);
});

it("zod's signature is what the check looks for (the worker that counts changes carries zod)", () => {
  const worker = fs.readdirSync(path.join(DIST, 'assets')).find((f) => /^changes-count\.worker-.+\.js$/.test(f));
  expect(worker).toBeDefined();
  expect(fs.readFileSync(path.join(DIST, 'assets', worker as string), 'utf8')).toContain('$ZodType');
});

/**
 * The workspace's font stacks, as the built page carries them (inlined): Latin families first, one that Linux has
 * among them, then the CJK ones. A CJK family reached first draws English with full-width punctuation; and the
 * families system-ui stands for are not named (on Linux each one named before a fallback glyph's font is a
 * synchronous lookup during a layout).
 */
it('the built page names Latin fonts (a Linux one among them) before CJK ones, and not what system-ui stands for', () => {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const CJK = /CJK|Source Han|Songti|SimSun|PingFang|YaHei|Hiragino/i;
  const LINUX_LATIN = /^"?(DejaVu (Serif|Sans)|Liberation (Serif|Sans)|Noto (Serif|Sans))"?$/;
  for (const name of ['sans', 'serif']) {
    const stack = new RegExp(`--${name}:\\s*([^;]+);`).exec(html)?.[1];
    expect([name, stack]).toEqual([name, expect.any(String)]);
    const families = (stack as string).split(',').map((f) => f.trim());
    const firstCjk = families.findIndex((f) => CJK.test(f));
    expect(firstCjk).toBeGreaterThan(0);
    expect([name, families.slice(0, firstCjk).some((f) => LINUX_LATIN.test(f))]).toEqual([name, true]);
  }
  const sans = /--sans:\s*([^;]+);/.exec(html)?.[1] ?? '';
  expect(sans.split(',')[0].trim()).toBe('system-ui');
  expect(sans).not.toMatch(/-apple-system|Segoe UI|Roboto|Helvetica Neue/);
});
