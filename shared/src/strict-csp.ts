import { config } from 'zod';

/**
 * For code that runs under a Content-Security-Policy without 'unsafe-eval'
 * (the workspace's). Zod's object parser first probes whether it may compile
 * a fast parser with `new Function`; the browser reports that probe as a CSP
 * violation (Lighthouse counts it, the console shows it) even though zod
 * catches the refusal and interprets instead. In jitless mode zod never
 * probes; parsing is interpreted, as it was anyway under that policy.
 * Call it once, before anything is parsed.
 */
export function parseWithoutEval(): void {
  // `config`, not `z.config`: the client's build treats every `z.…()` call as pure and would drop this one.
  config({ jitless: true });
}
