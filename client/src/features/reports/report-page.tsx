import { type FormEvent, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { ReportDto } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { ResourceState } from '../../ui/load-error';
import { publicReportUrl, reportPaths } from './report-paths';
import { decideReport, getReport, type ReportDecision, reportKeys, uploadCaptions, uploadMediaResumable } from './reports.api';
import { formatDuration, remainingSeconds } from './upload-progress';
import './reports.css';

/** /app/reports/:id — a report: its media (resumable upload with progress and time left), captions, status and moderators' decisions. */
export function ReportPage({ id }: { id: string }) {
  const detail = useQuery({ queryKey: reportKeys.report(id), queryFn: ({ signal }) => getReport(id, signal) });
  return (
    <ResourceState data={detail.data} error={detail.error} onRetry={() => void detail.refetch()}>
      {(report) => <ReportView report={report} />}
    </ResourceState>
  );
}

function ReportView({ report }: { report: ReportDto }) {
  const { t, lang } = useI18n();
  const m = report.media;
  return (
    <section className="reports-page">
      <nav className="breadcrumb">
        <Link to={reportPaths.ofGroup(report.groupSlug)}>← {t('reports.title')}</Link>
      </nav>
      <header className="page-header">
        <h1 data-testid="report-title">{lang === 'zh' && report.titleZh ? report.titleZh : report.title}</h1>
        <p className="muted small">
          {t(`reports.kind.${report.kind}`)} ·{' '}
          <span className={`badge status-${report.status}`} data-testid="report-status">
            {t(`reports.status.${report.status}`)}
          </span>
          {report.status === 'approved' && (
            <>
              {' · '}
              <a href={publicReportUrl(report.slug)} data-testid="report-public-link">
                {t('reports.publicPage')}
              </a>
            </>
          )}
        </p>
        {report.description && <p className="lead">{report.description}</p>}
        {report.speakers.length > 0 && <p className="small">{t('reports.speakers', { names: report.speakers.join(', ') })}</p>}
      </header>
      {m && (
        <div className="report-media">
          {report.kind === 'video' ? (
            // biome-ignore lint/a11y/useMediaCaption: the captions are the report's own tracks below, when uploaded
            <video controls preload="metadata" src={m.url} poster={m.posterUrl ?? undefined} className="report-player">
              {report.captions.map((c) => (
                <track key={c.id} kind="captions" src={c.url} srcLang={c.language} label={c.language} />
              ))}
            </video>
          ) : (
            // biome-ignore lint/a11y/useMediaCaption: the captions are the report's own tracks below, when uploaded
            <audio controls preload="metadata" src={m.url} className="report-player">
              {report.captions.map((c) => (
                <track key={c.id} kind="captions" src={c.url} srcLang={c.language} label={c.language} />
              ))}
            </audio>
          )}
          <p className="muted small" data-testid="report-metadata">
            {m.mime} · {(m.bytes / 1_048_576).toFixed(1)} MB
            {m.durationSeconds !== null && ` · ${formatDuration(m.durationSeconds)}`}
            {m.width !== null && ` · ${m.width}×${m.height}`}
            {m.codecs.length > 0 && ` · ${m.codecs.join(', ')}`}
          </p>
          {m.missing.length > 0 && (
            <p className="notice small" data-testid="report-missing-metadata">
              {t(m.missingReason === 'ffmpeg_unavailable' ? 'reports.missingNoTools' : 'reports.missingUnreadable', { fields: m.missing.join(', ') })}
            </p>
          )}
        </div>
      )}
      <Decisions report={report} />
      {report.allowed.upload && <MediaUpload report={report} />}
      <h2>{t('reports.captions')}</h2>
      {report.captions.length === 0 ? (
        <p className="muted">{t('reports.noCaptions')}</p>
      ) : (
        <ul className="plain-list" data-testid="report-captions">
          {report.captions.map((c) => (
            <li key={c.id}>
              <a href={c.url}>{c.language}</a> <span className="muted small">· {t('reports.cues', { count: c.cues })}</span>
            </li>
          ))}
        </ul>
      )}
      {report.allowed.upload && <CaptionUpload reportId={report.id} />}
    </section>
  );
}

function Decisions({ report }: { report: ReportDto }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const a = report.allowed;
  if (!a.approve && !a.requestChanges && !a.reject && !report.review) return null;
  const decide = async (decision: ReportDecision) => {
    setBusy(true);
    setError(null);
    try {
      await decideReport(report.id, decision, decision === 'approve' ? {} : { note: t('reports.decisionNote') });
      await queryClient.invalidateQueries({ queryKey: reportKeys.report(report.id) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel">
      {report.review && (
        <p className="small" data-testid="report-review">
          {t('reports.reviewed', { by: report.review.by.name })}
          {report.review.note && ` “${report.review.note}”`}
        </p>
      )}
      {(a.approve || a.requestChanges || a.reject) && (
        <div className="actions">
          {a.approve && (
            <button type="button" className="button small primary" disabled={busy} onClick={() => void decide('approve')} data-testid="report-approve">
              {t('reports.approve')}
            </button>
          )}
          {a.requestChanges && (
            <button type="button" className="button small" disabled={busy} onClick={() => void decide('request-changes')}>
              {t('reports.requestChanges')}
            </button>
          )}
          {a.reject && (
            <button type="button" className="button small" disabled={busy} onClick={() => void decide('reject')}>
              {t('reports.reject')}
            </button>
          )}
        </div>
      )}
      {error !== null && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
    </div>
  );
}

function MediaUpload({ report }: { report: ReportDto }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number; left: number | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) return;
    setError(null);
    setDone(false);
    const startedAt = Date.now();
    setProgress({ sent: 0, total: file.size, left: null });
    try {
      await uploadMediaResumable(report.id, file, (sent, total, startBytes) =>
        setProgress({ sent, total, left: remainingSeconds({ sent, total, startBytes, startedAt, now: Date.now() }) }),
      );
      setDone(true);
      if (fileInput.current) fileInput.current.value = '';
      await queryClient.invalidateQueries({ queryKey: reportKeys.report(report.id) });
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} data-testid="report-media-upload">
      <h2 className="panel-title">{report.media ? t('reports.replaceMedia') : t('reports.uploadMedia')}</h2>
      <label>
        {t('reports.mediaFile')}
        <input type="file" ref={fileInput} accept="video/mp4,video/webm,audio/mpeg,audio/mp4,audio/ogg,.m4a,.opus" required name="file" />
      </label>
      {progress !== null && (
        <div className="upload-progress" data-testid="media-progress">
          <progress max={progress.total} value={progress.sent} aria-label={t('reports.uploading')} />{' '}
          {progress.sent < progress.total
            ? t('reports.uploadingPercent', { percent: Math.floor((progress.sent / progress.total) * 100) })
            : t('reports.processing')}
          {progress.left !== null && progress.sent < progress.total && ` · ${t('reports.timeLeft', { time: formatDuration(progress.left) })}`}
        </div>
      )}
      {done && (
        <p className="notice" data-testid="media-done">
          {t('reports.uploaded')}
        </p>
      )}
      {error !== null && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
      <button type="submit" className="button primary" disabled={progress !== null}>
        {t('reports.uploadButton')}
      </button>
    </form>
  );
}

function CaptionUpload({ reportId }: { reportId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [language, setLanguage] = useState('en');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await uploadCaptions(reportId, file, language);
      if (fileInput.current) fileInput.current.value = '';
      await queryClient.invalidateQueries({ queryKey: reportKeys.report(reportId) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} data-testid="report-caption-upload">
      <h2 className="panel-title">{t('reports.uploadCaptions')}</h2>
      <label>
        {t('reports.language')}
        <input value={language} onChange={(e) => setLanguage(e.target.value)} required name="language" list="caption-languages" />
        <datalist id="caption-languages">
          <option value="en" />
          <option value="zh" />
        </datalist>
      </label>
      <label>
        {t('reports.captionFile')}
        <input type="file" ref={fileInput} accept=".vtt,text/vtt" required name="captions" />
      </label>
      {error !== null && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
      <button type="submit" className="button" disabled={busy}>
        {t('reports.uploadButton')}
      </button>
    </form>
  );
}
