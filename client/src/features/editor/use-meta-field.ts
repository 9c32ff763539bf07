import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { DOC_META } from '@knowledge-hub/shared';

/**
 * A plain-text field of the entry's `meta` map (title, summary) as React
 * state: local input writes the whole value in one transaction (last writer
 * wins per field, as the map is the shared contract), remote changes arrive
 * through the map observer.
 */
export function useMetaField(doc: Y.Doc, key: string): [string, (value: string) => void] {
  const meta = doc.getMap<unknown>(DOC_META);
  const [value, setValue] = useState(() => asText(meta.get(key)));

  useEffect(() => {
    const onChange = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(key)) setValue(asText(meta.get(key)));
    };
    setValue(asText(meta.get(key)));
    meta.observe(onChange);
    return () => meta.unobserve(onChange);
  }, [meta, key]);

  const update = useCallback(
    (next: string) => {
      setValue(next);
      doc.transact(() => meta.set(key, next));
    },
    [doc, meta, key],
  );

  return [value, update];
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
