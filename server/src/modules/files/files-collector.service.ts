import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ReferenceFinder } from './file-references';
import { FILE_STORE, type FileStore } from './file-store';
import { type ContentPage, FilesRepository } from './files.repository';

/** How often each instance collects (several instances collecting at once is safe: they serialise per file). */
const COLLECT_EVERY_MS = 60 * 60 * 1000;
/** Files considered per run (the oldest first); the rest wait for the next run. */
const MAX_FILES_PER_RUN = 1_000;
/** Rows read per query while searching stored content (a document state can be megabytes). */
const PAGE_ROWS = 50;

export interface CollectResult {
  /** Files none of whose uploads is within the grace period. */
  candidates: number;
  /** Of those, files still referred to (kept). */
  referenced: number;
  /** Files deleted, with their uploads and variants. */
  collected: number;
  /** Blobs deleted from the store (files and their variants). */
  blobsDeleted: number;
  /** Leftovers of interrupted puts removed. */
  incompleteRemoved: number;
}

/**
 * Garbage collection of files. A file is collected when every upload of it
 * is older than the grace period (FILES_GC_GRACE_HOURS: time for an upload to
 * make it into a document) and nothing refers to it: its address and its
 * upload ids appear in no revision of any entry (rendered HTML, ProseMirror
 * JSON — so a published or merely submitted figure stays forever) and in no
 * entry's live document (compacted state and log). Every entry is searched,
 * not only the uploads' own: a figure copied into another entry keeps its file.
 *
 * The search runs outside any transaction; the deletion of each file then
 * takes the file's lock and checks that no upload of it came in meanwhile, so
 * an upload racing the collector either restarts the grace period or finds
 * its blob gone and stores it again (FilesService.record). An image cut from
 * a document and not yet pasted back when the collector runs is not referred
 * to: the grace period protects only fresh uploads.
 *
 * Runs every hour on every instance outside tests; tests call collect().
 */
@Injectable()
export class FilesCollector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FilesCollector');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<CollectResult> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly files: FilesRepository,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.env === 'test') return;
    this.timer = setInterval(() => {
      this.collect().catch((err: unknown) => this.logger.error(`collection failed: ${(err as Error).stack ?? err}`));
    }, COLLECT_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One collection (a run already under way is joined, not doubled). */
  collect(graceMs = this.config.files.gcGraceMs): Promise<CollectResult> {
    this.running ??= this.run(graceMs).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(graceMs: number): Promise<CollectResult> {
    const cutoff = new Date(Date.now() - graceMs);
    const incompleteRemoved = await this.store.sweepIncomplete(cutoff);
    const candidates = await this.files.findCollectable(cutoff, MAX_FILES_PER_RUN);
    const result: CollectResult = { candidates: candidates.length, referenced: 0, collected: 0, blobsDeleted: 0, incompleteRemoved };
    if (candidates.length === 0) return result;

    const finder = new ReferenceFinder(new Set(candidates.flatMap((c) => [c.sha256, ...c.uploadIds])));
    await this.searchAll(finder, (after) => this.files.pageOfRevisionContent(after, PAGE_ROWS));
    await this.searchAll(finder, (after) => this.files.pageOfDocumentStates(after, PAGE_ROWS));
    await this.searchAll(finder, (after) => this.files.pageOfLoggedUpdates(after, PAGE_ROWS));

    for (const c of candidates) {
      if ([c.sha256, ...c.uploadIds].some((needle) => finder.referenced.has(needle))) {
        result.referenced++;
        continue;
      }
      const deleted = await this.deleteFile(c.sha256, cutoff);
      if (deleted === null) continue;
      result.collected++;
      result.blobsDeleted += deleted;
    }
    if (result.collected > 0) this.logger.log(`collected ${result.collected} unreferenced file(s), ${result.blobsDeleted} blob(s)`);
    return result;
  }

  private async searchAll(finder: ReferenceFinder, page: (after: string) => Promise<ContentPage>): Promise<void> {
    for (let p = await page(''); p; p = await page(p.cursor)) {
      for (const content of p.contents) finder.scan(content);
    }
  }

  /** Deletes the file, its variants and their blobs; null when an upload of it came in since the cutoff. Answers the blobs deleted. */
  private deleteFile(sha256: string, cutoff: Date): Promise<number | null> {
    return this.db.transaction(async (tx) => {
      await this.files.lockFile(sha256, tx);
      if (await this.files.hasUploadSince(sha256, cutoff, tx)) return null;
      const variantShas = await this.files.deleteUploadsAndVariants(sha256, tx);
      let deleted = 0;
      for (const blob of [sha256, ...variantShas]) {
        if (await this.files.isBlobInUse(blob, tx)) continue;
        // On a directory store the file goes now, before the commit: a failed commit leaves rows without a blob (served as 404).
        await this.store.delete(blob, tx);
        deleted++;
      }
      return deleted;
    });
  }
}
