import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ENTRY_KINDS, MAX_TITLE_CHARS, type CreateEntryBody, type EntryDto, type EntryKind } from '@knowledge-hub/shared';
import { createEntry } from '../../api/entries.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import './entries.css';

interface NewEntryFormProps {
  groupSlug: string;
  onCreated: (entry: EntryDto) => void;
}

/** Creates an entry in the group (members and admins; the server has the last word). */
export function NewEntryForm({ groupSlug, onCreated }: NewEntryFormProps) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<EntryKind>('article');
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: CreateEntryBody) => createEntry(groupSlug, body),
    onSuccess: (entry) => {
      // The group's list and the entry counts on the groups page.
      void queryClient.invalidateQueries({ queryKey: queryKeys.groupEntries(groupSlug) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups() });
      setTitle('');
      onCreated(entry);
    },
  });
  const pending = create.isPending;
  const error = create.error ? errorText(t, create.error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { title: title.trim(), kind };
    if (!body.title) return;
    create.mutate(body);
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
