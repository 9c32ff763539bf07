import * as Y from 'yjs';
import { DOC_BODY } from '@knowledge-hub/shared';
import { TEST_PASSWORD } from '../test/support/constants';
import { RawCollabClient } from '../test/support/raw-client';
import { freePort, ServerProcess } from '../test/support/server-process';
import { waitFor } from '../test/support/wait-for';
import { summarize } from './stats';

/**
 * Durable-ack latency at rest: one editor, one edit at a time; the time from
 * sending an update to receiving its ack (the update is in the Postgres log).
 */
export async function ackLatency(database: { env: Record<string, string | undefined> }, edits: number) {
  const server = new ServerProcess(await freePort(), database.env);
  await server.start();
  try {
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@demo.hub', password: TEST_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${server.baseUrl}/api/groups/vaccines/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: 'Ack latency benchmark' }),
    });
    const { id } = (await created.json()) as { id: string };
    const client = new RawCollabClient(server.wsUrl, id, { token, ack: true });
    await client.synced();
    await waitFor(() => client.acked === client.sentDocMessages, 'handshake ack');
    const text = new Y.XmlText();
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [text]);
    client.doc.getXmlFragment(DOC_BODY).insert(0, [p]);
    await waitFor(() => client.acked === client.sentDocMessages, 'first ack');
    const samples: number[] = [];
    for (let i = 0; i < edits; i++) {
      const target = client.sentDocMessages + 1;
      const acked = new Promise<void>((resolve) => {
        client.onAck = (n) => n >= target && resolve();
      });
      const t0 = process.hrtime.bigint();
      text.insert(text.length, 'x');
      await acked;
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    client.close();
    return summarize(samples);
  } finally {
    await server.stop();
  }
}
