import { SITE_CSS } from './site-css';

/**
 * Latin text must be drawn by a Latin font: a CJK family listed before one
 * that Linux has (DejaVu, Liberation, Noto Serif/Sans) draws English with
 * full-width punctuation ("recipient’ s"). So every stack names its Latin
 * families first, a Linux one among them, and then the CJK ones.
 */
const CJK = /CJK|Source Han|Songti|SimSun|PingFang|YaHei|Hiragino|Heiti|KaiTi|STSong|WenQuanYi/i;
const LINUX_LATIN = /^"?(DejaVu (Serif|Sans)|Liberation (Serif|Sans)|Noto (Serif|Sans))"?$/;
const GENERIC = new Set(['serif', 'sans-serif', 'monospace', 'system-ui', 'ui-monospace']);

function families(stack: string): string[] {
  return stack.split(',').map((f) => f.trim());
}

function stacks(): Record<string, string[]> {
  const serif = /--serif:\s*([^;]+);/.exec(SITE_CSS)?.[1];
  const sans = /--sans:\s*([^;]+);/.exec(SITE_CSS)?.[1];
  const print = /@media print \{[\s\S]*?\n {2}body \{[^}]*font-family:\s*([^;]+);/.exec(SITE_CSS)?.[1];
  if (!serif || !sans || !print) throw new Error('font stacks not found in the stylesheet');
  return { serif: families(serif), sans: families(sans), print: families(print) };
}

describe('the public font stacks', () => {
  it.each(Object.entries(stacks()))('%s: Latin families (one that Linux has among them) before any CJK family', (_name, list) => {
    const firstCjk = list.findIndex((f) => CJK.test(f));
    expect(firstCjk).toBeGreaterThan(0);
    const latin = list.slice(0, firstCjk);
    expect(latin.some((f) => LINUX_LATIN.test(f))).toBe(true);
    const afterCjk = list.slice(firstCjk).filter((f) => !CJK.test(f) && !GENERIC.has(f));
    expect(afterCjk).toEqual([]);
  });
});
