import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Editor } from '@tiptap/react';
import {
  CLOSE_FRAME_TOO_LARGE,
  CLOSE_UNAUTHENTICATED,
  colorForUser,
  FATAL_CLOSE_CODES,
  MAX_SUMMARY_CHARS,
  MAX_TITLE_CHARS,
  META_SUMMARY,
  META_TITLE,
  NOTICE_READ_ONLY_ARCHIVED,
  type EntryDetailDto,
} from '@knowledge-hub/shared';
import { useCurrentUser, useSession } from '../auth/session-context';
import { useI18n } from '../../i18n/i18n-context';
import { closeText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { useAfterPaint } from '../../ui/use-after-paint';
import { PresenceList } from '../presence/presence-list';
import { ReferencesPanel } from '../references/references-panel';
import { ConnectionStatus } from './connection-status';
import { PublishBar } from './publish-bar';
import { ArchivedNotice, NotAMemberNotice } from './read-only-notice';
import { type LiveSession, useCollabSession, useCollabSnapshot } from './use-collab-session';
import type { CollabTextFieldProps } from './collab-text-field';
import { TextFieldFrame } from './text-field-frame';
import { loadEditorChunk } from './editor-chunk';
import { EditorUi } from './editor-ui';
import { LiveBody } from './live-body';
import { usePublishedRevisionState } from './use-changes-since-published';
import { useLiveTitle } from './use-live-title';

// From the editor's chunk (its anchors and highlights are ProseMirror plugins).
const CommentsPanel = lazy(() => loadEditorChunk().then((m) => ({ default: m.CommentsPanel })));

interface CollabEditorProps {
  entry: EntryDetailDto;
  /** Rendered in the side column under the presence list. */
  aside?: ReactNode;
  /** The entry's state may have changed (e.g. after "Submit for review"): refetch it. */
  onEntryChanged: () => void;
  /** The live title as co-edited in the session, once it rests (for the page's heading). */
  onTitleChange?: (title: string) => void;
}

/** What each read-only notice of the server says. */
const READ_ONLY_TEXT = {
  read_only_entry_full: 'editor.entryFull',
  read_only_access_changed: 'editor.accessChanged',
  read_only_archived: 'archive.notice',
  document_too_large: 'editor.documentTooLarge',
} as const;

/**
 * The entry's workspace on its live session. Drawn at once with what the REST API knew (title, summary, the
 * published text in the body's place); once that is painted, the session's chunk (Yjs) and the editor's chunk
 * (Tiptap) are fetched, and the live parts take their places.
 */
export function CollabEditor({ entry, aside, onEntryChanged, onTitleChange }: CollabEditorProps) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const user = useCurrentUser();
  const awarenessUser = useMemo(() => ({ name: user.name, color: colorForUser(user.id), userId: user.id }), [user.id, user.name]);
  // What readers see now, in the body's place until the live document is in (a phone's first paint is the text).
  const { published, settled: publishedSettled } = usePublishedRevisionState(entry.id, entry.publishedRevisionId);
  const bodyWanted = useAfterPaint(publishedSettled);
  const live = useCollabSession(entry.id, awarenessUser, entry.access === 'read', bodyWanted);
  const session = live?.session ?? null;
  const snapshot = useCollabSnapshot(session);
  // Panels and notices of this session's editor; node views draw their texts in the current language.
  const ui = useMemo(() => new EditorUi(), []);
  ui.t = t;
  // The body's Tiptap editor, created in LiveBody once the editor's chunk is in (null until then).
  const [editor, setEditor] = useState<Editor | null>(null);
  // The body is not in yet (the live document, or the editor's chunk): the side column waits, hidden.
  const syncing = (!snapshot.loaded || editor === null) && !snapshot.stopped;
  // The side column's parts are drawn once the body has been painted, in a task of their own: drawn with it, they
  // made the page's longest task on a phone.
  const asideDrawn = useAfterPaint(!syncing);
  const readOnly = entry.access === 'read' || snapshot.readOnlyNotice !== null;
  // After a fatal close nothing typed could ever be stored; after the other stops
  // (e.g. a change too large) the reader must be able to edit before reconnecting.
  const fatal = snapshot.stopped && snapshot.closeCode !== null && FATAL_CLOSE_CODES.includes(snapshot.closeCode);
  const editable = !readOnly && snapshot.loaded && !fatal;
  const archived = snapshot.readOnlyNotice === NOTICE_READ_ONLY_ARCHIVED || (entry.archivedAt !== null && readOnly);

  useWarnBeforeLeavingUnsaved(snapshot.status === 'saving', t('editor.unsavedWarning'));
  useLiveTitle(session?.doc ?? null, (title) => onTitleChange?.(title));
  // Archived by someone else while open here: re-read the entry (its History offers Restore to moderators; the session reopens read-only).
  useEffect(() => {
    if (snapshot.readOnlyNotice === NOTICE_READ_ONLY_ARCHIVED) onEntryChanged();
  }, [snapshot.readOnlyNotice, onEntryChanged]);

  const closeMessage = snapshot.closeCode !== null ? closeText(t, snapshot.closeCode) : null;
  const closeAction =
    snapshot.closeCode === CLOSE_UNAUTHENTICATED
      ? {
          label: t('collab.signInAgain'),
          onClick: () => {
            // Signed out for real: the session gate takes over. Still signed in: just reconnect.
            refresh();
            session?.reconnect();
          },
        }
      : snapshot.stopped && snapshot.closeCode === CLOSE_FRAME_TOO_LARGE
        ? { label: t('editor.reconnect'), onClick: () => session?.reconnect() }
        : undefined;

  return (
    <div className="two-columns editor-layout">
      <div className="editor-main">
        <div className="editor-bar">
          <PublishBar entry={entry} session={session} snapshot={snapshot} editor={editor} onEntryChanged={onEntryChanged} />
          <ConnectionStatus status={snapshot.status} readOnly={readOnly} />
        </div>
        {closeMessage && <ErrorMessage action={closeAction}>{closeMessage}</ErrorMessage>}
        {/* Archived as the entry was read, or (told by the server) while it was open here. */}
        {archived ? <ArchivedNotice /> : readOnly && snapshot.readOnlyNotice === null && <NotAMemberNotice groupSlug={entry.groupSlug} />}
        {snapshot.readOnlyNotice !== null && !archived && (
          <p className="notice" data-testid="read-only-notice" data-reason={snapshot.readOnlyNotice}>
            {t(READ_ONLY_TEXT[snapshot.readOnlyNotice])}
          </p>
        )}
        <MetaField
          live={live}
          field={META_TITLE}
          multiline={false}
          id="entry-title"
          className="title-input"
          testId="entry-title"
          label={t('editor.titleLabel')}
          placeholder={t('editor.titlePlaceholder')}
          maxChars={MAX_TITLE_CHARS}
          loaded={snapshot.loaded}
          fallback={entry.title}
          readOnly={readOnly || fatal}
          disabled={!snapshot.loaded && !readOnly}
        />
        <MetaField
          live={live}
          field={META_SUMMARY}
          multiline
          id="entry-summary"
          className="summary-input"
          testId="entry-summary"
          label={t('editor.summaryLabel')}
          placeholder={readOnly ? '' : t('editor.summaryPlaceholder')}
          maxChars={MAX_SUMMARY_CHARS}
          loaded={snapshot.loaded}
          fallback={entry.summary}
          readOnly={readOnly || fatal}
          disabled={!snapshot.loaded && !readOnly}
        />
        {/* The editor's chunk is asked for once the published text is in (or there is none) and painted: on a slow line the text comes first. */}
        <LiveBody
          session={session}
          ui={ui}
          entry={entry}
          wanted={bodyWanted}
          editor={editor}
          onEditor={setEditor}
          toolbar={!readOnly && !fatal}
          editable={editable}
          label={t('editor.bodyLabel')}
          previewHtml={(snapshot.loaded || snapshot.stopped) && editor !== null ? null : (published?.html ?? null)}
        />
      </div>
      {/* Kept invisible until the body is in (synced, and the editor's chunk with the comments panel): on a phone it sits below the body, which grows then. */}
      <aside className="editor-aside" data-syncing={syncing || !asideDrawn ? 'true' : undefined}>
        {session && <PresenceList awareness={session.provider.awareness} />}
        {session && <ReferencesPanel doc={session.doc} editor={editor} readOnly={!editable} />}
        {/* From the editor's chunk: rendered once the editor is in (rendering it earlier would fetch the chunk before the text). */}
        {editor && asideDrawn && (
          <Suspense fallback={null}>
            <CommentsPanel entry={entry} editor={editor} />
          </Suspense>
        )}
        {/* Rendered once visible: its panels bring chunks of their own, which wait for the text. */}
        {asideDrawn && !syncing && aside}
      </aside>
    </div>
  );
}

type MetaFieldProps = Omit<CollabTextFieldProps, 'doc'> & { live: LiveSession | null };

/** The title or summary: co-edited once the live session exists, drawn from what the REST API knew until then. */
function MetaField({ live, ...field }: MetaFieldProps) {
  if (live) return <live.parts.CollabTextField doc={live.session.doc} {...field} />;
  return <TextFieldFrame {...field} value={field.fallback} />;
}

/** Asks before closing the tab while edits are sent but not yet stored. */
function useWarnBeforeLeavingUnsaved(unsaved: boolean, message: string): void {
  useEffect(() => {
    if (!unsaved) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = message;
      return message;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved, message]);
}
