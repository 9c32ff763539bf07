import { useState, type FormEvent } from 'react';
import { ENTRY_KINDS, MAX_TITLE_CHARS, type EntryDto, type EntryKind } from '@knowledge-hub/shared';
import { createEntry } from '../../api/entries.api';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';

interface NewEntryFormProps {
  groupSlug: string;
  onCreated: (entry: EntryDto) => void;
}

/** Creates an entry in the group (members and admins; the server has the last word). */
export function NewEntryForm({ groupSlug, onCreated }: NewEntryFormProps) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<EntryKind>('article');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { title: title.trim(), kind };
    if (!body.title) return;
    setPending(true);
    setError(null);
    try {
      const entry = await createEntry(groupSlug, body);
      setTitle('');
      onCreated(entry);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="new-entry" onSubmit={submit} aria-labelledby="new-entry-heading">
      <h2 id="new-entry-heading" className="panel-title">
        {t('entries.newHeading')}
      </h2>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <div className="new-entry-row">
        <label className="field grow">
          <span>{t('entries.newTitle')}</span>
          <input
            data-testid="new-entry-title"
            value={title}
            required
            maxLength={MAX_TITLE_CHARS}
            placeholder={t('entries.newTitlePlaceholder')}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('entries.newKind')}</span>
          <select data-testid="new-entry-kind" value={kind} onChange={(e) => setKind(e.target.value as EntryKind)}>
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button data-testid="new-entry-submit" className="button primary" type="submit" disabled={pending || !title.trim()}>
          {pending ? t('entries.newSubmitting') : t('entries.newSubmit')}
        </button>
      </div>
    </form>
  );
}
