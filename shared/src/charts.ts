import { z } from 'zod';
import { datasetChartSpec } from './datasets.js';

/**
 * The workspace's chart preview (issue 12): GET /api/charts/preview renders a
 * chart with the same server renderer as the public pages, so what an editor
 * sees is what readers will get.
 */

/** Query of GET /api/charts/preview: the chart node's attrs, `spec` as its JSON string. */
export const chartPreviewQuery = z.strictObject({
  datasetId: z.string().uuid(),
  version: z.coerce.number().int().min(1).max(1_000_000),
  spec: z
    .string()
    .max(20_000)
    .transform((text, ctx) => {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'spec is not valid JSON' });
        return z.NEVER;
      }
      const parsed = datasetChartSpec.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['spec', ...issue.path] });
        return z.NEVER;
      }
      return parsed.data;
    }),
  lang: z.enum(['en', 'zh']).default('en'),
});
export type ChartPreviewQuery = z.infer<typeof chartPreviewQuery>;

/** The rendered chart: the figure's HTML (sanitised SVG, caption, CSV link, data table), its text alternative and CSV link. */
export interface ChartPreviewDto {
  html: string;
  alt: string;
  csvUrl: string;
}
