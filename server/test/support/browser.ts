import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { TEST_PASSWORD } from './constants';
import { startTestApp, type TestApp } from './test-app';

/**
 * The workspace in Chromium (Debian's, never a downloaded one) for browser
 * tests: people signed in through the login form, each in a context of their
 * own, entries opened and live.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PageOptions {
  /** Added to every collab frame, each way: every frame still arrives, in order, only later. */
  collabLagMs?: number;
  locale?: string;
}

export class BrowserKit {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly app: TestApp,
    readonly browser: Browser,
  ) {}

  static async launch(app: TestApp): Promise<BrowserKit> {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    return new BrowserKit(app, await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
  }

  /** A fresh context (closed with the kit). */
  async context(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const context = await this.browser.newContext(options);
    this.contexts.push(context);
    return context;
  }

  /** A page signed in as `email` through the workspace's login form. */
  async signedInPage(email: string, options: PageOptions = {}): Promise<Page> {
    const page = await (await this.context({ locale: options.locale ?? 'en-US' })).newPage();
    page.on('pageerror', (err) => console.error(`[${email}] page error: ${err.message}`));
    const lag = options.collabLagMs ?? 0;
    if (lag > 0) {
      await page.routeWebSocket(/\/collab\//, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => void setTimeout(() => server.send(message), lag));
        server.onMessage((message) => void setTimeout(() => ws.send(message), lag));
      });
    }
    await page.goto(`${this.app.baseUrl}/app/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    return page;
  }

  /** Opens the entry in the editor and waits until it is live and its title editable. */
  async openEntry(page: Page, entryId: string): Promise<void> {
    await page.goto(`${this.app.baseUrl}/app/e/${entryId}`);
    await page.getByTestId('editor').locator('.ProseMirror').waitFor();
    await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor();
    await page.locator('[data-testid="entry-title"]:not([disabled])').waitFor();
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser.close();
  }
}

/**
 * Records, into `into`, every Content-Security-Policy violation of `page`: the
 * `securitypolicyviolation` events the document fires (all of them, eval probes
 * that a script catches included: the browser reports those, and Lighthouse
 * counts them) and console messages about a refusal. Call it before the page
 * loads anything that matters; `who` prefixes each line.
 */
export async function watchCsp(page: Page, who: string, into: string[]): Promise<Page> {
  page.on('console', (message: ConsoleMessage) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) into.push(`[${who}] console: ${message.text().slice(0, 300)}`);
  });
  await page.exposeBinding('__khCspViolation', (_source, line: string) => void into.push(`[${who}] ${line}`));
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      window.__khCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber + ' on ' + location.pathname);
    });`,
  });
  return page;
}

/**
 * For a browser spec file: a private app and Chromium, started before its
 * tests and closed after them. `ready` receives both.
 */
/** `env`: settings of the app under test (e.g. TRUST_PROXY for a story that needs readers' addresses). */
export function withBrowserKit(ready: (app: TestApp, kit: BrowserKit) => void, env: Record<string, string> = {}): void {
  let app: TestApp | undefined;
  let kit: BrowserKit | undefined;
  beforeAll(async () => {
    app = await startTestApp(env);
    kit = await BrowserKit.launch(app);
    ready(app, kit);
  });
  afterAll(async () => {
    await kit?.close();
    await app?.close();
  });
}

/** Whether the page's own selection (its caret) is inside the `index`-th table cell of its editor (-1: the last). */
export async function caretInCell(page: Page, index: number): Promise<boolean> {
  return page.evaluate((i) => {
    const doc = (
      globalThis as unknown as {
        document: { getSelection(): { anchorNode: unknown } | null; querySelectorAll(s: string): ArrayLike<{ contains(n: unknown): boolean }> };
      }
    ).document;
    const cells = doc.querySelectorAll('[data-testid="editor"] td');
    const cell = cells[i < 0 ? cells.length + i : i];
    const anchor = doc.getSelection()?.anchorNode;
    return !!cell && !!anchor && cell.contains(anchor);
  }, index);
}

/**
 * Clicks into the `index`-th table cell of the page's editor (-1: the last) until the page's own caret is in
 * it. Under load a click in a cell just after the table arrived sometimes left the caret elsewhere (the cause
 * is not found): each miss is printed with where the caret was, and the click is tried again, three times at most.
 */
export async function clickIntoCell(page: Page, index: number): Promise<void> {
  const cells = page.getByTestId('editor').locator('td');
  for (let attempt = 1; ; attempt++) {
    await cells.nth(index).click();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline && !(await caretInCell(page, index))) await new Promise((r) => setTimeout(r, 50));
    if (await caretInCell(page, index)) return;
    const where = await page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            getSelection(): { anchorNode: { nodeName: string; parentElement: { outerHTML: string } | null } | null } | null;
            activeElement: { className: string } | null;
          };
        }
      ).document;
      const anchor = doc.getSelection()?.anchorNode;
      return `caret in ${anchor?.nodeName ?? 'nothing'} of ${anchor?.parentElement?.outerHTML.slice(0, 120) ?? '-'}; focus on .${doc.activeElement?.className ?? '-'}`;
    });
    console.warn(`click into cell ${index}, attempt ${attempt}, missed: ${where}`);
    if (attempt === 3) throw new Error(`three clicks into cell ${index} left the caret elsewhere: ${where}`);
  }
}
