import { useQuery } from '@tanstack/react-query';
import type { AdminReachDto } from '@knowledge-hub/shared';
import { useState } from 'react';
import { request } from '../../api/http';
import { errorText } from '../../i18n/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { ErrorMessage } from '../../ui/error-message';

/** Periods offered: the last 30 days, the last year, all time. */
const PERIODS = ['30', '365', 'all'] as const;
type Period = (typeof PERIODS)[number];

function reachPath(base: string, period: Period): string {
  return period === 'all' ? base : `${base}?days=${period}`;
}

/**
 * Readership for admins (GET /api/admin/reach): the site's readers and
 * countries, then readers and reads per group and per page over a period,
 * with the pages as CSV (GET /api/admin/reach.csv, a plain download).
 */
export function ReachTab() {
  const { t } = useI18n();
  const [period, setPeriod] = useState<Period>('30');
  const reach = useQuery({
    queryKey: ['admin', 'reach', period],
    queryFn: ({ signal }) => request<AdminReachDto>('GET', reachPath('/api/admin/reach', period), { signal }),
  });
  const data = reach.data;

  return (
    <div data-testid="admin-reach">
      <label className="audit-filter">
        {t('reach.period')}{' '}
        <select data-testid="reach-period" value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`reach.period.${p}`)}
            </option>
          ))}
        </select>
      </label>{' '}
      <a className="button" href={reachPath('/api/admin/reach.csv', period)} download="reach.csv" data-testid="reach-csv">
        {t('reach.csv')}
      </a>
      {reach.error ? <ErrorMessage>{errorText(t, reach.error)}</ErrorMessage> : null}
      {reach.isPending ? <p className="muted">{t('common.loading')}</p> : null}
      {data ? (
        <>
          <p data-testid="reach-summary">{t('reach.summary', { readers: data.summary.readers, countries: data.summary.countries })}</p>
          <h2>{t('reach.groups')}</h2>
          <table className="admin-table" data-testid="reach-groups">
            <thead>
              <tr>
                <th>{t('reach.group')}</th>
                <th>{t('reach.readers')}</th>
                <th>{t('reach.reads')}</th>
              </tr>
            </thead>
            <tbody>
              {data.groups.map((g) => (
                <tr key={g.slug}>
                  <td>{g.name}</td>
                  <td>{g.readers}</td>
                  <td>{g.reads}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('reach.pages')}</h2>
          {data.pages.length === 0 ? <p className="muted">{t('reach.none')}</p> : null}
          {data.pages.length > 0 ? (
            <table className="admin-table" data-testid="reach-pages">
              <thead>
                <tr>
                  <th>{t('reach.page')}</th>
                  <th>{t('reach.group')}</th>
                  <th>{t('reach.readers')}</th>
                  <th>{t('reach.reads')}</th>
                </tr>
              </thead>
              <tbody>
                {data.pages.map((p) => (
                  <tr key={p.path}>
                    <td>
                      <a href={p.path}>{p.title ?? p.path}</a>
                    </td>
                    <td>{p.group ?? ''}</td>
                    <td>{p.readers}</td>
                    <td>{p.reads}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
