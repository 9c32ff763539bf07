import { lazy, type ReactNode, Suspense } from 'react';
import { type RouteObject, useParams } from 'react-router';
import { useI18n } from '../../i18n/i18n-context';
import { usePrefetch } from '../../api/prefetch';
import { Loading } from '../../ui/loading';
import { getReport, listReports, reportKeys } from './reports-queries';

// The reports pages, in their own chunk.
const GroupReportsPage = lazy(() => import('./group-reports-page').then((m) => ({ default: m.GroupReportsPage })));
const ReportPage = lazy(() => import('./report-page').then((m) => ({ default: m.ReportPage })));

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<Loading label={t('common.loading')} />}>{children}</Suspense>;
}

function GroupReportsRoute() {
  const slug = useParams().slug ?? '';
  usePrefetch(reportKeys.ofGroup(slug), (signal) => listReports(slug, signal));
  return (
    <Lazy>
      <GroupReportsPage key={slug} slug={slug} />
    </Lazy>
  );
}

function ReportRoute() {
  const id = useParams().id ?? '';
  usePrefetch(reportKeys.report(id), (signal) => getReport(id, signal));
  return (
    <Lazy>
      <ReportPage key={id} id={id} />
    </Lazy>
  );
}

/** The workspace's reports routes (see reportPaths). Each loads its chunk on first use. */
export const reportRoutes: RouteObject[] = [
  { path: 'g/:slug/reports', element: <GroupReportsRoute /> },
  { path: 'reports/:id', element: <ReportRoute /> },
];
