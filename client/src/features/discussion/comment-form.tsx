import { useMemo, useRef, useState } from 'react';
import { MAX_COMMENT_CHARS, type UserRef } from '@knowledge-hub/shared';
import { errorText } from '../../i18n/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { ErrorMessage } from '../../ui/error-message';

/** Who may be mentioned: the group's members (contributors and moderators). */
export type Mentionable = UserRef;

interface CommentFormProps {
  people: Mentionable[];
  initial?: { body: string; mentions: UserRef[] };
  submitLabel: string;
  busy: boolean;
  testId: string;
  onSubmit: (body: string, mentions: string[]) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}

const MAX_SUGGESTIONS = 6;

/**
 * A comment's text with `@` mentions: typing `@` and a few letters suggests
 * the group's members; picking one writes `@Name` and remembers the id. Only
 * the people whose `@Name` is still in the text when it is sent are mentioned.
 */
export function CommentForm({ people, initial, submitLabel, busy, testId, onSubmit, onCancel, autoFocus }: CommentFormProps) {
  const { t } = useI18n();
  const [body, setBody] = useState(initial?.body ?? '');
  const [picked, setPicked] = useState<UserRef[]>(initial?.mentions ?? []);
  const [caret, setCaret] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);

  const query = useMemo(() => {
    const before = body.slice(0, caret);
    const m = /(?:^|\s)@([^\s@]{0,30})$/u.exec(before);
    return m ? m[1] : null;
  }, [body, caret]);
  const suggestions = useMemo(() => {
    if (query === null) return [];
    const q = query.toLowerCase();
    return people.filter((p) => p.name.toLowerCase().includes(q)).slice(0, MAX_SUGGESTIONS);
  }, [people, query]);

  const pick = (person: Mentionable) => {
    const before = body.slice(0, caret).replace(/@([^\s@]{0,30})$/u, `@${person.name} `);
    const next = before + body.slice(caret);
    setBody(next);
    setPicked((all) => (all.some((p) => p.userId === person.userId) ? all : [...all, person]));
    setCaret(before.length);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(before.length, before.length);
    });
  };

  const send = () => {
    const text = body.trim();
    if (!text) return;
    onSubmit(
      text,
      picked.filter((p) => text.includes(`@${p.name}`)).map((p) => p.userId),
    );
  };

  return (
    <form
      className="comment-form"
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label className="field small">
        <span className="visually-hidden">{t('discussion.commentLabel')}</span>
        <textarea
          ref={area}
          data-testid="comment-input"
          rows={3}
          value={body}
          maxLength={MAX_COMMENT_CHARS}
          placeholder={t('discussion.placeholder')}
          // biome-ignore lint/a11y/noAutofocus: the form opens on the user's click, to be typed in
          autoFocus={autoFocus}
          onChange={(e) => {
            setBody(e.target.value);
            setCaret(e.target.selectionStart);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && onCancel) onCancel();
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send();
          }}
        />
      </label>
      {suggestions.length > 0 && (
        <ul className="mention-suggestions" data-testid="mention-suggestions" aria-label={t('discussion.mentionSuggestions')}>
          {suggestions.map((p) => (
            <li key={p.userId}>
              <button type="button" className="link-button" data-testid="mention-suggestion" onClick={() => pick(p)}>
                @{p.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="comment-form-buttons">
        <button type="submit" className="button small primary" data-testid="comment-submit" disabled={busy || body.trim() === ''}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button small" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** A new thread being written: the quoted words it is anchored to, the form, and why it could not be sent. */
export function NewThreadDraft(props: {
  quote: string;
  people: Mentionable[];
  busy: boolean;
  error: unknown;
  onSubmit: (body: string, mentions: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="comment-draft">
      <blockquote className="comment-quote small">{props.quote}</blockquote>
      <CommentForm
        people={props.people}
        submitLabel={t('discussion.comment')}
        busy={props.busy}
        testId="new-comment-form"
        autoFocus
        onSubmit={props.onSubmit}
        onCancel={props.onCancel}
      />
      {props.error ? <ErrorMessage>{errorText(t, props.error)}</ErrorMessage> : null}
    </div>
  );
}
