import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The entry row's copy of its live body text (entries.live_text), for the workspace search. */
@Injectable()
export class LiveTextRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores the text when it changed; the entry counts as edited now (updated_at: "Recently edited").
   * A NUL, which a client may type and Postgres text cannot hold, is dropped (it failed every sync of such a document).
   */
  async store(entryId: string, text: string): Promise<void> {
    await this.db.query(`UPDATE entries SET live_text = $2, updated_at = now() WHERE id = $1 AND live_text IS DISTINCT FROM $2`, [entryId, withoutNul(text)]);
  }
}

export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}
