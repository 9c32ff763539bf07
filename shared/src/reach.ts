import { z } from 'zod';

/**
 * Readership ("reach"): how many readers the public site had and from which
 * countries, counted without cookies and without keeping any address (see the
 * README's Privacy section). A reader is counted once per day: the same person
 * reading on two days counts twice, as in any daily-unique count.
 */

/** The longest window a query may ask for (ten years of days). */
export const MAX_REACH_DAYS = 3_660;

/**
 * `?days=N`: the last N days, today included (UTC). Without it: all time.
 * Used by GET /api/public/reach and GET /api/admin/reach (and its CSV); other
 * parameters are ignored, as everywhere in the public API (they do not make
 * another cached answer).
 */
export const reachQuery = z.object({
  days: z.coerce.number().int().min(1).max(MAX_REACH_DAYS).optional(),
});
export type ReachQuery = z.infer<typeof reachQuery>;

export interface ReachCountryDto {
  /** ISO 3166-1 alpha-2. */
  country: string;
  readers: number;
}

/** GET /api/public/reach: the whole public site. */
export interface ReachSummaryDto {
  /** Daily unique readers, added up over the days (readers whose country is unknown included). */
  readers: number;
  /** Countries with at least one reader. */
  countries: number;
  /** Most readers first. */
  byCountry: ReachCountryDto[];
  /** First day (YYYY-MM-DD, UTC) the answer covers: the first counted day for all time; null when nothing was counted yet. */
  since: string | null;
}

/** `report`: a report's page; `play`: a play of its media started (its first byte served). */
export type ReachPageKind = 'hub' | 'group' | 'entry' | 'dataset' | 'report' | 'play';

export interface AdminReachPageDto {
  kind: ReachPageKind;
  /** The page's public path (`/`, `/g/<slug>`, `/e/<slug>`, `/d/<slug>`). */
  path: string;
  /** Entry or dataset title, group name; null when the page no longer exists. */
  title: string | null;
  /** Slug of the group the page belongs to (null: the hub, or unknown). */
  group: string | null;
  /** Daily unique readers of this page, added up over the days. */
  readers: number;
  /** Page reads (every counted answer). */
  reads: number;
}

export interface AdminReachGroupDto {
  slug: string;
  name: string;
  /** Page readers added up over the group's pages (a reader of two pages counts twice). */
  readers: number;
  reads: number;
}

/** GET /api/admin/reach: per group and per page, for admins (CSV: GET /api/admin/reach.csv). */
export interface AdminReachDto {
  summary: ReachSummaryDto;
  groups: AdminReachGroupDto[];
  pages: AdminReachPageDto[];
}
