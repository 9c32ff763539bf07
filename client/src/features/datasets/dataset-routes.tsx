import { lazy, type ReactNode, Suspense } from 'react';
import { type RouteObject, useParams } from 'react-router';
import { useI18n } from '../../i18n/i18n-context';
import { Loading } from '../../ui/loading';

// The datasets pages, in their own chunk.
const GroupDatasetsPage = lazy(() => import('./group-datasets-page').then((m) => ({ default: m.GroupDatasetsPage })));
const DatasetPage = lazy(() => import('./dataset-page').then((m) => ({ default: m.DatasetPage })));

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<Loading label={t('common.loading')} />}>{children}</Suspense>;
}

function GroupDatasetsRoute() {
  const slug = useParams().slug ?? '';
  return (
    <Lazy>
      <GroupDatasetsPage key={slug} slug={slug} />
    </Lazy>
  );
}

function DatasetRoute() {
  const id = useParams().id ?? '';
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
