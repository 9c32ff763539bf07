import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { liveBodyText } from './live-text';

function paragraph(text: string, mark?: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text, mark ? { [mark]: {} } : undefined);
  p.insert(0, [t]);
  return p;
}

describe('liveBodyText', () => {
  it('reads the body as plain text, one block per line, without marks', () => {
    const doc = new Y.Doc();
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    item.insert(0, [paragraph('cold chain')]);
    list.insert(0, [item]);
    doc.getXmlFragment(DOC_BODY).insert(0, [paragraph('Vials are kept cold.'), paragraph('Bold claim', 'bold'), list]);
    expect(liveBodyText(doc)).toBe('Vials are kept cold.\nBold claim\ncold chain');
  });

  it('reads a mention as @Label, inline', () => {
    const doc = new Y.Doc();
    const p = paragraph('Ask ');
    const mention = new Y.XmlElement('mention');
    mention.setAttribute('id', '0b8e5f8a-3c1d-4b7e-9a2f-6d5c4b3a2e1f');
    mention.setAttribute('label', 'Bob Okafor');
    const after = new Y.XmlText();
    after.insert(0, ' first.');
    p.insert(1, [mention, after]);
    doc.getXmlFragment(DOC_BODY).insert(0, [p]);
    expect(liveBodyText(doc)).toBe('Ask @Bob Okafor first.');
  });

  it('is empty for an empty body', () => {
    expect(liveBodyText(new Y.Doc())).toBe('');
  });
});
