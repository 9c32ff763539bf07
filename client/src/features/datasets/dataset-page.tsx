import { type FormEvent, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { DatasetDetailDto, DatasetVersionDto } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { ResourceState } from '../../ui/load-error';
import { canModerateGroup, isAdmin } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { datasetPaths, publicDatasetUrl } from './dataset-paths';
import { datasetKeys, decideVersion, getDataset, uploadVersion, type VersionDecision } from './datasets.api';
import './datasets.css';

/** /app/datasets/:id — a dataset's versions with their review status, the upload of a new one, and moderators' decisions. */
export function DatasetPage({ id }: { id: string }) {
  const detail = useQuery({ queryKey: datasetKeys.dataset(id), queryFn: ({ signal }) => getDataset(id, signal) });
  return (
    <ResourceState data={detail.data} error={detail.error} onRetry={() => void detail.refetch()}>
      {(dataset) => <DatasetView dataset={dataset} />}
    </ResourceState>
  );
}

function DatasetView({ dataset }: { dataset: DatasetDetailDto }) {
  const { t, lang } = useI18n();
  const user = useCurrentUser();
  const canModerate = canModerateGroup(user, dataset.groupSlug);
  return (
    <section className="datasets-page">
      <nav className="breadcrumb">
        <Link to={datasetPaths.ofGroup(dataset.groupSlug)}>← {t('datasets.title')}</Link>
      </nav>
      <header className="page-header">
        <h1 data-testid="dataset-title">{lang === 'zh' && dataset.titleZh ? dataset.titleZh : dataset.title}</h1>
        <p className="muted small">
          {dataset.licence} · {dataset.source.text}
          {dataset.latestApproved !== null && (
            <>
              {' · '}
              <a href={publicDatasetUrl(dataset.slug)}>{t('datasets.publicPage')}</a>
            </>
          )}
        </p>
        {dataset.description && <p className="lead">{dataset.description}</p>}
      </header>
      <UploadForm datasetId={dataset.id} />
      <h2>{t('datasets.versions')}</h2>
      {dataset.versions.length === 0 ? (
        <p className="muted">{t('datasets.noVersions')}</p>
      ) : (
        <ol className="plain-list dataset-versions" data-testid="dataset-versions">
          {dataset.versions.map((v) => (
            <VersionItem
              key={v.id}
              version={v}
              datasetId={dataset.id}
              canDecide={canModerate && v.status === 'pending' && (v.uploadedBy.userId !== user.id || isAdmin(user))}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function VersionItem({ version: v, datasetId, canDecide }: { version: DatasetVersionDto; datasetId: string; canDecide: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const decide = async (decision: VersionDecision) => {
    setBusy(true);
    setError(null);
    try {
      await decideVersion(v.id, decision, decision === 'approve' ? {} : { note: t('datasets.decisionNote') });
      await queryClient.invalidateQueries({ queryKey: datasetKeys.dataset(datasetId) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const c = v.changes;
  return (
    <li className="dataset-version" data-testid={`dataset-version-${v.number}`}>
      <strong>{t('datasets.version', { number: v.number })}</strong>{' '}
      <span className={`badge status-${v.status}`} data-testid="version-status">
        {t(`datasets.status.${v.status}`)}
      </span>
      <div className="muted small">
        {t('datasets.versionFacts', { rows: v.rows.toLocaleString(), columns: v.columns.length, by: v.uploadedBy.name })} ·{' '}
        <code title="SHA-256">{v.sha256.slice(0, 12)}…</code>
      </div>
      <div className="small">{v.columns.map((col) => `${col.name} (${col.type})`).join(', ')}</div>
      {c.previous !== null && (
        <div className="small muted">{t('datasets.changes', { added: c.rows.added, removed: c.rows.removed, changed: c.rows.changed ?? '—' })}</div>
      )}
      {v.review?.note && <div className="small">“{v.review.note}”</div>}
      {canDecide && (
        <div className="actions">
          <button type="button" className="button small primary" disabled={busy} onClick={() => void decide('approve')} data-testid="version-approve">
            {t('datasets.approve')}
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => void decide('request-changes')}>
            {t('datasets.requestChanges')}
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => void decide('reject')}>
            {t('datasets.reject')}
          </button>
        </div>
      )}
      {error !== null && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
    </li>
  );
}

function UploadForm({ datasetId }: { datasetId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<number | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) return;
    setError(null);
    setDone(null);
    setProgress(0);
    try {
      const created = await uploadVersion(datasetId, file, note, setProgress).done;
      setDone(created.number);
      setNote('');
      if (fileInput.current) fileInput.current.value = '';
      await queryClient.invalidateQueries({ queryKey: datasetKeys.dataset(datasetId) });
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} data-testid="dataset-upload">
      <h2 className="panel-title">{t('datasets.upload')}</h2>
      <label>
        {t('datasets.file')}
        <input type="file" ref={fileInput} accept=".csv,.tsv,text/csv,text/tab-separated-values" required name="file" />
      </label>
      <label>
        {t('datasets.note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} name="note" />
      </label>
      {progress !== null && (
        <div className="upload-progress">
          <progress max={1} value={progress} data-testid="upload-progress" aria-label={t('datasets.uploading')} />{' '}
          {progress < 1 ? t('datasets.uploadingPercent', { percent: Math.round(progress * 100) }) : t('datasets.processing')}
        </div>
      )}
      {done !== null && (
        <p className="notice" data-testid="upload-done">
          {t('datasets.uploaded', { number: done })}
        </p>
      )}
      {error !== null && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
      <button type="submit" className="button primary" disabled={progress !== null}>
        {t('datasets.uploadButton')}
      </button>
    </form>
  );
}
