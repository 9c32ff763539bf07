import { type RouteObject, useParams } from 'react-router';
import { prefetchRead, useRoutePrefetch } from '../../api/prefetch';
import { Lazy, lazyPage, type RouteHandle } from '../../routing/lazy-page';
import { datasetKeys, getDataset, listDatasets } from './datasets.api';

// The datasets pages, in their own chunk.
const GroupDatasetsPage = lazyPage(() => import('./group-datasets-page').then((m) => m.GroupDatasetsPage));
const DatasetPage = lazyPage(() => import('./dataset-page').then((m) => m.DatasetPage));

// The pages' main reads, started with their chunks (see prefetchRead).
const prefetchGroupDatasets = prefetchRead(
  (p) => datasetKeys.ofGroup(p.slug ?? ''),
  (p, signal) => listDatasets(p.slug ?? '', signal),
);
const prefetchDataset = prefetchRead(
  (p) => datasetKeys.dataset(p.id ?? ''),
  (p, signal) => getDataset(p.id ?? '', signal),
);

function GroupDatasetsRoute() {
  const slug = useParams().slug ?? '';
  useRoutePrefetch(prefetchGroupDatasets);
  return (
    <Lazy page={GroupDatasetsPage}>
      <GroupDatasetsPage key={slug} slug={slug} />
    </Lazy>
  );
}

function DatasetRoute() {
  const id = useParams().id ?? '';
  useRoutePrefetch(prefetchDataset);
  return (
    <Lazy page={DatasetPage}>
      <DatasetPage key={id} id={id} />
    </Lazy>
  );
}

/** The workspace's datasets routes (see datasetPaths); they need a session, like the other pages. Each loads its chunk on first use. */
export const datasetRoutes: RouteObject[] = [
  { path: 'g/:slug/datasets', element: <GroupDatasetsRoute />, handle: { page: GroupDatasetsPage, prefetch: prefetchGroupDatasets } satisfies RouteHandle },
  { path: 'datasets/:id', element: <DatasetRoute />, handle: { page: DatasetPage, prefetch: prefetchDataset } satisfies RouteHandle },
];
