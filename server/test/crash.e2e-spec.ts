import { DOC_BODY } from '@knowledge-hub/shared';
import { freePort, ServerProcess } from './support/server-process';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { ApiClient, appendParagraph } from './support/api-client';
import { waitFor } from './support/wait-for';

/**
 * The durability promise: an acknowledged edit survives the server being
 * killed with SIGKILL the instant the ack arrives, while more edits are in flight.
 */
let database: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  server = new ServerProcess(await freePort(), database.env);
  await server.start();
});

afterAll(async () => {
  server?.killNow();
  await server?.exited();
  await database?.drop();
});

const EDITS = 400;
const KILL_AFTER_ACK = 150;

it('loses no acknowledged edit when the server is killed with SIGKILL right after an ack', async () => {
  const alice = await ApiClient.signIn(server, 'alice@demo.hub');
  const entryId = await alice.createEntry('Crash test', 'epidemiology');

  const writer = alice.collab(entryId, { ack: true });
  await writer.synced();
  const text = appendParagraph(writer.doc);
  // Edit i travels in doc message messageOf[i]; an ack of n covers every edit with messageOf[i] <= n.
  const messageOf: number[] = [];
  let killedAtAck = 0;
  writer.onAck = (acked) => {
    if (killedAtAck === 0 && acked >= KILL_AFTER_ACK) {
      server.killNow();
      killedAtAck = acked;
    }
  };
  for (let i = 0; i < EDITS; i++) {
    text.insert(text.length, `<${i}>`);
    messageOf.push(writer.sentDocMessages);
    if (i % 20 === 19) await new Promise((r) => setImmediate(r)); // let acks arrive while we type
  }
  await server.exited();
  await waitFor(() => killedAtAck > 0, 'the kill');
  writer.close();
  const acknowledged = messageOf.filter((m) => m <= killedAtAck).length;
  expect(acknowledged).toBeGreaterThanOrEqual(KILL_AFTER_ACK - 2);
  expect(acknowledged).toBeLessThan(EDITS); // the kill really happened mid-stream

  await server.start();
  const reader = (await ApiClient.signIn(server, 'bob@demo.hub')).collab(entryId);
  await reader.synced();
  const stored = reader.doc.getXmlFragment(DOC_BODY).toString();
  reader.close();
  const missing = Array.from({ length: acknowledged }, (_, i) => `&lt;${i}&gt;`).filter(
    (mark) => !stored.includes(mark) && !stored.includes(mark.replace('&lt;', '<').replace('&gt;', '>')),
  );
  expect(missing).toEqual([]);
});

it('shuts down gracefully on SIGTERM with editors connected: everything acknowledged, sockets closed with 1001, process exits', async () => {
  const alice = await ApiClient.signIn(server, 'alice@demo.hub');
  const entryId = await alice.createEntry('Graceful stop', 'epidemiology');
  const writer = alice.collab(entryId, { ack: true });
  await writer.synced();
  const text = appendParagraph(writer.doc);
  for (let i = 0; i < 50; i++) text.insert(text.length, `[${i}]`);
  const sent = writer.sentDocMessages;

  server.child!.kill('SIGTERM');
  expect(await writer.closed()).toBe(1001);
  // Every edit sent before the stop was stored and acknowledged. The client may answer the server's sync step 1
  // after `sent` was read (a sync step 2, which acks count too), so acks may exceed it, never what it sent in all.
  expect(writer.acked).toBeGreaterThanOrEqual(sent);
  expect(writer.acked).toBeLessThanOrEqual(writer.sentDocMessages);
  expect(await server.exited()).toBe(0);
  writer.close();

  await server.start();
  const reader = alice.collab(entryId);
  await reader.synced();
  expect(reader.doc.getXmlFragment(DOC_BODY).toString()).toContain('[49]');
  reader.close();
});
