import { type RouteObject, useParams } from 'react-router';
import { prefetchRead, useRoutePrefetch } from '../../api/prefetch';
import { Lazy, lazyPage, type RouteHandle } from '../../routing/lazy-page';
import { getReport, listReports, reportKeys } from './reports-queries';

// The reports pages, in their own chunk.
const GroupReportsPage = lazyPage(() => import('./group-reports-page').then((m) => m.GroupReportsPage));
const ReportPage = lazyPage(() => import('./report-page').then((m) => m.ReportPage));

// The pages' main reads, started with their chunks (see prefetchRead).
const prefetchGroupReports = prefetchRead(
  (p) => reportKeys.ofGroup(p.slug ?? ''),
  (p, signal) => listReports(p.slug ?? '', signal),
);
const prefetchReport = prefetchRead(
  (p) => reportKeys.report(p.id ?? ''),
  (p, signal) => getReport(p.id ?? '', signal),
);

function GroupReportsRoute() {
  const slug = useParams().slug ?? '';
  useRoutePrefetch(prefetchGroupReports);
  return (
    <Lazy page={GroupReportsPage}>
      <GroupReportsPage key={slug} slug={slug} />
    </Lazy>
  );
}

function ReportRoute() {
  const id = useParams().id ?? '';
  useRoutePrefetch(prefetchReport);
  return (
    <Lazy page={ReportPage}>
      <ReportPage key={id} id={id} />
    </Lazy>
  );
}

/** The workspace's reports routes (see reportPaths). Each loads its chunk on first use. */
export const reportRoutes: RouteObject[] = [
  { path: 'g/:slug/reports', element: <GroupReportsRoute />, handle: { page: GroupReportsPage, prefetch: prefetchGroupReports } satisfies RouteHandle },
  { path: 'reports/:id', element: <ReportRoute />, handle: { page: ReportPage, prefetch: prefetchReport } satisfies RouteHandle },
];
