import * as fs from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * axe-core (the accessibility engine Lighthouse uses) run inside a page of a
 * browser test. Its source is evaluated through the DevTools protocol, which
 * the workspace's Content-Security-Policy (script-src 'self') does not block,
 * and the public site's (no script at all) neither.
 */
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe's default rules (WCAG 2.x A and AA and its best practices), without the experimental ones. */
const RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) =>
  v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 5).map((n) => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.split('\\n').slice(1, 2).join('').trim() : '')).join(' | ')))`;

/** What axe finds wrong with the page as it is now: one line per rule (id, impact, up to five elements). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(RUN);
}
