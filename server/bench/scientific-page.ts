import * as http from 'node:http';
import * as Y from 'yjs';
import { DOC_BODY, DOC_REFERENCES } from '@knowledge-hub/shared';
import { ApiClient } from '../test/support/api-client';
import { RawCollabClient } from '../test/support/raw-client';
import type { ServerProcess } from '../test/support/server-process';
import { loginAs } from './load/bench-server';
import { round, summarize } from './stats';

/**
 * The public page of a scientific entry (issue 11): 20 figures, 5 tables,
 * 30 formulas (20 inline, 10 display) and 40 references, all cited. Written
 * over collab, submitted (the freeze renders KaTeX and the Vancouver list:
 * timed) and approved through the API, then read as an anonymous reader:
 * - cold: a page the cache does not hold — each request has its own Host, so
 *   each misses the page cache and is rendered (database read, KaTeX styles
 *   to classes, layout), the first right after the publication cleared it;
 * - cached: the same request again and again (answered from the page cache).
 * Also the page's formula stylesheet and the Markdown export, cold.
 * Figures point at /files/<sha256> addresses that hold no file (their
 * variants lookup finds nothing): the figure markup is what is measured.
 */
export interface ScientificPageResult {
  bodyBytes: number;
  freezeMs: number;
  firstAfterPublicationMs: number;
  cold: ReturnType<typeof summarize>;
  cached: ReturnType<typeof summarize>;
  mathCssCold: ReturnType<typeof summarize>;
  markdownCold: ReturnType<typeof summarize>;
}

const FIGURES = 20;
const TABLES = 5;
const INLINE_FORMULAS = 20;
const DISPLAY_FORMULAS = 10;
const REFERENCES = 40;

function el(name: string, attrs: Record<string, unknown>, children: (Y.XmlElement | Y.XmlText)[] = []): Y.XmlElement {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
  if (children.length > 0) e.insert(0, children);
  return e;
}
function text(t: string): Y.XmlText {
  const x = new Y.XmlText();
  x.insert(0, t);
  return x;
}
const para = (...children: (Y.XmlElement | Y.XmlText)[]) => el('paragraph', {}, children);

const FORMULAS = [
  'E = mc^2',
  '\\frac{\\partial u}{\\partial t} = \\alpha \\nabla^2 u',
  '\\sum_{i=1}^{n} x_i^2',
  '\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}',
  'R_0 = \\beta / \\gamma',
  '\\hat{\\theta} = \\arg\\max_\\theta \\mathcal{L}(\\theta)',
  '\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}',
  'p(x) = \\frac{1}{\\sigma\\sqrt{2\\pi}} e^{-\\frac{(x-\\mu)^2}{2\\sigma^2}}',
];

function writeEntry(doc: Y.Doc): void {
  const blocks: Y.XmlElement[] = [];
  let inline = 0;
  let display = 0;
  let cite = 0;
  const nextCite = () => el('citation', { ref: `ref-${cite++ % REFERENCES}` });
  for (let section = 0; section < 10; section++) {
    blocks.push(el('heading', { level: 2 }, [text(`Section ${section + 1}`)]));
    for (let k = 0; k < 2; k++) {
      blocks.push(
        para(
          text('Measurements of transmission under ventilation show that '),
          el('inlineMath', { latex: FORMULAS[inline++ % FORMULAS.length] }),
          text(' holds across the cohort, as reported '),
          nextCite(),
          nextCite(),
          text('. The effect persisted after adjustment for age and exposure.'),
        ),
      );
    }
    blocks.push(el('blockMath', { latex: FORMULAS[display++ % FORMULAS.length] }));
    for (let f = 0; f < FIGURES / 10; f++) {
      const n = section * 2 + f;
      blocks.push(
        el('image', {
          src: `/files/${n.toString(16).padStart(64, '0')}`,
          alt: `Figure ${n + 1}: weekly cases by region`,
          caption: `Weekly cases by region, panel ${n + 1}`,
          credit: 'CC BY 4.0, Bench Lab',
          width: 1600,
          height: 900,
        }),
      );
    }
    if (section % 2 === 0) {
      const rows = Array.from({ length: 6 }, (_, r) =>
        el(
          'tableRow',
          {},
          Array.from({ length: 4 }, (_, c) =>
            el(r === 0 ? 'tableHeader' : 'tableCell', { colspan: 1, rowspan: 1 }, [para(text(r === 0 ? `Column ${c + 1}` : `${r * c} ± 0.${r}`))]),
          ),
        ),
      );
      blocks.push(el('table', {}, rows));
    }
  }
  const body = doc.getXmlFragment(DOC_BODY);
  body.delete(0, body.length);
  body.insert(0, blocks);
  const refs = doc.getMap(DOC_REFERENCES);
  for (let i = 0; i < REFERENCES; i++) {
    refs.set(`ref-${i}`, {
      type: 'article-journal',
      title: `Airborne transmission study number ${i + 1}`,
      author: [
        { family: `Author${i}`, given: 'Anna B' },
        { family: 'Second', given: 'C' },
      ],
      'container-title': 'Journal of Bench Epidemiology',
      issued: { 'date-parts': [[2000 + (i % 25)]] },
      volume: String(10 + i),
      page: `${i * 10 + 1}-${i * 10 + 9}`,
      DOI: `10.5555/bench.${i}`,
    });
  }
  if (inline !== INLINE_FORMULAS || display !== DISPLAY_FORMULAS || blocks.filter((b) => b.nodeName === 'table').length !== TABLES) {
    throw new Error('the bench entry does not have the intended shape');
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET over a kept-alive connection (node:http: fetch would not send our Host), timed to the last byte. */
function timeGet(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { 'accept-language': 'en', ...headers } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
        else resolve({ ms: performance.now() - t0, bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export async function scientificPageBench(server: ServerProcess, samples = 50): Promise<ScientificPageResult> {
  const alice = await loginAs(server, 'alice@demo.hub');
  const mod = await loginAs(server, 'mod@demo.hub');
  const entry = await new ApiClient(server, { token: alice }).addEntry('Airborne transmission: a scientific bench entry', 'epidemiology');
  const writer = new RawCollabClient(server.wsUrl, entry.id, { token: alice, ack: true });
  await writer.synced();
  writer.doc.transact(() => writeEntry(writer.doc));
  await writer.allAcked();
  writer.close();

  const t0 = performance.now();
  const submitted = await fetch(`${server.baseUrl}/api/entries/${entry.id}/revisions`, { method: 'POST', headers: { authorization: `Bearer ${alice}` } });
  if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
  const freezeMs = performance.now() - t0;
  const revisionId = ((await submitted.json()) as { id: string }).id;
  const approved = await fetch(`${server.baseUrl}/api/revisions/${revisionId}/approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${mod}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${await approved.text()}`);

  const page = `${server.baseUrl}/e/${entry.slug}`;
  const port = new URL(server.baseUrl).port;
  const first = await timeGet(page);
  const html = await (await fetch(page, { headers: { 'accept-language': 'en' } })).text();
  const mathCss = /href="(\/e\/[^"]+\/math\.css\?v=[^"]+)"/.exec(html)?.[1];
  if (!mathCss || !html.includes('<ol class="references">')) throw new Error('the page lacks its formula styles or reference list');

  // Warm-up of the render path (JIT), not counted.
  for (let i = 0; i < 10; i++) await timeGet(page, { host: `warm-${i}.localhost:${port}` });
  const cold: number[] = [];
  const cached: number[] = [];
  const css: number[] = [];
  const md: number[] = [];
  for (let i = 0; i < samples; i++) cold.push((await timeGet(page, { host: `cold-${i}.localhost:${port}` })).ms);
  for (let i = 0; i < samples; i++) cached.push((await timeGet(page)).ms);
  for (let i = 0; i < samples; i++) css.push((await timeGet(`${server.baseUrl}${mathCss}`, { host: `css-${i}.localhost:${port}` })).ms);
  for (let i = 0; i < Math.min(samples, 20); i++) md.push((await timeGet(`${page}.md`, { host: `md-${i}.localhost:${port}` })).ms);
  return {
    bodyBytes: first.bytes,
    freezeMs: round(freezeMs),
    firstAfterPublicationMs: round(first.ms),
    cold: summarize(cold),
    cached: summarize(cached),
    mathCssCold: summarize(css),
    markdownCold: summarize(md),
  };
}
