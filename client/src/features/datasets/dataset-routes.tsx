import { lazy, type ReactNode, Suspense } from 'react';
import { type RouteObject, useParams } from 'react-router';
import { useI18n } from '../../i18n/i18n-context';
import { usePrefetch } from '../../api/prefetch';
import { Loading } from '../../ui/loading';
import { datasetKeys, getDataset, listDatasets } from './datasets.api';

// The datasets pages, in their own chunk.
const GroupDatasetsPage = lazy(() => import('./group-datasets-page').then((m) => ({ default: m.GroupDatasetsPage })));
const DatasetPage = lazy(() => import('./dataset-page').then((m) => ({ default: m.DatasetPage })));

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<Loading label={t('common.loading')} />}>{children}</Suspense>;
}

function GroupDatasetsRoute() {
  const slug = useParams().slug ?? '';
  usePrefetch(datasetKeys.ofGroup(slug), (signal) => listDatasets(slug, signal));
  return (
    <Lazy>
      <GroupDatasetsPage key={slug} slug={slug} />
    </Lazy>
  );
}

function DatasetRoute() {
  const id = useParams().id ?? '';
  usePrefetch(datasetKeys.dataset(id), (signal) => getDataset(id, signal));
  return (
    <Lazy>
      <DatasetPage key={id} id={id} />
    </Lazy>
  );
}

/** The workspace's datasets routes (see datasetPaths); they need a session, like the other pages. Each loads its chunk on first use. */
export const datasetRoutes: RouteObject[] = [
  { path: 'g/:slug/datasets', element: <GroupDatasetsRoute /> },
  { path: 'datasets/:id', element: <DatasetRoute /> },
];
