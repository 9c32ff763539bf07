import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { ENTRY_LANGUAGES, type EntryDetailDto, type EntryTranslationsDto, type TranslationLinkDto } from '@knowledge-hub/shared';
import { createTranslation, getTranslations, syncTranslation, translationsKey } from '../../api/translations.api';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { paths } from '../../routing/paths';
import { ErrorMessage } from '../../ui/error-message';
import { RevisionDiff } from '../review/revision-diff';

/** The name of an entry's language, written in that language (as the public switch shows it). */
export function languageName(language: string): string {
  return language === 'zh' ? '中文' : language === 'en' ? 'English' : language;
}

/** The entry's translations query (shared by the editor's panel and the review page). */
export function useTranslations(entryId: string) {
  return useQuery({ queryKey: translationsKey(entryId), queryFn: ({ signal }) => getTranslations(entryId, signal) });
}

/**
 * The editor's aside panel for paired entries: "Translation of …" or
 * "Translations: 中文" links, creating a translation, and on a translation the
 * sync state — "translation outdated since revision N" with the source's
 * changes since the sync point, and the submission that claims it is up to date.
 */
export function TranslationsPanel({ entry }: { entry: EntryDetailDto }) {
  const { t } = useI18n();
  const state = useTranslations(entry.id);
  if (!state.data) return null;
  const data = state.data;
  return (
    <section className="panel" aria-labelledby="translations-heading" data-testid="translations-panel">
      <h2 id="translations-heading" className="panel-title">
        {t('translations.title')}
      </h2>
      <PairLinks data={data} />
      {data.source ? <SyncState entry={entry} data={data} /> : <CreateTranslation entry={entry} data={data} />}
    </section>
  );
}

/** "Translation of …" or "Translations: 中文 · …" (the review page shows the same). */
export function PairLinks({ data }: { data: EntryTranslationsDto }) {
  const { t } = useI18n();
  if (data.source) {
    return (
      <p className="small" data-testid="translation-of">
        {t('translations.translationOf', { language: languageName(data.language) })} <PairLink link={data.source} />
      </p>
    );
  }
  if (data.translations.length === 0) return <p className="muted small">{t('translations.none')}</p>;
  return (
    <p className="small" data-testid="translations-list">
      {t('translations.list')}{' '}
      {data.translations.map((link, i) => (
        <span key={link.entryId}>
          {i > 0 && ' · '}
          <PairLink link={link} label={languageName(link.language)} />
          {link.outdated && <span className="badge small">{t('translations.outdatedBadge')}</span>}
        </span>
      ))}
    </p>
  );
}

function PairLink({ link, label }: { link: TranslationLinkDto; label?: string }) {
  return (
    <Link to={paths.editor(link.entryId)} lang={link.language} hrefLang={link.language}>
      {label ?? link.title}
    </Link>
  );
}

function CreateTranslation({ entry, data }: { entry: EntryDetailDto; data: EntryTranslationsDto }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const missing = ENTRY_LANGUAGES.filter((l) => l !== data.language && !data.translations.some((x) => x.language === l));
  const creation = useMutation({
    mutationFn: (language: (typeof ENTRY_LANGUAGES)[number]) => createTranslation(entry.id, { language }),
    onSuccess: (created) => navigate(paths.editor(created.id)),
  });
  if (entry.access !== 'write' || missing.length === 0) return null;
  if (!entry.publishedRevisionId) return <p className="muted small">{t('translations.publishFirst')}</p>;
  return (
    <>
      {missing.map((language) => (
        <button
          key={language}
          type="button"
          className="button small"
          disabled={creation.isPending}
          onClick={() => creation.mutate(language)}
          data-testid={`create-translation-${language}`}
        >
          {t('translations.create', { language: languageName(language) })}
        </button>
      ))}
      {creation.isError && <ErrorMessage>{errorText(t, creation.error)}</ErrorMessage>}
    </>
  );
}

function SyncState({ entry, data }: { entry: EntryDetailDto; data: EntryTranslationsDto }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const sync = useMutation({
    mutationFn: (syncedTo: number) => syncTranslation(entry.id, { syncedTo }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['entry', entry.id] }),
  });
  return (
    <>
      {data.syncedTo && <p className="muted small">{t('translations.syncedTo', { number: data.syncedTo.number })}</p>}
      {data.outdated ? (
        <div className="translation-outdated" data-testid="translation-outdated" role="note">
          <p>
            <strong>{t('translations.outdated', { number: data.outdated.sinceRevision })}</strong>{' '}
            {t('translations.outdatedHelp', { number: data.outdated.sourceRevision })}
          </p>
          <RevisionDiff diff={data.outdated.diff} />
          {data.pendingSync ? null : entry.access === 'write' ? (
            <button
              type="button"
              className="button small"
              disabled={sync.isPending}
              onClick={() => sync.mutate(data.outdated!.sourceRevision)}
              data-testid="submit-synced"
            >
              {t('translations.submitSynced', { number: data.outdated.sourceRevision })}
            </button>
          ) : null}
          {sync.isError && <ErrorMessage>{errorText(t, sync.error)}</ErrorMessage>}
        </div>
      ) : (
        <p className="muted small" data-testid="translation-up-to-date">
          {t('translations.upToDate')}
        </p>
      )}
      {data.pendingSync && (
        <p className="small" data-testid="pending-sync">
          <Link to={paths.review(data.pendingSync.revisionId)}>
            {t('translations.pendingSync', { revision: data.pendingSync.revisionNumber, number: data.pendingSync.syncedTo })}
          </Link>
        </p>
      )}
    </>
  );
}

/** On the review page: which pair the revision belongs to and, when it claims a sync point, which. */
export function ReviewPairNote({ entryId, revisionId }: { entryId: string; revisionId: string }) {
  const { t } = useI18n();
  const state = useTranslations(entryId);
  const data = state.data;
  if (!data || (!data.source && data.translations.length === 0)) return null;
  return (
    <div className="small" data-testid="review-pair">
      <PairLinks data={data} />
      {data.pendingSync?.revisionId === revisionId && (
        <p data-testid="review-sync-claim">
          <strong>{t('translations.claim', { number: data.pendingSync.syncedTo })}</strong>
        </p>
      )}
    </div>
  );
}
