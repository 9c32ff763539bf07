import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { DOC_META, metaTextSlot, type MetaTextField } from '@knowledge-hub/shared';
import { CollabTextBinding, type TextElement } from './collab-text-binding';

export interface CollabTextState {
  /** What the field shows. */
  value: string;
  /**
   * Why the field cannot be edited although the session may write, or null:
   * `missing`: the document has no text for it (this client never creates one:
   * see shared/src/entry-doc.ts); `legacy`: a plain string from before the
   * upgrade; `unrepresentable`: the element cannot show the text exactly.
   */
  locked: 'missing' | 'legacy' | 'unrepresentable' | null;
}

/**
 * Binds the entry's title or summary (a Y.Text in meta) to an <input> or
 * <textarea>: pass the returned ref callback to the element, which stays
 * uncontrolled (the binding writes its value, keeping the caret).
 *
 * Until the document has loaded, the field shows `fallback` (the title the
 * REST API knows). The text is looked up again whenever meta's entry for the
 * field changes (it arrives with the first sync, or by the upgrade).
 */
export function useCollabText(doc: Y.Doc, field: MetaTextField, loaded: boolean, fallback: string): [(el: TextElement | null) => void, CollabTextState] {
  const [el, setEl] = useState<TextElement | null>(null);
  const slot = useMetaTextSlot(doc, field);
  const [bound, setBound] = useState<{ text: Y.Text; value: string; faithful: boolean } | null>(null);

  useEffect(() => {
    if (!el || !(slot instanceof Y.Text)) return;
    const binding = new CollabTextBinding(el, slot, ({ value, faithful }) => setBound({ text: slot, value, faithful }));
    return () => {
      binding.destroy();
      setBound(null);
    };
  }, [el, slot]);

  const unbound = slot instanceof Y.Text ? null : (slot ?? (loaded ? '' : fallback));
  useEffect(() => {
    if (el && unbound !== null && el.value !== unbound) el.value = unbound;
  }, [el, unbound]);

  let state: CollabTextState;
  if (slot instanceof Y.Text)
    state = { value: bound?.text === slot ? bound.value : slot.toString(), locked: bound && !bound.faithful ? 'unrepresentable' : null };
  else state = { value: unbound ?? '', locked: !loaded ? null : typeof slot === 'string' ? 'legacy' : 'missing' };
  return [setEl, state];
}

/** The field's Y.Text, its legacy string, or null; re-read when meta's entry for the field changes. */
function useMetaTextSlot(doc: Y.Doc, field: MetaTextField): Y.Text | string | null {
  const [slot, setSlot] = useState(() => readSlot(doc, field));
  useEffect(() => {
    const meta = doc.getMap<unknown>(DOC_META);
    const onChange = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(field)) setSlot(readSlot(doc, field));
    };
    setSlot(readSlot(doc, field));
    meta.observe(onChange);
    return () => meta.unobserve(onChange);
  }, [doc, field]);
  return slot;
}

function readSlot(doc: Y.Doc, field: MetaTextField): Y.Text | string | null {
  const slot = metaTextSlot(doc, field);
  if (slot.kind === 'text') return slot.text instanceof Y.Text ? slot.text : null;
  return slot.kind === 'legacy' ? slot.value : null;
}
