import { Injectable, type OnModuleInit } from '@nestjs/common';
import * as Y from 'yjs';
import { DOC_BODY, MAX_DOCUMENT_DEPTH, REPORT_NODE, type ReportAttrs, reportAttrs } from '@knowledge-hub/shared';
import { DomainError } from '../../common/domain-error';
import type { SiteContext } from '../publishing/site-context';
import { html } from '../publishing/views/html';
import { ReportFreezeHook, type ReportHtml } from './report-freeze-hook.service';
import { reportPlayer } from './report-page.view';
import { ReportsRepository } from './reports.repository';

/** The `report` nodes of a live document, in order (null attrs: no valid reportId). */
export function reportsOfDoc(doc: Y.Doc): (ReportAttrs | null)[] {
  const out: (ReportAttrs | null)[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
    if (depth > MAX_DOCUMENT_DEPTH) return;
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === REPORT_NODE) out.push(reportAttrs({ type: REPORT_NODE, attrs: child.getAttributes() as Record<string, unknown> }));
      walk(child, depth + 1);
    }
  };
  walk(doc.getXmlFragment(DOC_BODY), 0);
  return out;
}

/**
 * Reports embedded in entries (editor node `report`, attr reportId): when a
 * revision is frozen, each becomes the report's native player (its media,
 * poster and caption tracks) with a link to /r/<slug>. Only an approved
 * report can be embedded: otherwise the submission is refused with 400
 * validation_failed naming it.
 */
@Injectable()
export class ReportEmbedService implements OnModuleInit {
  constructor(
    private readonly hook: ReportFreezeHook,
    private readonly reports: ReportsRepository,
  ) {}

  onModuleInit(): void {
    this.hook.register((doc) => this.forFreeze(doc));
  }

  async forFreeze(doc: Y.Doc): Promise<ReportHtml | undefined> {
    const nodes = reportsOfDoc(doc);
    if (nodes.length === 0) return undefined;
    const rendered = new Map<string, string>();
    const problems: { path: string; message: string }[] = [];
    for (const [i, attrs] of nodes.entries()) {
      if (!attrs) {
        problems.push({ path: `reports.${i}`, message: `Report ${i + 1} names no report` });
        continue;
      }
      if (rendered.has(attrs.reportId)) continue;
      const embed = await this.render(attrs.reportId);
      if (embed) rendered.set(attrs.reportId, embed);
      else problems.push({ path: `reports.${i}`, message: `Report ${i + 1} is not an approved report` });
    }
    if (problems.length > 0) throw new DomainError('validation_failed', problems.map((p) => p.message).join('; '), problems);
    return (attrs) => {
      const out = rendered.get(attrs.reportId);
      if (out === undefined) throw new Error('report not prepared');
      return out;
    };
  }

  /** The embedded player of an approved report, or null. */
  async render(reportId: string): Promise<string | null> {
    const report = await this.reports.findById(reportId);
    if (report?.status !== 'approved' || !report.mediaId) return null;
    const media = await this.reports.findMedia(report.mediaId);
    if (!media) return null;
    const captions = await this.reports.findCaptions(report.id);
    // Frozen once for every reader: English labels, the first track the default.
    const ctx: SiteContext = { lang: 'en', langExplicit: false, origin: '' };
    return html`<figure class="report-embed" data-report="${report.slug}">${reportPlayer(ctx, report, media, captions, undefined, false)}<figcaption><a href="/r/${encodeURIComponent(report.slug)}">${report.title}</a></figcaption></figure>`
      .value;
  }
}
