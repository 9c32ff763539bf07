import { type FormEvent, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { ReportKind } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { GroupItemsPage } from '../../ui/group-items-page';
import { reportPaths } from './report-paths';
import { createReport, listReports, reportKeys } from './reports.api';
import './reports.css';

/** /app/g/:slug/reports — a group's video and audio reports and the form to add one. */
export function GroupReportsPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const list = useQuery({ queryKey: reportKeys.ofGroup(slug), queryFn: ({ signal }) => listReports(slug, signal) });
  return (
    <GroupItemsPage
      groupSlug={slug}
      kind={{ pageClass: 'reports-page', listClass: 'report-list', listTestId: 'report-list' }}
      title={t('reports.title')}
      emptyText={t('reports.none')}
      list={list}
      linkOf={(r) => reportPaths.report(r.id)}
      detailsOf={(r) => (
        <>
          · {t(`reports.kind.${r.kind}`)} · {t(`reports.status.${r.status}`)}
        </>
      )}
      form={<NewReportForm groupSlug={slug} />}
    />
  );
}

function NewReportForm({ groupSlug }: { groupSlug: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [titleZh, setTitleZh] = useState('');
  const [kind, setKind] = useState<ReportKind>('video');
  const [description, setDescription] = useState('');
  const [speakers, setSpeakers] = useState('');
  const [recordedAt, setRecordedAt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await createReport(groupSlug, {
        title,
        titleZh: titleZh || undefined,
        kind,
        description,
        recordedAt: recordedAt || undefined,
        speakers: speakers
          .split(/[,，\n]/)
          .map((s) => s.trim())
          .filter(Boolean),
      });
      await queryClient.invalidateQueries({ queryKey: reportKeys.ofGroup(groupSlug) });
      navigate(reportPaths.report(created.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} data-testid="new-report-form">
      <h2 className="panel-title">{t('reports.new')}</h2>
      <label>
        {t('reports.fieldTitle')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required name="title" />
      </label>
      <label>
        {t('reports.fieldTitleZh')}
        <input value={titleZh} onChange={(e) => setTitleZh(e.target.value)} name="titleZh" lang="zh" />
      </label>
      <label>
        {t('reports.fieldKind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as ReportKind)} name="kind">
          <option value="video">{t('reports.kind.video')}</option>
          <option value="audio">{t('reports.kind.audio')}</option>
        </select>
      </label>
      <label>
        {t('reports.fieldSpeakers')}
        <input value={speakers} onChange={(e) => setSpeakers(e.target.value)} name="speakers" />
      </label>
      <label>
        {t('reports.fieldRecordedAt')}
        <input type="date" value={recordedAt} onChange={(e) => setRecordedAt(e.target.value)} name="recordedAt" />
      </label>
      <label>
        {t('reports.fieldDescription')}
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} name="description" />
      </label>
      {error !== null && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
      <button type="submit" className="button primary" disabled={busy}>
        {t('reports.create')}
      </button>
    </form>
  );
}
