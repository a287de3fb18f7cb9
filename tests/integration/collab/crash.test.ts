import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { caseRoutes } from '@serantau/shared';
import { DEMO_PASSWORD } from '@serantau/server/seed/demo-data';
import { TEST_ORIGIN } from '../../helpers/app';
import { appendParagraph, connectDoc, fragmentText, withTimeout, type DocClient } from '../../helpers/collab';
import { TestClient } from '../../helpers/http';
import { startAppProcess, type AppProcess } from '../../helpers/app-process';

/** A small seeded generator, so a failing run can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * SECURITY row 13: the real app runs in a child process on the embedded database; two y-websocket
 * clients edit one document while the process is killed with SIGKILL at random moments. After each
 * restart, everything any client had received from the server must be in the stored document.
 */
describe('collab durability under kill -9', () => {
  const seed = Number(process.env.CRASH_SEED ?? 20_250_301);
  const rounds = 4;
  let dataDir = '';
  let server: AppProcess | null = null;
  let documentId = '';
  const env = () => ({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    PUBLIC_URL: TEST_ORIGIN,
    SESSION_SECRET: 'crash-test-session-secret-long-enough-0123',
    LOG_LEVEL: 'warn',
  });

  async function signIn(url: string, who: string): Promise<TestClient> {
    const client = new TestClient(url);
    await client.login(`${who}@serantau.demo`, DEMO_PASSWORD);
    return client;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'serantau-crash-'));
    server = await startAppProcess(env());
    const maria = await signIn(server.url, 'maria');
    const cases = await maria.call(caseRoutes.list, { query: { scope: 'mine' } });
    const caseId = cases.body.items[0]?.id ?? '';
    const documents = await maria.call(caseRoutes.documents, { params: { id: caseId } });
    documentId = documents.body.items[0]?.id ?? '';
    expect(documentId).toMatch(/^[a-f0-9]{24}$/);
  });

  afterAll(async () => {
    await server?.stop('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`keeps every update a client received across ${rounds} kills`, async () => {
    const random = seededRandom(seed);
    const docs = { maria: new Y.Doc(), faizal: new Y.Doc() };
    let receivedTotal = 0;
    let written = 0;
    for (let round = 0; round < rounds; round += 1) {
      if (!server) throw new Error('server not running');
      const url = server.url;
      const [maria, faizal] = await Promise.all([signIn(url, 'maria'), signIn(url, 'faizal')]);
      const clients: DocClient[] = [
        connectDoc(url, maria, documentId, { doc: docs.maria }),
        connectDoc(url, faizal, documentId, { doc: docs.faizal }),
      ];
      await withTimeout(Promise.all(clients.map((client) => client.synced)), 20_000, 'sync');
      // Both edit continuously; the kill lands somewhere in the middle of it.
      let editing = true;
      const loops = clients.map(async (client, index) => {
        while (editing) {
          appendParagraph(client.doc, `round ${round} client ${index} edit ${written++}`);
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(random() * 25)));
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(random() * 1200)));
      await server.stop('SIGKILL');
      editing = false;
      await Promise.all(loops);
      const received = clients.flatMap((client) => client.received.splice(0));
      receivedTotal += received.length;
      for (const client of clients) client.destroy();

      server = await startAppProcess(env());
      // A fresh reader that has never seen the document: it gets exactly what survived.
      const reader = connectDoc(server.url, await signIn(server.url, 'lan'), documentId);
      await withTimeout(reader.synced, 20_000, 'reader sync');
      const withReceived = new Y.Doc();
      Y.applyUpdate(withReceived, Y.encodeStateAsUpdate(reader.doc));
      for (const update of received) Y.applyUpdate(withReceived, update);
      // If anything a client had received were missing, adding it back would change the document.
      expect(Y.equalSnapshots(Y.snapshot(reader.doc), Y.snapshot(withReceived)), `round ${round}`).toBe(true);
      reader.destroy();
    }

    // Finally the editors reconnect: their unacknowledged local edits travel again and all converge.
    if (!server) throw new Error('server not running');
    const url = server.url;
    const finals = [
      connectDoc(url, await signIn(url, 'maria'), documentId, { doc: docs.maria }),
      connectDoc(url, await signIn(url, 'faizal'), documentId, { doc: docs.faizal }),
    ];
    await withTimeout(Promise.all(finals.map((client) => client.synced)), 20_000, 'final sync');
    await expect
      .poll(() => fragmentText(docs.maria) === fragmentText(docs.faizal), { timeout: 10_000 })
      .toBe(true);
    for (const client of finals) client.destroy();
    process.stdout.write(
      `crash test: seed ${seed}, ${rounds} kills, ${written} edits made, ${receivedTotal} updates received and verified\n`,
    );
    expect(receivedTotal).toBeGreaterThan(0);
  });
});
