import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { paths } from '../routing/paths';
import { ResourceState } from './load-error';

interface GroupItemsPageProps<T extends { id: string; title: string; titleZh?: string }> {
  groupSlug: string;
  /** The page's class and the list's test id stem (`datasets` → `datasets-page`, `dataset-list`). */
  kind: { pageClass: string; listClass: string; listTestId: string };
  title: string;
  emptyText: string;
  list: UseQueryResult<T[]>;
  /** Where an item's link goes. */
  linkOf: (item: T) => string;
  /** What follows the item's title (status, licence…). */
  detailsOf: (item: T) => ReactNode;
  /** The form to add one, beside the list. */
  form: ReactNode;
}

/**
 * A group's list of one kind of thing (datasets, reports): a way back to the
 * group, the title, the list with each item's title in the reader's language,
 * and the form to add one.
 */
export function GroupItemsPage<T extends { id: string; title: string; titleZh?: string }>(props: GroupItemsPageProps<T>) {
  const { lang } = useI18n();
  const { list } = props;
  return (
    <section className={props.kind.pageClass}>
      <nav className="breadcrumb">
        <Link to={paths.group(props.groupSlug)}>← {props.groupSlug}</Link>
      </nav>
      <header className="page-header">
        <h1>{props.title}</h1>
      </header>
      <div className="two-columns">
        <div>
          <ResourceState data={list.data} error={list.error} onRetry={() => void list.refetch()}>
            {(items) =>
              items.length === 0 ? (
                <p className="muted">{props.emptyText}</p>
              ) : (
                <ul className={`plain-list ${props.kind.listClass}`} data-testid={props.kind.listTestId}>
                  {items.map((item) => (
                    <li key={item.id}>
                      <Link to={props.linkOf(item)}>{lang === 'zh' && item.titleZh ? item.titleZh : item.title}</Link>{' '}
                      <span className="muted small">{props.detailsOf(item)}</span>
                    </li>
                  ))}
                </ul>
              )
            }
          </ResourceState>
        </div>
        {/* On a phone the form sits under the list: it comes with the list, so the list's arrival does not move it. */}
        {(list.data !== undefined || list.error !== null) && <aside>{props.form}</aside>}
      </div>
    </section>
  );
}
