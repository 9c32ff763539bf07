import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '../../api/query-keys';
import { invalidateForEntryEvent, invalidateForReviewEvent } from './use-review-queue-events';

/** A cache holding the data of two entries in two groups, the queue and two revisions. */
function filledCache(): QueryClient {
  const client = new QueryClient();
  for (const key of [
    queryKeys.reviewQueue(),
    queryKeys.revision('r1'),
    queryKeys.revision('r2'),
    queryKeys.entry('e1'),
    queryKeys.entryRevisions('e1'),
    queryKeys.entryAudit('e1'),
    queryKeys.entry('e2'),
    queryKeys.groups(),
    queryKeys.group('vaccines'),
    queryKeys.groupEntries('vaccines'),
    queryKeys.groupEntries('tcm'),
  ]) {
    client.setQueryData(key, { cached: true });
  }
  return client;
}

const stale = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => JSON.stringify(q.queryKey))
    .sort();

describe('invalidateForReviewEvent', () => {
  it('makes stale what a decision changes, and nothing else', () => {
    const client = filledCache();
    invalidateForReviewEvent(client, { kind: 'decided', revisionId: 'r1', entryId: 'e1', groupSlug: 'vaccines' });
    expect(stale(client)).toEqual(
      [
        queryKeys.reviewQueue(),
        queryKeys.revision('r1'),
        queryKeys.entry('e1'),
        queryKeys.entryRevisions('e1'),
        queryKeys.entryAudit('e1'),
        queryKeys.groupEntries('vaccines'),
      ]
        .map((k) => JSON.stringify(k))
        .sort(),
    );
  });

  it('after the first connection refreshes only the moderators’ views', () => {
    const client = filledCache();
    invalidateForReviewEvent(client, 'connected');
    expect(stale(client)).toEqual([queryKeys.reviewQueue(), queryKeys.revision('r1'), queryKeys.revision('r2')].map((k) => JSON.stringify(k)).sort());
  });

  it('after a reconnect refreshes everything an event could have concerned', () => {
    const client = filledCache();
    invalidateForReviewEvent(client, 'reconnected');
    // Only the groups list (entry counts change with creations, not with reviews) stays fresh.
    expect(stale(client)).not.toContain(JSON.stringify(queryKeys.groups()));
    expect(stale(client)).toHaveLength(10);
  });
});

describe('invalidateForEntryEvent', () => {
  it('makes stale the entry (record, revisions, audit log) and its group’s entry list, nothing else', () => {
    const client = filledCache();
    invalidateForEntryEvent(client, { kind: 'unpublished', entryId: 'e1', groupSlug: 'vaccines' });
    expect(stale(client)).toEqual(
      [queryKeys.entry('e1'), queryKeys.entryAudit('e1'), queryKeys.entryRevisions('e1'), queryKeys.groupEntries('vaccines')]
        .map((k) => JSON.stringify(k))
        .sort(),
    );
  });
});
