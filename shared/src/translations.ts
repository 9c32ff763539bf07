import { z } from 'zod';
import type { DocumentDiff } from './diff.js';
import { MAX_NOTE_CHARS } from './limits.js';

/**
 * Paired entries (issue 14): an entry may have one translation per language,
 * a linked entry of the same group created from the source's published
 * revision. A translation is outdated when the source has an approved
 * revision newer than the one it was last synced to; marking it up to date is
 * a submission that names that source revision (`syncedTo`), approved like any
 * other (four-eyes).
 */

/** The languages an entry is written in (the public site's languages). */
export const ENTRY_LANGUAGES = ['en', 'zh'] as const;
export type EntryLanguage = (typeof ENTRY_LANGUAGES)[number];

/** POST /api/entries/:id/translations */
export const createTranslationBody = z.strictObject({ language: z.enum(ENTRY_LANGUAGES) });
export type CreateTranslationBody = z.infer<typeof createTranslationBody>;

/**
 * POST /api/entries/:id/translation-sync: submits the translation's draft for
 * review, its submitter declaring "I have brought this translation up to the
 * source's revision `syncedTo`" (a number of an approved source revision).
 */
export const syncTranslationBody = z.strictObject({
  syncedTo: z.number().int().positive(),
  note: z.string().trim().max(MAX_NOTE_CHARS).optional(),
});
export type SyncTranslationBody = z.infer<typeof syncTranslationBody>;

/** One side of a pair as the workspace links it. */
export interface TranslationLinkDto {
  entryId: string;
  slug: string;
  title: string;
  language: string;
  /** Whether it has a published revision (only then is it on the public site). */
  published: boolean;
  /** For a translation: whether the source moved on since its sync point. */
  outdated: boolean;
}

/** GET /api/entries/:id/translations */
export interface EntryTranslationsDto {
  /** The entry's language (a translation's own; else its published revision's, or its document's). */
  language: string;
  /** Set when the entry is a translation. */
  source: TranslationLinkDto | null;
  /** The entry's translations (empty for a translation). */
  translations: TranslationLinkDto[];
  /** A translation's sync point: the source revision it was last brought up to (null before any). */
  syncedTo: { revisionId: string; number: number } | null;
  /**
   * Set when the translation is outdated: since which source revision (the
   * first approved one after the sync point), the source's published one, and
   * the source's changes from the sync point to it.
   */
  outdated: { sinceRevision: number; sourceRevision: number; diff: DocumentDiff } | null;
  /** A pending revision of the translation that claims a sync point (what its reviewer approves). */
  pendingSync: { revisionId: string; revisionNumber: number; syncedTo: number } | null;
}
