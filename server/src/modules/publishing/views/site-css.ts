import { createHash } from 'node:crypto';

/**
 * The one stylesheet of the public site, served at /assets/site.css. Pages
 * link it with ?v=<hash>, so it can be cached for a year and a new version is
 * fetched as soon as it changes. No inline styles anywhere: the CSP allows
 * only 'self' stylesheets.
 */
export const SITE_CSS = `
:root {
  --ink: #1d1d1f;
  --muted: #5b5b63;
  --rule: #d9d6cf;
  --paper: #fdfcf8;
  --panel: #f4f1ea;
  --link: #1a4a8a;
  --link-visited: #5a3a82;
  --mark: #fbeaa0;
  /* Latin families first (Linux ones included), then CJK: a CJK font reached first would draw English with full-width punctuation. */
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, Georgia, "Noto Serif", "DejaVu Serif", "Liberation Serif", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif;
  --sans: system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
}
* { box-sizing: border-box; }
html { font-size: 106.25%; -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink); font-family: var(--serif); line-height: 1.6; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--link-visited); }
a:hover, a:focus { text-decoration-thickness: 2px; }
:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.wrap { max-width: 66rem; margin: 0 auto; padding: 0 1.25rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.masthead { border-bottom: 1px solid var(--rule); background: var(--panel); font-family: var(--sans); }
.masthead-inner { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem 1.5rem; padding-top: 0.8rem; padding-bottom: 0.8rem; }
.brand { font-family: var(--serif); font-size: 1.35rem; font-weight: 700; color: var(--ink); text-decoration: none; letter-spacing: 0.01em; }
.brand:visited { color: var(--ink); }
.search-form { display: flex; flex: 1 1 18rem; max-width: 32rem; }
.search-form input { flex: 1; min-width: 0; font: inherit; font-size: 0.95rem; padding: 0.4rem 0.6rem; border: 1px solid #a8a49b; border-right: 0; border-radius: 3px 0 0 3px; background: #fff; color: var(--ink); }
.search-form button { font: inherit; font-size: 0.95rem; padding: 0.4rem 0.9rem; border: 1px solid #1a4a8a; border-radius: 0 3px 3px 0; background: #1a4a8a; color: #fff; cursor: pointer; }
.languages { font-size: 0.9rem; color: var(--muted); }
.languages a[aria-current] { color: var(--ink); font-weight: 600; text-decoration: none; }
.entry-languages { font-family: var(--sans); font-size: 0.9rem; color: var(--muted); margin: 1rem 0 0; }
.translation-outdated { font-family: var(--sans); font-size: 0.95rem; background: var(--mark); border-left: 4px solid #8a6d00; padding: 0.6rem 0.9rem; margin: 1rem 0; }

main { padding-top: 1.5rem; padding-bottom: 3rem; }
h1, h2, h3, h4 { line-height: 1.25; font-weight: 600; }
h1 { font-size: 2rem; margin: 0.4rem 0 0.6rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.12rem; margin: 1.5rem 0 0.4rem; }
.tagline, .lede { font-size: 1.1rem; color: var(--muted); max-width: 44rem; }
.crumbs { font-family: var(--sans); font-size: 0.88rem; color: var(--muted); }
.meta, .count, .result-count, .byline { font-family: var(--sans); font-size: 0.86rem; color: var(--muted); }

.hub { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 2.5rem; }
.group-index { list-style: none; padding: 0; margin: 0; columns: 2 18rem; column-gap: 2rem; }
.group-index li { break-inside: avoid; padding: 0.55rem 0 0.7rem; border-bottom: 1px dotted var(--rule); }
.group-index .group-name { font-size: 1.08rem; font-weight: 600; }
.group-index p { margin: 0.2rem 0 0; font-size: 0.92rem; color: var(--muted); }
.entry-list { list-style: none; padding: 0; margin: 0; }
.entry-list li { padding: 0.6rem 0 0.8rem; border-bottom: 1px dotted var(--rule); }
.entry-list .entry-title { font-size: 1.08rem; font-weight: 600; }
.entry-list p { margin: 0.2rem 0 0; }
.empty { color: var(--muted); font-style: italic; }

.entry-page { display: grid; grid-template-columns: minmax(0, 42rem) minmax(0, 1fr); gap: 3rem; }
.entry-summary { font-size: 1.12rem; color: #3a3a40; }
.entry-body { font-size: 1.06rem; }
.entry-body p, .entry-body li { max-width: 42rem; }
.entry-body li > p { margin: 0.25rem 0; }
.entry-body blockquote { margin: 1rem 0; padding: 0.2rem 1rem; border-left: 3px solid var(--rule); color: #3a3a40; }
.entry-body pre { overflow-x: auto; padding: 0.8rem; background: var(--panel); border: 1px solid var(--rule); font-size: 0.9rem; }
.entry-body code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
.entry-body hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
.entry-aside { font-family: var(--sans); font-size: 0.9rem; border-left: 1px solid var(--rule); padding-left: 1.5rem; align-self: start; }
.entry-aside h2 { font-family: var(--serif); font-size: 1.05rem; margin-top: 1.2rem; }
.cite-entry { font-family: var(--serif); font-size: 0.95rem; overflow-wrap: anywhere; background: var(--panel); padding: 0.6rem 0.8rem; border: 1px solid var(--rule); }
.cite-downloads { font-size: 0.85rem; }
.entry-body .table-wrap { overflow-x: auto; margin: 1.2rem 0; }
.entry-body table { border-collapse: collapse; font-family: var(--sans); font-size: 0.92rem; }
.entry-body th, .entry-body td { border: 1px solid var(--rule); padding: 0.35rem 0.6rem; vertical-align: top; text-align: left; }
.entry-body thead th { background: var(--panel); }
.entry-body th > p, .entry-body td > p { margin: 0; }
.entry-body figure { margin: 1.5rem 0; max-width: 48rem; }
.entry-body figure img { display: block; max-width: 100%; height: auto; }
.entry-body .dataset-chart svg { display: block; max-width: 100%; height: auto; }
.entry-body .chart-data { overflow-x: auto; }
.entry-body figcaption { font-family: var(--sans); font-size: 0.88rem; color: var(--muted); margin-top: 0.4rem; }
.entry-body figcaption .credit { display: block; font-size: 0.8rem; }
.entry-body .math-display { overflow-x: auto; overflow-y: hidden; margin: 1rem 0; }
.entry-body code.math { font-size: 0.9em; }
.entry-body .math-error, .entry-body .katex-error { color: #a40000; border-bottom: 1px dotted #a40000; }
.entry-body a.citation { text-decoration: none; font-size: 0.9em; }
.entry-body .citation-unknown { color: #a40000; }
.entry-body ol.references { font-size: 0.95rem; padding-left: 2rem; overflow-wrap: anywhere; }
.entry-body ol.references li { margin: 0.35rem 0; }
.entry-body ol.references li:target { background: var(--mark); }

.results { list-style: none; padding: 0; margin: 0; max-width: 46rem; }
.results li { padding: 0.8rem 0; border-bottom: 1px dotted var(--rule); }
.results h2 { font-size: 1.15rem; margin: 0; padding: 0; border: 0; }
.results .snippet { margin: 0.3rem 0; }
mark { background: var(--mark); color: inherit; padding: 0 0.1em; }
.pager { display: flex; gap: 1.5rem; margin-top: 1.5rem; font-family: var(--sans); }

.site-footer { border-top: 1px solid var(--rule); font-family: var(--sans); font-size: 0.85rem; color: var(--muted); padding: 1.2rem 0 2rem; }
.site-footer a { color: var(--muted); }

@media (max-width: 52rem) {
  .hub, .entry-page { grid-template-columns: minmax(0, 1fr); gap: 1rem; }
  .entry-aside { border-left: 0; padding-left: 0; border-top: 1px solid var(--rule); }
  h1 { font-size: 1.6rem; }
}
.report-player { display: block; width: 100%; max-width: 100%; height: auto; background: #000; margin: 0.5rem 0; }
audio.report-player { background: transparent; }
.report-layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(14rem, 1fr); gap: 1.5rem; align-items: start; }
.report-transcript .transcript { padding-left: 0; list-style: none; max-height: 32rem; overflow-y: auto; }
.report-transcript .transcript li { margin: 0 0 0.4rem; }
.report-transcript .transcript time { font-variant-numeric: tabular-nums; }
@media (max-width: 50rem) { .report-layout { grid-template-columns: 1fr; } }
@media print {
  @page { margin: 18mm 16mm; }
  .masthead, .site-footer, .pager, .crumbs, .languages, .search-form, .cite-downloads, .edit-link { display: none; }
  html { font-size: 11pt; }
  body { background: #fff; color: #000; font-family: "Iowan Old Style", Georgia, "Noto Serif", "DejaVu Serif", "Liberation Serif", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; }
  .wrap { max-width: none; padding: 0; }
  .entry-page { display: block; }
  .entry-aside { border: 0; padding: 0; margin-top: 1.5rem; border-top: 1px solid #999; }
  a { color: inherit; }
  .entry-body a[href^="http"]::after, .entry-aside a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.85em; overflow-wrap: anywhere; }
  .entry-body ol.references a.doi::after { content: ""; }
  .entry-body a.citation::after { content: ""; }
  h1, h2, h3, h4 { break-after: avoid; }
  figure, table, .math-display, pre, blockquote { break-inside: avoid; }
  .entry-body .table-wrap, .entry-body .math-display { overflow: visible; }
  .entry-body th, .entry-body td { border-color: #666; }
}
`.trimStart();

/** Changes whenever the stylesheet does: the cache-busting ?v= of every page's <link>. */
export const SITE_CSS_VERSION = createHash('sha256').update(SITE_CSS).digest('hex').slice(0, 12);
