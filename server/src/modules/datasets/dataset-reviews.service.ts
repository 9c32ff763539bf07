import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApproveBody, DatasetVersionDto, DatasetVersionReviewDto, QueueItemDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { enforce } from '../../common/policy';
import { canModerate } from '../moderation/moderation.policy';
import { ReviewDecisions } from '../moderation/review-decisions.service';
import { ReviewKinds } from '../moderation/review-kinds.service';
import type { ReviewableKind, ReviewDecision, ReviewTarget } from '../moderation/reviewable-kind';
import { UserRefs } from '../moderation/user-refs';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { DatasetRowsRepository } from './dataset-rows.repository';
import { DatasetPublicEvents } from './dataset-public-events.service';
import { canOnDataset } from './datasets.policy';
import { toDatasetQueueItem, toVersionDto } from './datasets.presenter';
import { type DatasetRow, DatasetsRepository, type DatasetVersionRow } from './datasets.repository';

interface FoundVersion {
  version: DatasetVersionRow;
  dataset: DatasetRow;
}

/**
 * Dataset versions as a reviewable kind: the second adapter of the one review
 * (same queue, four-eyes rule and audit log as entry revisions). A decision
 * changes only the version's status; an approval makes it public.
 */
@Injectable()
export class DatasetReviewsService implements ReviewableKind<FoundVersion, DatasetVersionDto>, OnModuleInit {
  readonly kind = 'dataset_version' as const;
  readonly noun = 'dataset version';
  readonly notFoundCode = 'dataset_version_not_found' as const;

  constructor(
    private readonly decisions: ReviewDecisions,
    private readonly kinds: ReviewKinds,
    private readonly datasets: DatasetsRepository,
    private readonly rows: DatasetRowsRepository,
    private readonly refs: UserRefs,
    private readonly notifier: ReviewNotifier,
    private readonly publicEvents: DatasetPublicEvents,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  approve(actor: Actor | null, id: string, body: ApproveBody): Promise<DatasetVersionDto> {
    return this.decisions.decide(this, actor, id, { action: 'approve', status: 'approved', audit: 'approved', note: body.note ?? '', override: body.override });
  }

  requestChanges(actor: Actor | null, id: string, note: string): Promise<DatasetVersionDto> {
    return this.decisions.decide(this, actor, id, { action: 'request_changes', status: 'changes_requested', audit: 'changes_requested', note });
  }

  reject(actor: Actor | null, id: string, note: string): Promise<DatasetVersionDto> {
    return this.decisions.decide(this, actor, id, { action: 'reject', status: 'rejected', audit: 'rejected', note });
  }

  /** The review view of a version: its changes against the previous one and a sample of the rows that changed. */
  async review(actor: Actor | null, id: string): Promise<DatasetVersionReviewDto> {
    const found = isUuid(id) ? await this.find(id) : null;
    if (!found) throw notFound('dataset_version_not_found', `Dataset version ${id}`);
    const { version, dataset } = found;
    enforce(canOnDataset(actor, 'read_unapproved', dataset.groupId), 'see this dataset version');
    const prev = version.changes.previous ? await this.datasets.findVersionByNumber(dataset.id, version.changes.previous) : null;
    const sample = prev
      ? await this.rows.sample(prev, version, version.changes.key)
      : { added: await this.rows.firstRows(version, 10), removed: [], changed: [] };
    const ref = await this.refs.resolve([version.uploadedBy, version.reviewedBy]);
    const scope = { groupId: dataset.groupId, status: version.status, contributorIds: [version.uploadedBy] };
    const may = (action: 'approve' | 'request_changes' | 'reject', override = false) => canModerate(actor, action, scope, { override }) === 'allowed';
    return {
      ...toVersionDto(version, ref, true),
      datasetSlug: dataset.slug,
      datasetTitle: dataset.title,
      groupSlug: dataset.groupSlug,
      previousColumns: prev?.columns ?? null,
      sample,
      allowed: {
        approve: may('approve'),
        requestChanges: may('request_changes'),
        reject: may('reject'),
        overrideSelfReview: !may('approve') && may('approve', true),
      },
    };
  }

  async find(id: string): Promise<FoundVersion | null> {
    const version = await this.datasets.findVersion(id);
    if (!version) return null;
    const dataset = await this.datasets.findById(version.datasetId);
    return dataset ? { version, dataset } : null;
  }

  /** Locks the dataset, then the version (the order uploads use). */
  async lock({ version, dataset }: FoundVersion, tx: EntityManager): Promise<ReviewTarget | null> {
    if (!(await this.datasets.lockDataset(dataset.id, tx))) return null;
    const locked = await this.datasets.findVersionForUpdate(version.id, tx);
    if (!locked) return null;
    return {
      id: locked.id,
      groupId: dataset.groupId,
      status: locked.status,
      contributorIds: [locked.uploadedBy],
      audit: { datasetId: dataset.id, datasetVersionId: locked.id },
    };
  }

  async apply(_found: FoundVersion, target: ReviewTarget, d: ReviewDecision, actorId: string, tx: EntityManager): Promise<void> {
    await this.datasets.setDecision(target.id, d.status, actorId, d.note, tx);
  }

  async afterCommit({ version, dataset }: FoundVersion, d: ReviewDecision): Promise<void> {
    if (d.status === 'approved') this.publicEvents.changed(dataset.id);
    this.notifier.queueChanged(dataset.groupId, {
      kind: 'decided',
      revisionId: version.id,
      entryId: dataset.id,
      groupSlug: dataset.groupSlug,
      item: 'dataset_version',
    });
  }

  async present({ version }: FoundVersion): Promise<DatasetVersionDto> {
    const decided = (await this.datasets.findVersion(version.id))!;
    const ref = await this.refs.resolve([decided.uploadedBy, decided.reviewedBy]);
    return toVersionDto(decided, ref, true);
  }

  async pending(groupIds: string[] | null, now: number): Promise<QueueItemDto[]> {
    const rows = await this.datasets.findPendingForGroups(groupIds);
    const ref = await this.refs.resolve(rows.map((r) => r.uploadedBy));
    return rows.map((r) => toDatasetQueueItem(r, ref, now));
  }
}
