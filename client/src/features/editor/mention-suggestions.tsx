import { useQuery } from '@tanstack/react-query';
import type { Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import { getGroup } from '../../api/groups.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { useCurrentUser } from '../auth/session-context';
import { insertMention, type MentionMenu, mentionMenu, mentionOptionId } from './mention-node';

/**
 * Mentions for a writer of the body: the group's members and moderators
 * (the comment composer's list: GET /api/groups/:slug, the writer left out)
 * offered after `@`. Rendered only while the body is editable.
 */
export function BodyMentions({ editor, entry }: { editor: Editor; entry: EntryDetailDto }) {
  const me = useCurrentUser();
  const group = useQuery({ queryKey: queryKeys.group(entry.groupSlug), queryFn: ({ signal }) => getGroup(entry.groupSlug, signal) });
  useEffect(() => {
    if (editor.isDestroyed) return;
    editor.storage.mention.people = (group.data?.members ?? []).filter((m) => m.userId !== me.id).map((m) => ({ userId: m.userId, name: m.name }));
  }, [editor, group.data, me.id]);
  return <MentionSuggestions editor={editor} />;
}

/**
 * The `@` suggestions of the body editor: a listbox under the query, drawn
 * from the Mention extension's state (the keyboard is handled there; the
 * text keeps focus and points at the highlighted option). A click picks.
 */
export function MentionSuggestions({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  const [menu, setMenu] = useState<MentionMenu | null>(null);
  const [focused, setFocused] = useState(editor.isFocused);

  useEffect(() => {
    const update = () => setMenu(mentionMenu(editor));
    const onFocus = () => setFocused(true);
    const onBlur = () => setFocused(false);
    editor.on('transaction', update);
    editor.on('focus', onFocus);
    editor.on('blur', onBlur);
    update();
    return () => {
      editor.off('transaction', update);
      editor.off('focus', onFocus);
      editor.off('blur', onBlur);
    };
  }, [editor]);

  if (!menu || !focused || editor.isDestroyed) return null;
  const at = editor.view.coordsAtPos(menu.range.from);
  return (
    <div
      id={editor.storage.mention.listboxId}
      className="mention-menu"
      role="listbox"
      aria-label={t('editor.mentionSuggestions')}
      data-testid="body-mention-suggestions"
      style={{ position: 'fixed', left: at.left, top: at.bottom + 4 }}
    >
      {menu.items.map((person, i) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works in the text (arrows, Enter, Escape), which keeps focus
        <div
          key={person.userId}
          id={mentionOptionId(editor, i)}
          role="option"
          tabIndex={-1}
          aria-selected={i === menu.index}
          className={i === menu.index ? 'active' : undefined}
          data-testid="body-mention-suggestion"
          // Keeps the caret (and focus) in the text.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => insertMention(editor, menu.range, person)}
        >
          @{person.name}
        </div>
      ))}
    </div>
  );
}
