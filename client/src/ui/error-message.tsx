import type { ReactNode } from 'react';

interface ErrorMessageProps {
  children: ReactNode;
  /** Shown as a button after the message. */
  action?: { label: string; onClick: () => void };
}

/** The one error area of a page (data-testid="error-message"), announced to screen readers. */
export function ErrorMessage({ children, action }: ErrorMessageProps) {
  return (
    <div className="error" role="alert" data-testid="error-message">
      <span>{children}</span>
      {action && (
        <button type="button" className="button small" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
