import { Injectable } from '@nestjs/common';
import type * as Y from 'yjs';
import type { ReportAttrs } from '@knowledge-hub/shared';

/** Renders one embedded report of the document being frozen (synchronous: what it needs was read before). */
export type ReportHtml = (attrs: ReportAttrs) => string;

/** Reads every report the document embeds, or refuses it (400 naming those that are not published); undefined when it embeds none. */
export type PrepareReports = (doc: Y.Doc) => Promise<ReportHtml | undefined>;

/**
 * Where the freeze of a revision gets its embedded reports' players from.
 * Moderation cannot import the reports module (reports use moderation's
 * review), so ReportsModule registers its renderer here at start-up, as
 * charts do with ChartFreezeHook. Without one, reports freeze as placeholders.
 */
@Injectable()
export class ReportFreezeHook {
  private preparer: PrepareReports | null = null;

  register(preparer: PrepareReports): void {
    this.preparer = preparer;
  }

  prepare(doc: Y.Doc): Promise<ReportHtml | undefined> {
    return this.preparer ? this.preparer(doc) : Promise.resolve(undefined);
  }
}
