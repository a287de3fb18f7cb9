import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  COLLAB_CLOSE_CODES,
  auditRoutes,
  caseRoutes,
  documentRoutes,
  type CaseAttachment,
  type CaseTask,
  type CooperationRequest,
  type DocumentComment,
  type DocumentVersion,
} from '@serantau/shared';
import { createDocStore } from '@serantau/server/collab/store';
import { startApp, type TestApp } from '../../helpers/app';
import { appendParagraph, connectDoc, withTimeout } from '../../helpers/collab';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import type { HttpResult } from '../../helpers/http';
import { TestClient } from '../../helpers/http';
import { connectSocket, emitAck } from '../../helpers/socket';

/**
 * SECURITY rows 10 and 11 for cases: every case role and outsider × every case route, socket event
 * and collab action, against a deny-by-default table; every attempt, allowed or denied, writes
 * exactly one audit record for that actor.
 */
const ROLES = ['lead', 'member', 'viewer', 'outsider', 'otherCountry', 'otherCaseLead', 'admin'] as const;
type Role = (typeof ROLES)[number];
const TEAM: Role[] = ['lead', 'member', 'viewer'];
const EDITORS: Role[] = ['lead', 'member'];
const LEAD: Role[] = ['lead'];
const MANAGERS: Role[] = ['lead', 'admin'];

/** What a cell did: an HTTP status, or a socket/collab outcome mapped to allowed/denied. */
type Outcome = { allowed: boolean; detail: string };

interface Row {
  name: string;
  allowed: readonly Role[];
  /** Fresh fixtures for one cell, made by the lead before the cell is measured. */
  prepare?(): Promise<string>;
  run(role: Role, fixture: string): Promise<Outcome>;
}

function fromHttp(result: HttpResult): Outcome {
  const code = (result.body as { error?: { code?: string } } | null)?.error?.code ?? '';
  return { allowed: result.status < 400, detail: `${result.status} ${code}` };
}

describe('case need-to-know matrix', () => {
  let app: TestApp;
  const clients = new Map<Role, TestClient>();
  const ids = new Map<Role, string>();
  let caseId = '';
  let documentId = '';
  let lead: TestClient;
  let statusToggle: 'active' | 'open' = 'active';

  const c = (role: Role): TestClient => {
    const client = clients.get(role);
    if (!client) throw new Error(`no client for ${role}`);
    return client;
  };

  beforeAll(async () => {
    app = await startApp({ collab: { unloadAfterMs: 100 } });
    const countries: Record<Role, 'PH' | 'MY' | 'VN' | 'TH'> = {
      lead: 'PH',
      member: 'MY',
      viewer: 'VN',
      outsider: 'PH',
      otherCountry: 'TH',
      otherCaseLead: 'MY',
      admin: 'MY',
    };
    for (const role of ROLES) {
      const user = await buildUser(app.built.services, {
        role: role === 'admin' ? 'admin' : 'member',
        country: countries[role],
        displayName: `Matrix ${role}`,
      });
      const client = new TestClient(app.url);
      await client.login(user.email, TEST_PASSWORD);
      clients.set(role, client);
      ids.set(role, user._id.toHexString());
    }
    lead = c('lead');
    const created = await lead.call(caseRoutes.create, {
      body: { title: 'Matrix case', sensitivity: 'RESTRICTED', countries: ['PH', 'MY', 'VN'] },
    });
    caseId = (created.body as { id: string }).id;
    await lead.call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: ids.get('member') ?? '', role: 'member' },
    });
    await lead.call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: ids.get('viewer') ?? '', role: 'viewer' },
    });
    await c('otherCaseLead').call(caseRoutes.create, {
      body: { title: 'Another case', sensitivity: 'RESTRICTED', countries: ['MY'] },
    });
    const doc = await lead.call(caseRoutes.createDocument, {
      params: { id: caseId },
      body: { title: 'Strategy' },
    });
    documentId = (doc.body as { id: string }).id;
  });

  afterAll(async () => {
    await app?.close();
  });

  // ---- fixtures each destructive cell needs fresh (made by the lead, before the cell is measured) ----

  async function freshTask(): Promise<string> {
    const task = await lead.call(caseRoutes.createTask, { params: { id: caseId }, body: { title: 'Task' } });
    return (task.body as CaseTask).id;
  }
  async function freshRequest(): Promise<string> {
    const request = await lead.call(caseRoutes.createRequest, {
      params: { id: caseId },
      body: {
        type: 'informal',
        title: 'Informal request',
        fromCountry: 'PH',
        fromAuthority: 'NBI',
        toCountry: 'MY',
        toAuthority: 'PDRM',
      },
    });
    return (request.body as CooperationRequest).id;
  }
  async function freshAttachment(): Promise<string> {
    const upload = await lead.request('POST', `/api/cases/${caseId}/attachments?fileName=notes.txt`, {
      rawBody: 'notes',
      headers: { 'content-type': 'application/octet-stream' },
    });
    return (upload.body as CaseAttachment).id;
  }
  async function freshTeamMember(): Promise<string> {
    const user = await buildUser(app.built.services, { country: 'MY' });
    await lead.call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: user._id.toHexString(), role: 'viewer' },
    });
    return user._id.toHexString();
  }
  async function freshVersion(): Promise<string> {
    const version = await lead.call(documentRoutes.createVersion, {
      params: { id: documentId },
      body: { name: 'Fixture' },
    });
    return (version.body as DocumentVersion).id;
  }
  async function freshComment(): Promise<string> {
    const comment = await lead.call(documentRoutes.createComment, {
      params: { id: documentId },
      body: { anchor: { start: 'AQID', end: 'AQID' }, quote: 'q', body: 'Fixture comment' },
    });
    return (comment.body as DocumentComment).id;
  }

  const rows: Row[] = [
    {
      name: 'GET case',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(caseRoutes.get, { params: { id: caseId } })),
    },
    {
      name: 'PATCH case',
      allowed: LEAD,
      run: async (r) =>
        fromHttp(
          await c(r).call(caseRoutes.update, { params: { id: caseId }, body: { summary: `by ${r}` } }),
        ),
    },
    {
      name: 'POST case status',
      allowed: LEAD,
      run: async (r) => {
        const result = fromHttp(
          await c(r).call(caseRoutes.changeStatus, {
            params: { id: caseId },
            body: { status: statusToggle },
          }),
        );
        if (result.allowed) statusToggle = statusToggle === 'active' ? 'open' : 'active';
        return result;
      },
    },
    {
      name: 'GET team',
      allowed: [...TEAM, 'admin'],
      run: async (r) => fromHttp(await c(r).call(caseRoutes.team, { params: { id: caseId } })),
    },
    {
      name: 'POST team',
      allowed: MANAGERS,
      run: async (r) => {
        const user = await buildUser(app.built.services, { country: 'VN' });
        return fromHttp(
          await c(r).call(caseRoutes.addMember, {
            params: { id: caseId },
            body: { userId: user._id.toHexString(), role: 'viewer' },
          }),
        );
      },
    },
    {
      name: 'PATCH team member',
      allowed: MANAGERS,
      prepare: freshTeamMember,
      run: async (r, userId) =>
        fromHttp(
          await c(r).call(caseRoutes.changeMemberRole, {
            params: { id: caseId, userId },
            body: { role: 'member' },
          }),
        ),
    },
    {
      name: 'DELETE team member',
      allowed: MANAGERS,
      prepare: freshTeamMember,
      run: async (r, userId) =>
        fromHttp(await c(r).call(caseRoutes.removeMember, { params: { id: caseId, userId } })),
    },
    {
      name: 'GET documents',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(caseRoutes.documents, { params: { id: caseId } })),
    },
    {
      name: 'POST documents',
      allowed: EDITORS,
      run: async (r) =>
        fromHttp(
          await c(r).call(caseRoutes.createDocument, {
            params: { id: caseId },
            body: { title: `Doc by ${r}` },
          }),
        ),
    },
    {
      name: 'GET tasks',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(caseRoutes.tasks, { params: { id: caseId } })),
    },
    {
      name: 'POST tasks',
      allowed: EDITORS,
      run: async (r) =>
        fromHttp(
          await c(r).call(caseRoutes.createTask, { params: { id: caseId }, body: { title: `Task by ${r}` } }),
        ),
    },
    {
      name: 'PATCH task',
      allowed: EDITORS,
      prepare: freshTask,
      run: async (r, taskId) =>
        fromHttp(
          await c(r).call(caseRoutes.updateTask, {
            params: { id: caseId, taskId },
            body: { title: 'Renamed' },
          }),
        ),
    },
    {
      name: 'DELETE task',
      allowed: EDITORS,
      prepare: freshTask,
      run: async (r, taskId) =>
        fromHttp(await c(r).call(caseRoutes.deleteTask, { params: { id: caseId, taskId } })),
    },
    {
      name: 'GET timeline',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(caseRoutes.timeline, { params: { id: caseId } })),
    },
    {
      name: 'GET audit',
      allowed: LEAD,
      run: async (r) => fromHttp(await c(r).call(caseRoutes.audit, { params: { id: caseId } })),
    },
    {
      name: 'GET requests',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(caseRoutes.requests, { params: { id: caseId } })),
    },
    {
      name: 'POST requests',
      allowed: EDITORS,
      run: async (r) =>
        fromHttp(
          await c(r).call(caseRoutes.createRequest, {
            params: { id: caseId },
            body: {
              type: 'extradition',
              title: `By ${r}`,
              fromCountry: 'MY',
              fromAuthority: 'AGC',
              toCountry: 'VN',
              toAuthority: 'SPP',
            },
          }),
        ),
    },
    {
      name: 'GET request',
      allowed: TEAM,
      prepare: freshRequest,
      run: async (r, requestId) =>
        fromHttp(await c(r).call(caseRoutes.request, { params: { id: caseId, requestId } })),
    },
    {
      name: 'PATCH request',
      allowed: EDITORS,
      prepare: freshRequest,
      run: async (r, requestId) =>
        fromHttp(
          await c(r).call(caseRoutes.updateRequest, {
            params: { id: caseId, requestId },
            body: { dueDate: '2026-03-01' },
          }),
        ),
    },
    {
      name: 'POST request transition (send)',
      allowed: EDITORS,
      prepare: freshRequest,
      run: async (r, requestId) =>
        fromHttp(
          await c(r).call(caseRoutes.transitionRequest, {
            params: { id: caseId, requestId },
            body: { to: 'sent' },
          }),
        ),
    },
    {
      name: 'GET attachments',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(caseRoutes.attachments, { params: { id: caseId } })),
    },
    {
      name: 'POST attachment',
      allowed: EDITORS,
      run: async (r) =>
        fromHttp(
          await c(r).request('POST', `/api/cases/${caseId}/attachments?fileName=by-${r}.txt`, {
            rawBody: 'x',
            headers: { 'content-type': 'application/octet-stream' },
          }),
        ),
    },
    {
      name: 'PATCH attachment handling',
      allowed: LEAD,
      prepare: freshAttachment,
      run: async (r, attachmentId) =>
        fromHttp(
          await c(r).call(caseRoutes.updateAttachment, {
            params: { id: caseId, attachmentId },
            body: { handling: { code: 'originator_permission', agencyIds: [], permittedUserIds: [] } },
          }),
        ),
    },
    {
      name: 'POST attachment download',
      allowed: EDITORS,
      prepare: freshAttachment,
      run: async (r, attachmentId) =>
        fromHttp(await c(r).request('POST', `/api/cases/${caseId}/attachments/${attachmentId}/download`)),
    },
    // Document routes on a case document.
    {
      name: 'GET document',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(documentRoutes.get, { params: { id: documentId } })),
    },
    {
      name: 'PATCH document',
      allowed: EDITORS,
      run: async (r) =>
        fromHttp(
          await c(r).call(documentRoutes.update, {
            params: { id: documentId },
            body: { title: `Strategy (${r})` },
          }),
        ),
    },
    {
      name: 'GET versions',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(documentRoutes.versions, { params: { id: documentId } })),
    },
    {
      name: 'POST version',
      allowed: EDITORS,
      run: async (r) =>
        fromHttp(
          await c(r).call(documentRoutes.createVersion, {
            params: { id: documentId },
            body: { name: `By ${r}` },
          }),
        ),
    },
    {
      name: 'GET version',
      allowed: TEAM,
      prepare: freshVersion,
      run: async (r, versionId) =>
        fromHttp(await c(r).call(documentRoutes.version, { params: { id: documentId, versionId } })),
    },
    {
      name: 'POST version restore',
      allowed: EDITORS,
      prepare: freshVersion,
      run: async (r, versionId) =>
        fromHttp(await c(r).call(documentRoutes.restoreVersion, { params: { id: documentId, versionId } })),
    },
    {
      name: 'GET comments',
      allowed: TEAM,
      run: async (r) => fromHttp(await c(r).call(documentRoutes.comments, { params: { id: documentId } })),
    },
    {
      name: 'POST comment',
      allowed: EDITORS,
      run: async (r) =>
        fromHttp(
          await c(r).call(documentRoutes.createComment, {
            params: { id: documentId },
            body: { anchor: { start: 'AQID', end: 'AQID' }, quote: 'q', body: 'Hi' },
          }),
        ),
    },
    {
      name: 'POST comment reply',
      allowed: EDITORS,
      prepare: freshComment,
      run: async (r, commentId) =>
        fromHttp(
          await c(r).call(documentRoutes.replyComment, {
            params: { id: documentId, commentId },
            body: { body: 'Reply' },
          }),
        ),
    },
    {
      name: 'PATCH comment',
      allowed: EDITORS,
      prepare: freshComment,
      run: async (r, commentId) =>
        fromHttp(
          await c(r).call(documentRoutes.resolveComment, {
            params: { id: documentId, commentId },
            body: { resolved: true },
          }),
        ),
    },
    {
      name: 'POST export',
      allowed: EDITORS,
      run: async (r) =>
        fromHttp(
          await c(r).request('POST', `/api/documents/${documentId}/export`, { body: { format: 'markdown' } }),
        ),
    },
    // Socket event.
    {
      name: 'socket cases:watch',
      allowed: TEAM,
      run: async (r) => {
        const socket = await connectSocket(app.url, c(r));
        try {
          const ack = await emitAck<object>(socket, 'cases:watch', { caseId });
          return { allowed: ack.ok, detail: ack.ok ? 'ok' : ack.error.code };
        } finally {
          socket.disconnect();
        }
      },
    },
    // Collab actions.
    {
      name: 'collab open',
      allowed: TEAM,
      run: async (r) => {
        const doc = connectDoc(app.url, c(r), documentId);
        try {
          const result = await withTimeout(
            Promise.race([
              doc.synced.then(() => 'synced'),
              doc.closed.then((event) => `closed ${event.code}`),
            ]),
            5_000,
            'open outcome',
          );
          return { allowed: result === 'synced', detail: result };
        } finally {
          doc.destroy();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
    },
    {
      name: 'collab write',
      allowed: EDITORS,
      run: async (r) => {
        const doc = connectDoc(app.url, c(r), documentId);
        try {
          const opened = await withTimeout(
            Promise.race([doc.synced.then(() => true), doc.closed.then(() => false)]),
            5_000,
            'open outcome',
          );
          if (!opened) return { allowed: false, detail: `closed ${COLLAB_CLOSE_CODES.forbidden}` };
          const marker = `written by ${r} ${Math.random()}`;
          appendParagraph(doc.doc, marker);
          await new Promise((resolve) => setTimeout(resolve, 250));
          // Whether the write landed, read from storage (a reader connection would add its own audit entry).
          const raw = await createDocStore(app.database.db).load(new ObjectId(documentId));
          const stored = new Y.Doc();
          if (raw.snapshot) Y.applyUpdate(stored, raw.snapshot.state);
          for (const update of raw.updates) Y.applyUpdate(stored, update.update);
          const landed = JSON.stringify(stored.getXmlFragment('default').toJSON()).includes(marker);
          return { allowed: landed, detail: landed ? 'applied' : 'dropped' };
        } finally {
          doc.destroy();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
    },
  ];

  async function latestSeq(): Promise<number> {
    const [last] = await app.built.services.audit.list({}, undefined, 1);
    return last?._id ?? 0;
  }

  for (const row of rows) {
    it(`${row.name}: ${row.allowed.join(', ')} only; one audit record per attempt`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const expected = row.allowed.includes(role);
        const fixture = row.prepare ? await row.prepare() : '';
        const before = await latestSeq();
        const outcome = await row.run(role, fixture);
        if (outcome.allowed !== expected)
          failures.push(`${role}: expected ${expected ? 'allowed' : 'denied'}, got ${outcome.detail}`);
        // Give the collab endpoint's asynchronous audit writes a moment to land.
        await new Promise((resolve) => setTimeout(resolve, row.name.startsWith('collab') ? 150 : 0));
        const entries = (
          await app.built.services.audit.list({ actorId: ids.get(role) ?? '' }, undefined, 50)
        ).filter((entry) => entry._id > before);
        const relevant = entries.filter((entry) => !entry.action.endsWith('edit_session_ended'));
        const wanted = row.name === 'collab write' && expected ? 2 : 1; // open + edit session
        const deniedWrite = row.name === 'collab write' && role === 'viewer' ? 2 : wanted; // open + write_denied
        if (relevant.length !== deniedWrite) {
          failures.push(
            `${role}: ${relevant.length} audit records (${relevant.map((entry) => `${entry.action}:${entry.outcome}`).join(', ')})`,
          );
        }
        if (!expected && !relevant.some((entry) => entry.outcome === 'denied'))
          failures.push(`${role}: denial not audited`);
        if (expected && row.name !== 'collab write' && relevant.some((entry) => entry.outcome === 'denied')) {
          failures.push(`${role}: allowed attempt audited as denied`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("the network-wide audit log keeps a case's ids and codes but not its text; the lead's trail has both", async () => {
    const secretTitle = 'Operation Kestrel: witness relocation plan';
    const doc = await lead.call(caseRoutes.createDocument, {
      params: { id: caseId },
      body: { title: secretTitle },
    });
    const docId = (doc.body as { id: string }).id;
    const network = await c('admin').call(auditRoutes.list, { query: { limit: 200 } });
    expect(network.status).toBe(200);
    const created = network.body.items.find(
      (entry) => entry.action === 'document.created' && entry.targetId === docId,
    );
    expect(created).toMatchObject({ caseId, outcome: 'allowed' });
    expect(created?.details).toMatchObject({ withheldCaseDetails: expect.any(Number) });
    expect(JSON.stringify(network.body)).not.toContain(secretTitle);
    expect(JSON.stringify(network.body)).not.toContain('Matrix case');

    const trail = await lead.call(caseRoutes.audit, { params: { id: caseId }, query: { limit: 200 } });
    expect(JSON.stringify(trail.body)).toContain(secretTitle);
  });

  it('refuses an outsider before any document byte, whatever they send first', async () => {
    const socket = connectDoc(app.url, c('otherCountry'), documentId);
    const closed = await withTimeout(socket.closed, 5_000, 'close');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.forbidden);
    expect(socket.received).toHaveLength(0);
    expect(Y.encodeStateVector(socket.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
    socket.destroy();
  });
});
