import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImageSources } from '@knowledge-hub/shared';

const FILE_SRC = /^\/files\/([0-9a-f]{64})$/;

/**
 * The file store's facts about figures, read when a revision is frozen: each
 * image's intrinsic size and its WebP variants (file_uploads, file_variants),
 * for the public page's width/height and srcset.
 */
@Injectable()
export class FigureSourcesRepository {
  constructor(private readonly db: DataSource) {}

  /** src → its sources, for the srcs that are files of this hub with a known size. */
  async lookup(srcs: string[]): Promise<(src: string) => ImageSources | null> {
    const shas = [...new Set(srcs.map((s) => FILE_SRC.exec(s)?.[1]).filter((s): s is string => Boolean(s)))];
    if (shas.length === 0) return () => null;
    const [originals, variants]: [{ sha256: string; width: number | null; height: number | null }[], { sha256: string; width: number }[]] = await Promise.all([
      this.db.query(`SELECT DISTINCT ON (sha256) sha256, width, height FROM file_uploads WHERE sha256 = ANY($1::text[]) ORDER BY sha256, created_at`, [shas]),
      this.db.query(`SELECT sha256, width FROM file_variants WHERE sha256 = ANY($1::text[]) ORDER BY sha256, width`, [shas]),
    ]);
    const bySha = new Map<string, ImageSources>();
    for (const o of originals) {
      if (!o.width || !o.height) continue;
      const srcset = variants
        .filter((v) => v.sha256 === o.sha256 && v.width < o.width!)
        .map((v) => ({ src: `/files/${o.sha256}?w=${v.width}`, width: v.width }));
      if (srcset.length > 0) srcset.push({ src: `/files/${o.sha256}`, width: o.width });
      bySha.set(o.sha256, { srcset, width: o.width, height: o.height });
    }
    return (src) => {
      const sha = FILE_SRC.exec(src)?.[1];
      return sha ? (bySha.get(sha) ?? null) : null;
    };
  }
}
