import type { DatasetDto, DatasetVersionDto, PublicDatasetDto, QueueItemDto, UserRef } from '@knowledge-hub/shared';
import type { DatasetRow, DatasetVersionRow } from './datasets.repository';

/** Rows in, DTOs (shared/src/datasets.ts) out; `ref` resolves user ids (UserRefs.resolve). */
type Ref = (id: string) => UserRef;

export function toDatasetDto(d: DatasetRow, ref: Ref): DatasetDto {
  return {
    id: d.id,
    slug: d.slug,
    groupSlug: d.groupSlug,
    title: d.title,
    titleZh: d.titleZh,
    description: d.description,
    licence: d.licence,
    source: { text: d.sourceText, url: d.sourceUrl },
    createdBy: ref(d.createdBy),
    createdAt: new Date(d.createdAt).toISOString(),
    latestApproved: d.latestApproved,
  };
}

/** `showNote`: the reviewer's note is for the group's members and the uploader. */
export function toVersionDto(v: DatasetVersionRow, ref: Ref, showNote: boolean): DatasetVersionDto {
  return {
    id: v.id,
    datasetId: v.datasetId,
    number: v.number,
    sha256: v.sha256,
    bytes: Number(v.bytes),
    rows: v.rows,
    columns: v.columns,
    status: v.status,
    note: v.note,
    uploadedBy: ref(v.uploadedBy),
    createdAt: new Date(v.createdAt).toISOString(),
    review: v.reviewedBy && v.reviewedAt ? { by: ref(v.reviewedBy), at: new Date(v.reviewedAt).toISOString(), note: showNote ? v.reviewNote : '' } : null,
    changes: v.changes,
  };
}

export function toDatasetQueueItem(
  v: Pick<DatasetVersionRow, 'id' | 'datasetId' | 'number' | 'changes' | 'uploadedBy' | 'createdAt'> & {
    slug: string;
    title: string;
    groupSlug: string;
    groupName: string;
    groupNameZh: string;
  },
  ref: Ref,
  now: number,
): QueueItemDto {
  const at = new Date(v.createdAt);
  return {
    kind: 'dataset_version',
    revisionId: v.id,
    entryId: v.datasetId,
    entrySlug: v.slug,
    title: v.title,
    groupSlug: v.groupSlug,
    groupName: v.groupName,
    groupNameZh: v.groupNameZh,
    number: v.number,
    submittedBy: ref(v.uploadedBy),
    submittedAt: at.toISOString(),
    ageSeconds: Math.max(0, Math.round((now - at.getTime()) / 1000)),
    change: { added: v.changes.rows.added, removed: v.changes.rows.removed, changed: v.changes.rows.changed ?? 0 },
  };
}

export function toPublicDataset(d: DatasetRow, latest: DatasetVersionRow | null, siteUrl: string): PublicDatasetDto {
  return {
    slug: d.slug,
    title: d.title,
    titleZh: d.titleZh,
    description: d.description,
    licence: d.licence,
    source: { text: d.sourceText, url: d.sourceUrl },
    group: { slug: d.groupSlug, name: d.groupName, nameZh: d.groupNameZh },
    latest: latest
      ? {
          number: latest.number,
          sha256: latest.sha256,
          rows: latest.rows,
          columns: latest.columns,
          approvedAt: new Date(latest.reviewedAt ?? latest.createdAt).toISOString(),
        }
      : null,
    url: `${siteUrl}/d/${encodeURIComponent(d.slug)}`,
  };
}
