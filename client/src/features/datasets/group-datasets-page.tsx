import { type FormEvent, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { datasetPaths } from './dataset-paths';
import { ErrorMessage } from '../../ui/error-message';
import { GroupItemsPage } from '../../ui/group-items-page';
import { createDataset, datasetKeys, listDatasets } from './datasets.api';
import './datasets.css';

/** /app/g/:slug/datasets — a group's datasets and the form to add one. */
export function GroupDatasetsPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const list = useQuery({ queryKey: datasetKeys.ofGroup(slug), queryFn: ({ signal }) => listDatasets(slug, signal) });
  return (
    <GroupItemsPage
      groupSlug={slug}
      kind={{ pageClass: 'datasets-page', listClass: 'dataset-list', listTestId: 'dataset-list' }}
      title={t('datasets.title')}
      emptyText={t('datasets.none')}
      list={list}
      linkOf={(d) => datasetPaths.dataset(d.id)}
      detailsOf={(d) => (
        <>
          · {d.licence} · {d.latestApproved === null ? t('datasets.noApproved') : t('datasets.latestApproved', { number: d.latestApproved })}
        </>
      )}
      form={<NewDatasetForm groupSlug={slug} />}
    />
  );
}

function NewDatasetForm({ groupSlug }: { groupSlug: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [licence, setLicence] = useState('CC-BY-4.0');
  const [source, setSource] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await createDataset(groupSlug, { title, licence, description, source: { text: source } });
      await queryClient.invalidateQueries({ queryKey: datasetKeys.ofGroup(groupSlug) });
      navigate(datasetPaths.dataset(created.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} data-testid="new-dataset-form">
      <h2 className="panel-title">{t('datasets.new')}</h2>
      <label>
        {t('datasets.fieldTitle')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required name="title" />
      </label>
      <label>
        {t('datasets.fieldLicence')}
        <input value={licence} onChange={(e) => setLicence(e.target.value)} required name="licence" />
      </label>
      <label>
        {t('datasets.fieldSource')}
        <input value={source} onChange={(e) => setSource(e.target.value)} required name="source" />
      </label>
      <label>
        {t('datasets.fieldDescription')}
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} name="description" />
      </label>
      {error !== null && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
      <button type="submit" className="button primary" disabled={busy}>
        {t('datasets.create')}
      </button>
    </form>
  );
}
