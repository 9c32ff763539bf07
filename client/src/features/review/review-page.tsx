import { useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { RevisionDetailDto, UserDto } from '@knowledge-hub/shared';
import { getGroup } from '../../api/groups.api';
import { getRevision } from '../../api/moderation.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { paths, publicEntryUrl } from '../../routing/paths';
import { useFocusOnMount } from '../../ui/focus-on-mount';
import { ResourceState } from '../../ui/load-error';
import { localizedGroup } from '../groups/localized-group';
import { RevisionBackLink } from './back-link';
import { ChangeSummary } from './change-summary';
import { RevisionComments } from '../discussion/revision-comments';
import { isAdmin, roleInGroup } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { ReviewActions, type Decision } from './review-actions';
import { RevisionDiff } from './revision-diff';
import { ReviewPairNote } from '../translations/translations-panel';
// Formulas in the revision's HTML (typeset by the server) and in the diff use KaTeX's classes and fonts.
import 'katex/dist/katex.min.css';
import './review.css';

type Tab = 'changes' | 'revision';

/**
 * /app/review/:revisionId — one frozen revision: who made it, its diff
 * against what readers see now, its rendered text, and the decision. Another
 * moderator may decide it while we read: the review event refetches it.
 */
export function ReviewPage({ revisionId }: { revisionId: string }) {
  const revision = useQuery({ queryKey: queryKeys.revision(revisionId), queryFn: ({ signal }) => getRevision(revisionId, signal) });
  return (
    <ResourceState
      data={revision.data}
      error={revision.error}
      onRetry={revision.refetch}
      errorFooter={
        <p>
          <RevisionBackLink entryId={null} />
        </p>
      }
    >
      {(detail) => <RevisionView detail={detail} />}
    </ResourceState>
  );
}

function RevisionView({ detail }: { detail: RevisionDetailDto }) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const user = useCurrentUser();
  return (
    <section className="review-page" data-revision-id={detail.id}>
      <nav className="breadcrumb">
        <RevisionBackLink entryId={detail.entryId} />
      </nav>
      <RevisionHeader detail={detail} />
      {decision && <DecisionResult key={decision} decision={decision} number={detail.number} />}
      <div className="two-columns review-layout">
        <RevisionContent detail={detail} />
        <aside>
          <ReviewActions key={detail.id} revision={detail} onDecided={setDecision} />
          {detail.review && <ReviewRecord review={detail.review} />}
          {inGroup(user, detail.groupSlug) && <RevisionComments revision={detail} />}
        </aside>
      </div>
    </section>
  );
}

/** What the moderator just decided, focused when it appears (the pressed button is gone), with the way back to the queue. */
function DecisionResult({ decision, number }: { decision: Decision; number: number }) {
  const { t } = useI18n();
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div ref={ref} tabIndex={-1} className="notice decision-result" role="status" data-testid="decision-result" data-decision={decision}>
      <span>{t(`review.result.${decision}`, { number })}</span>{' '}
      <Link to={paths.reviewQueue()} data-testid="back-to-queue">
        {t('review.backToQueue')}
      </Link>
    </div>
  );
}

function RevisionHeader({ detail }: { detail: RevisionDetailDto }) {
  const { t, lang, formatDate } = useI18n();
  const group = useQuery({ queryKey: queryKeys.group(detail.groupSlug), queryFn: ({ signal }) => getGroup(detail.groupSlug, signal) });
  const groupName = group.data ? localizedGroup(group.data, lang).name : detail.groupSlug;
  return (
    <header className="page-header review-header">
      <h1 data-testid="revision-title">{detail.title || t('entries.untitled')}</h1>
      {detail.summary && <p className="lead">{detail.summary}</p>}
      <p className="badges">
        <span className="badge">{t('review.revisionNumber', { number: detail.number })}</span>
        <span className={`badge revision-status-${detail.status}`} data-testid="revision-status" data-status={detail.status}>
          {t(`revisionStatus.${detail.status}`)}
        </span>
      </p>
      {/* The group on a line of its own: its name arrives after the revision, and a longer name must not push the page down. */}
      <dl className="meta-list small">
        <dt>{t('review.colGroup')}</dt>
        <dd data-testid="revision-group">{groupName}</dd>
        <dt>{t('review.colSubmitter')}</dt>
        <dd>
          {detail.submittedBy.name} · <time dateTime={detail.submittedAt}>{formatDate(detail.submittedAt)}</time>
        </dd>
        <dt>{t('review.contributors')}</dt>
        <dd data-testid="revision-contributors">{detail.contributors.length ? detail.contributors.map((c) => c.name).join(', ') : '—'}</dd>
        {detail.changeNote && (
          <>
            <dt>{t('history.changeNote')}</dt>
            <dd data-testid="revision-change-note">{detail.changeNote}</dd>
          </>
        )}
      </dl>
      <ReviewPairNote entryId={detail.entryId} revisionId={detail.id} />
      <p className="small links-row">
        <Link to={paths.editor(detail.entryId)} data-testid="open-editor">
          {t('review.openEditor')}
        </Link>
        {detail.published && (
          <a href={publicEntryUrl(detail.entrySlug)} target="_blank" rel="noopener" data-testid="view-published">
            {t('publish.viewPublished')}
          </a>
        )}
      </p>
    </header>
  );
}

function ReviewRecord({ review }: { review: NonNullable<RevisionDetailDto['review']> }) {
  const { t, formatDate } = useI18n();
  return (
    <section className="panel" data-testid="review-record">
      <h2 className="panel-title">{t('review.reviewedBy')}</h2>
      <p className="small">
        {review.by.name} · <time dateTime={review.at}>{formatDate(review.at)}</time>
      </p>
      {review.note && <blockquote className="review-note-quote">{review.note}</blockquote>}
    </section>
  );
}

/** The two views of the revision: the diff against the published text, and the text itself. */
function RevisionContent({ detail }: { detail: RevisionDetailDto }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('changes');
  const [sideBySide, setSideBySide] = useState(false);
  const { diff, published } = detail;
  const total = diff.added + diff.removed + diff.changed;

  // The server diffs against the revision readers see now; the published revision itself is diffed against nothing.
  const diffCaption = () => {
    if (!published) return t('review.noPublished');
    if (published.id === detail.id) return t('review.isPublished');
    return total === 0
      ? `${t('review.comparedWith', { number: published.number })} ${t('review.noDiff')}`
      : t('review.comparedWith', { number: published.number });
  };

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const next: Tab = tab === 'changes' ? 'revision' : 'changes';
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  const tabButton = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      aria-controls={`panel-${id}`}
      aria-selected={tab === id}
      tabIndex={tab === id ? 0 : -1}
      className="tab"
      data-testid={`tab-${id}`}
      onClick={() => setTab(id)}
    >
      {label}
    </button>
  );

  return (
    <div className="review-content">
      <div className="tabs" role="tablist" aria-label={t('review.views')} onKeyDown={onTabKey}>
        {tabButton('changes', t('review.tabChanges'))}
        {tabButton('revision', t('review.tabRevision'))}
      </div>
      <div role="tabpanel" id="panel-changes" aria-labelledby="tab-changes" hidden={tab !== 'changes'}>
        <p className="diff-caption small">
          <ChangeSummary added={diff.added} removed={diff.removed} changed={diff.changed} testId="diff-summary" />{' '}
          <span className="muted">{diffCaption()}</span>
        </p>
        <RevisionDiff diff={diff} />
      </div>
      <div role="tabpanel" id="panel-revision" aria-labelledby="tab-revision" hidden={tab !== 'revision'}>
        {published && (
          <label className="checkbox small">
            <input type="checkbox" data-testid="show-published" checked={sideBySide} onChange={(e) => setSideBySide(e.target.checked)} />
            {t('review.showPublished', { number: published.number })}
          </label>
        )}
        <div className={sideBySide && published ? 'compare-columns' : undefined}>
          {sideBySide && published && (
            <div>
              <h3 className="column-title">{t('review.publishedRevision', { number: published.number })}</h3>
              {/* Sanitized on the server when the revision was frozen (shared render-html allow-list). */}
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered from the shared allow-list renderer */}
              <article className="prose rendered-html" data-testid="published-html" dangerouslySetInnerHTML={{ __html: published.html }} />
            </div>
          )}
          <div>
            {sideBySide && published && <h3 className="column-title">{t('review.thisRevision', { number: detail.number })}</h3>}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered from the shared allow-list renderer */}
            <article className="prose rendered-html" data-testid="revision-html" dangerouslySetInnerHTML={{ __html: detail.html }} />
          </div>
        </div>
      </div>
    </div>
  );
}

/** Members of the revision's group (and admins) read and answer its comments. */
function inGroup(user: UserDto, groupSlug: string): boolean {
  return isAdmin(user) || roleInGroup(user, groupSlug) !== null;
}
