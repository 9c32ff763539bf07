import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { TEST_PASSWORD } from './constants';

/** Small REST calls that tests and benchmarks make against a running server. */
export async function loginAs(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function createEntry(baseUrl: string, token: string, title: string, group = 'epidemiology'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/groups/${group}/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`creating an entry failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Adds an empty paragraph to the body and returns its text, to type into. */
export function appendParagraph(doc: Y.Doc): Y.XmlText {
  const text = new Y.XmlText();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [text]);
  doc.getXmlFragment(DOC_BODY).insert(doc.getXmlFragment(DOC_BODY).length, [p]);
  return text;
}
