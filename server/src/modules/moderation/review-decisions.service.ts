import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { enforce } from '../../common/policy';
import { AuditRepository } from './audit.repository';
import { canModerate } from './moderation.policy';
import type { ReviewableKind, ReviewDecision, ReviewTarget } from './reviewable-kind';

/**
 * A moderator's decision on a pending item of any kind: locked, authorised by
 * the one policy (four-eyes included: an author approving is refused unless
 * an admin overrides, and the override is audited), applied and audited in
 * one transaction; publication and live events after the commit.
 */
@Injectable()
export class ReviewDecisions {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async decide<TFound, TResult, TTarget extends ReviewTarget>(
    kind: ReviewableKind<TFound, TResult, TTarget>,
    actor: Actor | null,
    id: string,
    d: ReviewDecision,
  ): Promise<TResult> {
    const found = isUuid(id) ? await kind.find(id) : null;
    if (!found) throw notFound(kind.notFoundCode, `${capitalise(kind.noun)} ${id}`);
    const applied = await this.db.transaction(async (tx) => {
      // Of two moderators deciding at once the second gets 409: the decision is made on the locked state.
      const target = await kind.lock(found, tx);
      if (!target) throw notFound(kind.notFoundCode, `${capitalise(kind.noun)} ${id}`);
      enforce(canModerate(actor, d.action, target, { override: d.override }), `${d.action.replace('_', ' ')} this ${kind.noun}`);
      const overridden = d.action === 'approve' && target.contributorIds.includes(actor!.id);
      const result = await kind.apply(found, target, d, actor!.id, tx);
      await this.audit.record({ ...target.audit, actorId: actor!.id, action: d.audit, note: d.note, override: overridden }, tx);
      return result;
    });
    await kind.afterCommit(found, d, applied);
    return kind.present(found, actor!.id);
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
