import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import { asCslItem, type CslItem, referencesFrom, CITATION_NODE, DOC_REFERENCES } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { citationNumbers } from '../editor/citation-numbers';
import { briefReference, newReferenceId } from './reference-format';
import { parseReferences, referenceErrorText } from './references-api';
import './references.css';

type ReferenceList = readonly (readonly [string, CslItem])[];

/** The entry's references (the shared `references` map, validated as the server reads it), kept current with everyone's changes. */
function useReferences(map: Y.Map<unknown>): ReferenceList {
  const read = (): ReferenceList => [...referencesFrom(map)];
  const [list, setList] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read only depends on map
  useEffect(() => {
    const update = () => setList(read());
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [map]);
  return list;
}

/** Each reference's citation number, from the document as it is now (first appearance). */
function useCitationNumbers(editor: Editor | null, map: Y.Map<unknown>): ReadonlyMap<string, number> {
  const [numbers, setNumbers] = useState<ReadonlyMap<string, number>>(new Map());
  useEffect(() => {
    if (!editor) return;
    const update = () => {
      if (editor.isDestroyed) return;
      const cited: string[] = [];
      editor.state.doc.descendants((node) => {
        if (node.type.name === CITATION_NODE) cited.push(node.attrs.ref as string);
        return node.isBlock || node.type.name === 'doc';
      });
      const next = citationNumbers(cited, (ref) => map.has(ref));
      setNumbers((prev) => (prev.size === next.size && [...next].every(([k, v]) => prev.get(k) === v) ? prev : next));
    };
    update();
    editor.on('update', update);
    map.observe(update);
    return () => {
      editor.off('update', update);
      map.unobserve(update);
    };
  }, [editor, map]);
  return numbers;
}

const normalDoi = (item: CslItem) => briefReference(item).doi?.toLowerCase() ?? null;

interface ReferencesPanelProps {
  doc: Y.Doc;
  editor: Editor | null;
  /** Reading only (no rights, or the server stopped taking edits): no adding, citing or deleting. */
  readOnly: boolean;
}

/**
 * References beside the editor: paste a DOI, PMID, BibTeX, RIS or CSL-JSON
 * record to add references (parsed by the server), cite one at the caret,
 * delete one (its citations then read [?]). Cited references come first, in
 * citation order, with their numbers.
 */
export function ReferencesPanel({ doc, editor, readOnly }: ReferencesPanelProps) {
  const { t } = useI18n();
  const inputId = useId();
  const map = doc.getMap<unknown>(DOC_REFERENCES);
  const references = useReferences(map);
  const numbers = useCitationNumbers(editor, map);
  const [input, setInput] = useState('');
  const [result, setResult] = useState<string | null>(null);

  const adding = useMutation({
    mutationFn: (text: string) => parseReferences(text),
    onSuccess: ({ items }) => {
      const known = new Set([...referencesFrom(map).values()].map(normalDoi).filter(Boolean));
      let added = 0;
      let duplicates = 0;
      doc.transact(() => {
        for (const item of items) {
          const doi = normalDoi(item);
          if (doi && known.has(doi)) {
            duplicates++;
            continue;
          }
          if (doi) known.add(doi);
          const valid = asCslItem(item);
          if (!valid) continue;
          const key = newReferenceId();
          const stored: CslItem = { ...valid, id: key };
          if (item.id !== undefined && stored['citation-key'] === undefined) stored['citation-key'] = String(item.id);
          map.set(key, stored);
          added++;
        }
      });
      setResult(
        [
          added === 1 ? t('references.addedOne') : t('references.added', { count: added }),
          duplicates > 0 ? t('references.duplicates', { count: duplicates }) : '',
        ]
          .filter(Boolean)
          .join(' '),
      );
      if (added > 0) setInput('');
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    if (input.trim()) adding.mutate(input.trim());
  };

  const cited = references.filter(([id]) => numbers.has(id)).sort((a, b) => (numbers.get(a[0]) ?? 0) - (numbers.get(b[0]) ?? 0));
  const uncited = references
    .filter(([id]) => !numbers.has(id))
    .map(([id, item]) => [id, item, briefReference(item, t('references.etAl'))] as const)
    .sort((a, b) => `${a[2].authors} ${a[2].title}`.localeCompare(`${b[2].authors} ${b[2].title}`));
  const rows = [...cited.map(([id, item]) => [id, item, briefReference(item, t('references.etAl'))] as const), ...uncited];
  const canCite = !readOnly && editor !== null && editor.isEditable;

  return (
    <section className="panel references-panel" aria-labelledby={`${inputId}-heading`} data-testid="references-panel">
      <h2 id={`${inputId}-heading`} className="panel-title">
        {t('references.title')}
      </h2>
      {rows.length === 0 ? (
        <p className="muted small">{t('references.none')}</p>
      ) : (
        <ol className="reference-list plain-list">
          {rows.map(([id, , brief]) => {
            const n = numbers.get(id);
            return (
              <li key={id} className="reference" data-testid="reference" data-ref={id}>
                <span className="reference-number">{n === undefined ? '–' : `[${n}]`}</span>
                <span className="reference-text small">
                  {brief.authors && <span className="reference-authors">{brief.authors}</span>}
                  {brief.year && <span> ({brief.year})</span>}
                  {(brief.authors || brief.year) && '. '}
                  <span className="reference-title">{brief.title || t('references.untitled')}</span>
                  {brief.doi && <span className="reference-doi muted"> doi:{brief.doi}</span>}
                  {n === undefined && <span className="muted"> · {t('references.notCited')}</span>}
                </span>
                {!readOnly && (
                  <span className="reference-actions">
                    <button
                      type="button"
                      className="link-button small"
                      data-testid="reference-cite"
                      disabled={!canCite}
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => editor?.chain().focus().insertCitation(id).run()}
                    >
                      {t('references.cite')}
                    </button>
                    <button type="button" className="link-button small danger-text" data-testid="reference-delete" onClick={() => map.delete(id)}>
                      {t('references.delete')}
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {!readOnly && (
        <form className="reference-add" onSubmit={submit}>
          <label htmlFor={inputId} className="small">
            {t('references.addLabel')}
          </label>
          <textarea
            id={inputId}
            data-testid="reference-input"
            rows={3}
            spellCheck={false}
            value={input}
            placeholder={t('references.placeholder')}
            onChange={(event) => {
              setInput(event.target.value);
              adding.reset();
              setResult(null);
            }}
          />
          <button type="submit" className="button small" data-testid="reference-add" disabled={adding.isPending || input.trim() === ''}>
            {adding.isPending ? t('references.adding') : t('references.add')}
          </button>
          {adding.isError && (
            <p className="error small" role="alert" data-testid="reference-error">
              {referenceErrorText(t, adding.error)}
            </p>
          )}
          {result && (
            <p className="small" role="status" data-testid="reference-result">
              {result}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
