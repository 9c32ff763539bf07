import { Injectable } from '@nestjs/common';
import type * as Y from 'yjs';
import type { DatasetChartAttrs } from '@knowledge-hub/shared';

/** Renders one chart of the document being frozen (synchronous: everything it needs was read before). */
export type ChartHtml = (attrs: DatasetChartAttrs) => string;

/** Reads and renders every chart of a live document, or refuses it (400 with the charts that cannot be drawn); undefined when it has none. */
export type PrepareCharts = (doc: Y.Doc) => Promise<ChartHtml | undefined>;

/**
 * Where the freeze of a revision gets its charts from. Moderation cannot
 * import the charts module (charts read datasets, and datasets use
 * moderation's review), so the charts module registers its renderer here at
 * start-up, the way reviewable kinds register with ReviewKinds. Without one
 * (a module set without charts) charts freeze as placeholders.
 */
@Injectable()
export class ChartFreezeHook {
  private preparer: PrepareCharts | null = null;

  register(preparer: PrepareCharts): void {
    this.preparer = preparer;
  }

  prepare(doc: Y.Doc): Promise<ChartHtml | undefined> {
    return this.preparer ? this.preparer(doc) : Promise.resolve(undefined);
  }
}
