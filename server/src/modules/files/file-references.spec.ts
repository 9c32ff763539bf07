import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { ReferenceFinder } from './file-references';

const A = 'a1'.repeat(32);
const B = 'b2'.repeat(32);
const ID = '0b5e1a2c-3d4e-4f60-8a7b-9c0d1e2f3a4b';

function finder(...needles: string[]) {
  return new ReferenceFinder(new Set(needles));
}

describe('ReferenceFinder', () => {
  it('finds a file address in rendered HTML and in ProseMirror JSON, and nothing else', () => {
    const f = finder(A, B);
    f.scan(`<p>Figure 1</p><img src="/files/${A}" srcset="/files/${A}?w=480 480w">`);
    expect([...f.referenced]).toEqual([A]);
    f.scan(JSON.stringify({ type: 'image', attrs: { src: `/files/${B}?w=960` } }));
    expect(new Set(f.referenced)).toEqual(new Set([A, B]));
  });

  it('finds an upload id', () => {
    const f = finder(ID);
    f.scan(`{"type":"image","attrs":{"fileId":"${ID}"}}`);
    expect(f.referenced.has(ID)).toBe(true);
  });

  it('finds an address inside a longer run of hex digits', () => {
    const f = finder(A);
    f.scan(`cafe${A}beef`);
    expect(f.referenced.has(A)).toBe(true);
  });

  it('finds an image node’s src in a live document’s Yjs update (its bytes, not decoded)', () => {
    const doc = new Y.Doc();
    const image = new Y.XmlElement('image');
    image.setAttribute('src', `/files/${A}`);
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    t.insert(0, 'A caption');
    p.insert(0, [t]);
    doc.getXmlFragment(DOC_BODY).insert(0, [p, image]);
    const f = finder(A, B);
    f.scan(Y.encodeStateAsUpdate(doc));
    expect([...f.referenced]).toEqual([A]);
  });

  it('no longer finds an image removed from the document once its state is re-encoded', () => {
    const doc = new Y.Doc();
    const image = new Y.XmlElement('image');
    image.setAttribute('src', `/files/${A}`);
    doc.getXmlFragment(DOC_BODY).insert(0, [image]);
    doc.getXmlFragment(DOC_BODY).delete(0, 1);
    const f = finder(A);
    f.scan(Y.encodeStateAsUpdate(doc));
    expect(f.referenced.size).toBe(0);
  });
});
