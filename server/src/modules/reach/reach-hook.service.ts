import type { IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { TrustProxy } from './client-address';

export interface ReachTotals {
  readers: number;
  countries: number;
}

/** `page`: the page key when the path alone does not say it (a play of a report's media). */
type ReadListener = (req: IncomingMessage, trust: TrustProxy | null, page?: string) => void;

/**
 * Where the public site meets the reach module without depending on it:
 * provided by the publishing module (its responder reports every answer it
 * writes, from Nest and from the fast path alike), filled in by ReachService
 * at start-up. Unconnected (DO_NOT_COUNT), it does nothing.
 */
@Injectable()
export class ReachHook {
  private listener: ReadListener | null = null;
  private totalsSource: (() => ReachTotals | null) | null = null;

  connect(listener: ReadListener, totals: () => ReachTotals | null): void {
    this.listener = listener;
    this.totalsSource = totals;
  }

  /** A public answer was written: a GET answered 200 may be a read (ReachService decides, after the response). */
  answered(req: IncomingMessage, status: number, trust: TrustProxy | null): void {
    if (status === 200 && req.method === 'GET' && this.listener) this.listener(req, trust);
  }

  /**
   * A report's media answered from its first byte (200, or 206 from offset 0):
   * a play started, counted as a read of `p/<slug>` — the player's later Range
   * requests (seeking, buffering) are not new plays.
   */
  playStarted(req: IncomingMessage, status: number, reportSlug: string, trust: TrustProxy | null): void {
    if ((status === 200 || status === 206) && req.method === 'GET' && this.listener && startsAtZero(req.headers.range)) {
      this.listener(req, trust, `p/${reportSlug}`);
    }
  }

  /** The whole site's readers and countries of all time, as of the last flush (the hub's line); null when not counting. */
  totals(): ReachTotals | null {
    return this.totalsSource?.() ?? null;
  }
}

/** No Range header, or one whose first range starts at byte 0. */
export function startsAtZero(range: string | undefined): boolean {
  return range === undefined || /^bytes=0-/.test(range.trim());
}
