// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueItemDto } from '@knowledge-hub/shared';
import { I18nProvider } from '../../i18n/i18n-context';
import { QueueTable } from './review-queue-page';

const base: QueueItemDto = {
  kind: 'revision',
  revisionId: 'rev-1',
  entryId: 'entry-1',
  entrySlug: 'cold-chain',
  title: 'Cold chain',
  groupSlug: 'vaccines',
  groupName: 'Vaccines',
  groupNameZh: '疫苗',
  number: 3,
  submittedBy: { userId: 'u-alice', name: 'Alice Chen' },
  submittedAt: '2026-01-02T10:00:00.000Z',
  ageSeconds: 60,
  change: { added: 1, removed: 0, changed: 0 },
};

beforeEach(() => window.localStorage.setItem('knowledge-hub.lang', 'en'));
afterEach(cleanup);

describe('the review queue', () => {
  it('links a revision to its review page and a dataset version to its dataset page', () => {
    const items: QueueItemDto[] = [base, { ...base, kind: 'dataset_version', revisionId: 'ver-9', entryId: 'ds-7', title: 'Case counts', number: 2 }];
    render(
      <I18nProvider>
        <MemoryRouter>
          <QueueTable items={items} elapsedS={0} />
        </MemoryRouter>
      </I18nProvider>,
    );
    const rows = screen.getAllByTestId('queue-item');
    expect(rows.map((r) => [r.dataset.kind, r.querySelector('a')?.getAttribute('href'), r.textContent?.includes('Dataset version 2')])).toEqual([
      ['revision', '/review/rev-1', false],
      ['dataset_version', '/datasets/ds-7', true],
    ]);
  });

  it('links a report to its workspace page and says it is a report', () => {
    const items: QueueItemDto[] = [
      { ...base, kind: 'report', revisionId: 'rep-4', entryId: 'rep-4', entrySlug: 'mrna-briefing', title: 'mRNA briefing', number: 1 },
    ];
    render(
      <I18nProvider>
        <MemoryRouter>
          <QueueTable items={items} elapsedS={0} />
        </MemoryRouter>
      </I18nProvider>,
    );
    const row = screen.getByTestId('queue-item');
    expect(row.dataset.kind).toBe('report');
    expect(row.querySelector('a')?.getAttribute('href')).toBe('/reports/rep-4');
    expect(row.textContent).toContain('Report (video or audio)');
  });
});
