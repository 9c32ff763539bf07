/**
 * The workspace's CSP has no 'unsafe-eval'. Zod's object parser first probes
 * whether it may compile a fast parser with `new Function`; the browser
 * reports that probe as a CSP violation (Lighthouse counts it) even though
 * zod catches the refusal and interprets instead. In jitless mode zod never
 * probes.
 *
 * Zod takes its settings from this global (shared by every copy of zod on a
 * page) when its core first loads, so it is set here, by the entry module's
 * first import, before any chunk holding zod runs. Calling `z.config` instead
 * would pull zod's core into the entry chunk (about 20 KB more before the
 * first paint). server/test/browser-csp.e2e-spec.ts fails if a zod update
 * stops honouring it.
 */
const settings = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
settings.__zod_globalConfig = { ...settings.__zod_globalConfig, jitless: true };
