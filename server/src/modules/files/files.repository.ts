import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FigureMimeType } from '@knowledge-hub/shared';

/** First key of the advisory locks that serialise recording an upload of a file and collecting it (the second is a hash of its SHA-256). */
const FILE_LOCK_SPACE = 7_401;

export interface UploadRow {
  id: string;
  sha256: string;
  entryId: string;
  uploadedBy: string;
  mime: FigureMimeType;
  bytes: number;
  width: number | null;
  height: number | null;
  createdAt: Date;
}

export interface VariantRow {
  sha256: string;
  width: number;
  height: number;
  variantSha256: string;
  mime: string;
  bytes: number;
}

export interface NewUpload {
  sha256: string;
  entryId: string;
  uploadedBy: string;
  mime: FigureMimeType;
  bytes: number;
  width: number | null;
  height: number | null;
}

/** Before every uuid: where paging by id starts. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A page of stored content the collector searches for file addresses (text, or bytes: Yjs updates), and where the next page starts; null: no more. */
export type ContentPage = { cursor: string; contents: (string | Buffer)[] } | null;

/** `file_uploads` and `file_variants`, and the reads of stored content the collector needs. */
@Injectable()
export class FilesRepository {
  constructor(private readonly db: DataSource) {}

  /** Serialises, per file, recording an upload of it with collecting it (both take this lock first in their transaction). */
  async lockFile(sha256: string, tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [FILE_LOCK_SPACE, sha256]);
  }

  /** The entry's upload of this file, new or (the same file uploaded again) the existing one with its grace period restarted. */
  async upsertUpload(u: NewUpload, tx: EntityManager): Promise<UploadRow> {
    const [row] = await tx.query(
      `INSERT INTO file_uploads (sha256, entry_id, uploaded_by, mime, bytes, width, height) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (entry_id, sha256) DO UPDATE SET created_at = now()
       RETURNING *`,
      [u.sha256, u.entryId, u.uploadedBy, u.mime, u.bytes, u.width, u.height],
    );
    return toUpload(row);
  }

  async recordVariants(variants: VariantRow[], tx: EntityManager): Promise<void> {
    for (const v of variants) {
      await tx.query(`INSERT INTO file_variants (sha256, width, height, variant_sha256, mime, bytes) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [
        v.sha256,
        v.width,
        v.height,
        v.variantSha256,
        v.mime,
        v.bytes,
      ]);
    }
  }

  /** The type of an uploaded file (the same bytes have the same sniffed type in every upload of them), or null. */
  async findUploadedMime(sha256: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT mime FROM file_uploads WHERE sha256 = $1 LIMIT 1`, [sha256]);
    return row?.mime ?? null;
  }

  async findVariant(sha256: string, width: number): Promise<VariantRow | null> {
    const [row] = await this.db.query(`SELECT * FROM file_variants WHERE sha256 = $1 AND width = $2`, [sha256, width]);
    return row ? toVariant(row) : null;
  }

  /** The variants of these files, narrowest first. */
  async findVariantsOf(sha256s: string[], tx?: EntityManager): Promise<VariantRow[]> {
    if (sha256s.length === 0) return [];
    const rows = await (tx ?? this.db).query(`SELECT * FROM file_variants WHERE sha256 = ANY($1::text[]) ORDER BY sha256, width`, [sha256s]);
    return rows.map(toVariant);
  }

  // The collector.

  /** Files none of whose uploads is younger than the cutoff, oldest first, with the ids of their uploads. */
  async findCollectable(cutoff: Date, limit: number): Promise<{ sha256: string; uploadIds: string[] }[]> {
    const rows = await this.db.query(
      `SELECT sha256, array_agg(id::text) AS ids FROM file_uploads GROUP BY sha256 HAVING max(created_at) < $1 ORDER BY min(created_at) LIMIT $2`,
      [cutoff, limit],
    );
    return rows.map((r: { sha256: string; ids: string[] }) => ({ sha256: r.sha256, uploadIds: r.ids }));
  }

  /** Whether an upload of this file is younger than the cutoff (someone uploaded it again meanwhile). */
  async hasUploadSince(sha256: string, cutoff: Date, tx: EntityManager): Promise<boolean> {
    const [row] = await tx.query(`SELECT 1 FROM file_uploads WHERE sha256 = $1 AND created_at >= $2 LIMIT 1`, [sha256, cutoff]);
    return !!row;
  }

  /** Deletes the file's uploads and variant rows; answers the SHA-256s of its variants. */
  async deleteUploadsAndVariants(sha256: string, tx: EntityManager): Promise<string[]> {
    await tx.query(`DELETE FROM file_uploads WHERE sha256 = $1`, [sha256]);
    const [rows] = await tx.query(`DELETE FROM file_variants WHERE sha256 = $1 RETURNING variant_sha256`, [sha256]);
    return (rows as { variant_sha256: string }[]).map((r) => r.variant_sha256);
  }

  /** Whether a blob is still some upload's file or some other file's variant (then it must stay). */
  async isBlobInUse(sha256: string, tx: EntityManager): Promise<boolean> {
    const [row] = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM file_uploads WHERE sha256 = $1) OR EXISTS (SELECT 1 FROM file_variants WHERE variant_sha256 = $1) AS used`,
      [sha256],
    );
    return row.used === true;
  }

  /** Revisions' stored content (rendered HTML and ProseMirror JSON), a page at a time by id. */
  async pageOfRevisionContent(after: string, limit: number): Promise<ContentPage> {
    const rows: { id: string; html: string; pm: string }[] = await this.db.query(
      `SELECT id, html, pm_json::text AS pm FROM revisions WHERE id > $1::uuid ORDER BY id LIMIT $2`,
      [after || NIL_UUID, limit],
    );
    if (rows.length === 0) return null;
    return { cursor: rows[rows.length - 1].id, contents: rows.flatMap((r) => [r.html, r.pm]) };
  }

  /** Live documents' compacted Yjs states, a page at a time by entry. */
  async pageOfDocumentStates(after: string, limit: number): Promise<ContentPage> {
    const rows: { entry_id: string; state: Buffer }[] = await this.db.query(
      `SELECT entry_id, state FROM entry_documents WHERE entry_id > $1::uuid ORDER BY entry_id LIMIT $2`,
      [after || NIL_UUID, limit],
    );
    if (rows.length === 0) return null;
    return { cursor: rows[rows.length - 1].entry_id, contents: rows.map((r) => r.state) };
  }

  /** Live documents' updates not compacted yet, a page at a time by sequence. */
  async pageOfLoggedUpdates(after: string, limit: number): Promise<ContentPage> {
    const rows: { seq: string; update: Buffer }[] = await this.db.query(
      `SELECT seq::text AS seq, update FROM entry_updates WHERE seq > $1::bigint ORDER BY seq LIMIT $2`,
      [after === '' ? '0' : after, limit],
    );
    if (rows.length === 0) return null;
    return { cursor: rows[rows.length - 1].seq, contents: rows.map((r) => r.update) };
  }
}

function toUpload(r: Record<string, unknown>): UploadRow {
  return {
    id: r.id as string,
    sha256: r.sha256 as string,
    entryId: r.entry_id as string,
    uploadedBy: r.uploaded_by as string,
    mime: r.mime as FigureMimeType,
    bytes: Number(r.bytes),
    width: (r.width as number | null) ?? null,
    height: (r.height as number | null) ?? null,
    createdAt: r.created_at as Date,
  };
}

function toVariant(r: Record<string, unknown>): VariantRow {
  return {
    sha256: r.sha256 as string,
    width: r.width as number,
    height: r.height as number,
    variantSha256: r.variant_sha256 as string,
    mime: r.mime as string,
    bytes: Number(r.bytes),
  };
}
