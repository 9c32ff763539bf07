import type { CommentDto, CommentThreadDto } from '@knowledge-hub/shared';
import type { CommentRow } from './comments.repository';

type NameOf = (id: string) => string;

export function toCommentDto(c: CommentRow, nameOf: NameOf): CommentDto {
  return {
    id: c.id,
    author: { userId: c.authorId, name: c.authorName },
    body: c.body,
    mentions: c.mentions.map((id) => ({ userId: id, name: nameOf(id) })),
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt ? c.editedAt.toISOString() : null,
  };
}

/** Comments (any order) grouped into threads, each root first, threads in the order they were started. */
export function toThreads(rows: CommentRow[], nameOf: NameOf): CommentThreadDto[] {
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const threads = new Map<string, CommentThreadDto>();
  for (const c of sorted) {
    if (c.parentId !== null || !c.anchor) continue;
    threads.set(c.id, {
      id: c.id,
      entryId: c.entryId,
      revisionId: c.revisionId,
      anchor: c.anchor,
      resolved: c.resolvedAt && c.resolvedBy ? { by: { userId: c.resolvedBy, name: c.resolvedByName ?? '' }, at: c.resolvedAt.toISOString() } : null,
      comments: [toCommentDto(c, nameOf)],
    });
  }
  for (const c of sorted) if (c.parentId !== null) threads.get(c.parentId)?.comments.push(toCommentDto(c, nameOf));
  return Array.from(threads.values());
}
