// @vitest-environment happy-dom
import { useState } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/i18n-context';
import { ConfirmAction, useConfirmOpener } from './confirm-action';

/** A button that opens a confirm in its place, as the history panel does. */
function Asking({ withNote = true }: { withNote?: boolean }) {
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState(false);
  const opener = useConfirmOpener();
  return (
    <I18nProvider>
      {done && <p data-testid="done">done</p>}
      {asking ? (
        <ConfirmAction
          question="Archive it?"
          confirmLabel="Archive"
          confirmTestId="confirm-it"
          busy={false}
          withNote={withNote}
          onConfirm={() => setDone(true)}
          onCancel={() => {
            setAsking(false);
            opener.cancelled('ask');
          }}
        />
      ) : (
        <button ref={opener.ref('ask')} type="button" data-testid="ask" onClick={() => setAsking(true)}>
          Archive…
        </button>
      )}
    </I18nProvider>
  );
}

beforeEach(() => window.localStorage.setItem('knowledge-hub.lang', 'en'));
afterEach(cleanup);

describe('an inline confirm', () => {
  it('takes focus when it opens, and Escape gives it back to the button that opened it without acting', () => {
    render(<Asking />);
    fireEvent.click(screen.getByTestId('ask'));
    expect(document.activeElement).toBe(screen.getByTestId('confirm-note'));
    fireEvent.keyDown(screen.getByTestId('confirm-note'), { key: 'Escape' });
    expect(screen.queryByTestId('confirm-action')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('ask'));
    expect(screen.queryByTestId('done')).toBeNull();
  });

  it('gives focus back to its button on Cancel too, each time it is asked', () => {
    render(<Asking />);
    for (let round = 0; round < 2; round++) {
      fireEvent.click(screen.getByTestId('ask'));
      fireEvent.click(screen.getByTestId('confirm-cancel'));
      expect(document.activeElement).toBe(screen.getByTestId('ask'));
    }
    expect(screen.queryByTestId('done')).toBeNull();
  });

  it('without a note, focuses its confirming button and has no note field', () => {
    render(<Asking withNote={false} />);
    fireEvent.click(screen.getByTestId('ask'));
    expect(screen.queryByTestId('confirm-note')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('confirm-it'));
    fireEvent.keyDown(screen.getByTestId('confirm-it'), { key: 'Escape' });
    expect(document.activeElement).toBe(screen.getByTestId('ask'));
  });
});
