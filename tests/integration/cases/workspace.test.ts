import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  COLLAB_CLOSE_CODES,
  caseRoutes,
  documentRoutes,
  type Case,
  type CaseChangedEvent,
  type CooperationRequest,
  type DocumentMeta,
} from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { appendParagraph, connectDoc, eventually, withTimeout, type DocClient } from '../../helpers/collab';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { connectSocket, emitAck, nextEvent, type TestSocket } from '../../helpers/socket';

/** A case from opening to a sent request: team, documents, tasks, requests, attachments, timeline, audit. */
describe('case workspace', () => {
  let app: TestApp;
  const docs: DocClient[] = [];
  const sockets: TestSocket[] = [];
  const people: Record<string, { id: string; client: TestClient }> = {};
  let caseId = '';

  async function person(
    key: string,
    role: 'admin' | 'member' | 'observer',
    country: 'PH' | 'MY' | 'VN' | 'TH' | 'UNODC',
  ) {
    const user = await buildUser(app.built.services, { role, country, displayName: key });
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    people[key] = { id: user._id.toHexString(), client };
  }
  const client = (key: string) => {
    const entry = people[key];
    if (!entry) throw new Error(`no ${key}`);
    return entry.client;
  };
  const id = (key: string) => people[key]?.id ?? '';

  beforeAll(async () => {
    app = await startApp({ collab: { unloadAfterMs: 100 } });
    await person('Maria', 'member', 'PH');
    await person('Faizal', 'member', 'MY');
    await person('Lan', 'member', 'VN');
    await person('Somchai', 'member', 'TH');
    await person('Hannah', 'observer', 'UNODC');
    await person('Admin', 'admin', 'MY');
  });

  afterAll(async () => {
    for (const doc of docs) doc.destroy();
    for (const socket of sockets) socket.disconnect();
    await app?.close();
  });

  it('opens a case with the creator as lead and keeps it from everyone else', async () => {
    const created = await client('Maria').call(caseRoutes.create, {
      body: {
        title: 'Operation Coral',
        summary: 'Recruitment of fishers through fake job offers; forced labour at sea.',
        sensitivity: 'CONFIDENTIAL',
        countries: ['PH', 'MY', 'VN'],
        references: [{ country: 'PH', reference: 'NPS-2025-0113' }],
      },
    });
    expect(created.status).toBe(201);
    const detail = created.body as Case;
    caseId = detail.id;
    expect(detail).toMatchObject({
      myRole: 'lead',
      status: 'open',
      sensitivity: 'CONFIDENTIAL',
      teamSize: 1,
    });
    expect(detail.capabilities).toContain('team.manage');
    const outsider = await client('Faizal').call(caseRoutes.get, { params: { id: caseId } });
    expect(outsider.status).toBe(403);
    const admin = await client('Admin').call(caseRoutes.get, { params: { id: caseId } });
    expect(admin.status).toBe(403);
    const adminList = await client('Admin').call(caseRoutes.list, { query: { scope: 'all' } });
    expect(adminList.body.items.map((item) => item.id)).toContain(caseId);
    const memberAll = await client('Faizal').call(caseRoutes.list, { query: { scope: 'all' } });
    expect(memberAll.status).toBe(403);
  });

  it('lets the lead and admins manage the team, audited; observers only as viewers; one lead always', async () => {
    expect(
      (
        await client('Maria').call(caseRoutes.addMember, {
          params: { id: caseId },
          body: { userId: id('Faizal'), role: 'member' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await client('Admin').call(caseRoutes.addMember, {
          params: { id: caseId },
          body: { userId: id('Lan'), role: 'viewer' },
        })
      ).status,
    ).toBe(201);
    const observerAsMember = await client('Maria').call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: id('Hannah'), role: 'member' },
    });
    expect(observerAsMember.status).toBe(400);
    expect(
      (
        await client('Maria').call(caseRoutes.addMember, {
          params: { id: caseId },
          body: { userId: id('Hannah'), role: 'viewer' },
        })
      ).status,
    ).toBe(201);
    const selfAdd = await client('Admin').call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: id('Admin'), role: 'lead' },
    });
    expect(selfAdd.status).toBe(403);
    const byMember = await client('Faizal').call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: id('Somchai'), role: 'member' },
    });
    expect(byMember.status).toBe(403);
    const lastLead = await client('Maria').call(caseRoutes.changeMemberRole, {
      params: { id: caseId, userId: id('Maria') },
      body: { role: 'member' },
    });
    expect(lastLead.status).toBe(409);
    const team = await client('Admin').call(caseRoutes.team, { params: { id: caseId } });
    expect(team.body.items.map((member) => [member.displayName, member.role])).toEqual([
      ['Maria', 'lead'],
      ['Faizal', 'member'],
      ['Lan', 'viewer'],
      ['Hannah', 'viewer'],
    ]);
    const audit = await app.built.services.audit.list(
      { caseId, action: { $in: ['team.member_added'] } },
      undefined,
      20,
    );
    expect(audit.map((entry) => entry.outcome).sort()).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'denied',
      'denied',
    ]);
  });

  it("lets no admin promote themselves and gives a member who became an observer only a viewer's rights", async () => {
    const created = await client('Maria').call(caseRoutes.create, {
      body: {
        title: 'Operation Reef',
        summary: 'Team-rights checks.',
        sensitivity: 'RESTRICTED',
        countries: ['PH', 'TH'],
      },
    });
    const reefId = (created.body as Case).id;
    for (const [who, role] of [
      ['Admin', 'viewer'],
      ['Somchai', 'member'],
    ] as const) {
      const added = await client('Maria').call(caseRoutes.addMember, {
        params: { id: reefId },
        body: { userId: id(who), role },
      });
      expect(added.status).toBe(201);
    }
    const selfPromotion = await client('Admin').call(caseRoutes.changeMemberRole, {
      params: { id: reefId, userId: id('Admin') },
      body: { role: 'lead' },
    });
    expect(selfPromotion.status).toBe(403);
    expect(selfPromotion.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    // Managing others' entries is still the admin's job.
    const promoteOther = await client('Admin').call(caseRoutes.changeMemberRole, {
      params: { id: reefId, userId: id('Somchai') },
      body: { role: 'lead' },
    });
    expect(promoteOther.status).toBe(200);
    const denied = await app.built.services.audit.list(
      { caseId: reefId, action: 'team.role_changed', outcome: 'denied' },
      undefined,
      10,
    );
    expect(denied.map((entry) => entry.details)).toEqual([
      expect.objectContaining({ reason: 'self_assignment', from: 'viewer', to: 'lead' }),
    ]);

    // Somchai's global role becomes observer; his team entry still says lead.
    await app.database.db
      .collection('users')
      .updateOne({ displayName: 'Somchai' }, { $set: { role: 'observer' } });
    const asObserver = await client('Somchai').call(caseRoutes.get, { params: { id: reefId } });
    expect(asObserver.status).toBe(200);
    const capabilities = (asObserver.body as Case).capabilities;
    expect(capabilities).toContain('case.read');
    expect(capabilities).not.toContain('documents.edit');
    expect(capabilities).not.toContain('material.export');
    expect(capabilities).not.toContain('team.manage');
    const addByObserver = await client('Somchai').call(caseRoutes.addMember, {
      params: { id: reefId },
      body: { userId: id('Lan'), role: 'member' },
    });
    expect(addByObserver.status).toBe(403);
    await app.database.db
      .collection('users')
      .updateOne({ displayName: 'Somchai' }, { $set: { role: 'member' } });
  });

  it('co-edits a strategy note from the template; a removed member is cut off within a second', async () => {
    const created = await client('Maria').call(caseRoutes.createDocument, {
      params: { id: caseId },
      body: { title: 'Joint case strategy', template: 'joint_strategy_note' },
    });
    expect(created.status).toBe(201);
    const documentId = (created.body as DocumentMeta).id;
    const socket = await connectSocket(app.url, client('Faizal'));
    sockets.push(socket);
    expect(await emitAck(socket, 'cases:watch', { caseId })).toMatchObject({ ok: true });

    const maria = connectDoc(app.url, client('Maria'), documentId);
    const faizal = connectDoc(app.url, client('Faizal'), documentId);
    const lan = connectDoc(app.url, client('Lan'), documentId);
    docs.push(maria, faizal, lan);
    await withTimeout(Promise.all([maria.synced, faizal.synced, lan.synced]), 5_000, 'sync');
    expect(maria.text()).toContain('Victim identification, protection and non-punishment');
    appendParagraph(faizal.doc, 'MMEA to board the vessel at Sandakan');
    await eventually(() => expect(maria.text()).toContain('MMEA to board the vessel'));
    appendParagraph(lan.doc, 'Viewer edit must not land');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(maria.text()).not.toContain('Viewer edit');

    const revoked = nextEvent<{ caseId: string }>(socket, 'cases:access-revoked');
    const started = Date.now();
    const removal = await client('Maria').call(caseRoutes.removeMember, {
      params: { id: caseId, userId: id('Faizal') },
    });
    expect(removal.status).toBe(200);
    const closed = await withTimeout(faizal.closed, 1_000, 'revocation');
    expect(closed.code).toBe(COLLAB_CLOSE_CODES.accessRevoked);
    expect(await revoked).toEqual({ caseId });
    expect(Date.now() - started).toBeLessThan(1_000);
    // No further case events reach the removed member's socket.
    const leaked = nextEvent<CaseChangedEvent>(socket, 'cases:changed', 500).then(
      () => 'leaked',
      () => 'quiet',
    );
    await client('Maria').call(caseRoutes.update, {
      params: { id: caseId },
      body: { summary: 'Updated summary' },
    });
    expect(await leaked).toBe('quiet');
    expect((await client('Faizal').call(caseRoutes.get, { params: { id: caseId } })).status).toBe(403);
    // SECURITY row 4: dropping the transport and reconnecting does not bring the case room back.
    socket.disconnect();
    const again = await connectSocket(app.url, client('Faizal'));
    sockets.push(again);
    const rewatch = await emitAck<object>(again, 'cases:watch', { caseId });
    expect(rewatch).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const stillQuiet = nextEvent<CaseChangedEvent>(again, 'cases:changed', 500).then(
      () => 'leaked',
      () => 'quiet',
    );
    await client('Maria').call(caseRoutes.update, {
      params: { id: caseId },
      body: { summary: 'Second update' },
    });
    expect(await stillQuiet).toBe('quiet');
    await client('Maria').call(caseRoutes.addMember, {
      params: { id: caseId },
      body: { userId: id('Faizal'), role: 'member' },
    });
  });

  it('cuts a removed member off on this instance even when the message bus fails', async () => {
    const created = await client('Maria').call(caseRoutes.create, {
      body: { title: 'Operation Lagoon', sensitivity: 'RESTRICTED', countries: ['PH', 'VN'] },
    });
    const lagoonId = (created.body as Case).id;
    await client('Maria').call(caseRoutes.addMember, {
      params: { id: lagoonId },
      body: { userId: id('Lan'), role: 'member' },
    });
    const note = await client('Maria').call(caseRoutes.createDocument, {
      params: { id: lagoonId },
      body: { title: 'Lagoon note' },
    });
    const socket = await connectSocket(app.url, client('Lan'));
    sockets.push(socket);
    expect(await emitAck(socket, 'cases:watch', { caseId: lagoonId })).toMatchObject({ ok: true });
    const lan = connectDoc(app.url, client('Lan'), (note.body as DocumentMeta).id);
    docs.push(lan);
    await withTimeout(lan.synced, 5_000, 'sync');

    const bus = app.built.services.bus;
    const publish = bus.publish.bind(bus);
    bus.publish = async (channel, payload) => {
      if (channel === 'collab:revalidate') throw new Error('bus down');
      return publish(channel, payload);
    };
    try {
      const revoked = nextEvent<{ caseId: string }>(socket, 'cases:access-revoked');
      const removal = await client('Maria').call(caseRoutes.removeMember, {
        params: { id: lagoonId, userId: id('Lan') },
      });
      expect(removal.status).toBe(200);
      expect((await withTimeout(lan.closed, 1_000, 'revocation')).code).toBe(
        COLLAB_CLOSE_CODES.accessRevoked,
      );
      expect(await revoked).toEqual({ caseId: lagoonId });
    } finally {
      bus.publish = publish;
    }
  });

  it('runs tasks with assignees and due dates', async () => {
    const created = await client('Faizal').call(caseRoutes.createTask, {
      params: { id: caseId },
      body: { title: 'Request vessel AIS data', assigneeId: id('Maria'), dueDate: '2026-01-15' },
    });
    expect(created.status).toBe(201);
    const taskId = (created.body as { id: string }).id;
    const notOnTeam = await client('Faizal').call(caseRoutes.createTask, {
      params: { id: caseId },
      body: { title: 'x', assigneeId: id('Somchai') },
    });
    expect(notOnTeam.status).toBe(400);
    const viewer = await client('Lan').call(caseRoutes.createTask, {
      params: { id: caseId },
      body: { title: 'Nope' },
    });
    expect(viewer.status).toBe(403);
    const done = await client('Maria').call(caseRoutes.updateTask, {
      params: { id: caseId, taskId },
      body: { status: 'done' },
    });
    expect(done.body).toMatchObject({
      status: 'done',
      completedBy: { name: 'Maria' },
      assignee: { name: 'Maria' },
      dueDate: '2026-01-15',
    });
    const list = await client('Lan').call(caseRoutes.tasks, { params: { id: caseId } });
    expect(list.body.items).toHaveLength(1);
  });

  it('moves a request through its pipeline and freezes the sent draft forever', async () => {
    const created = await client('Maria').call(caseRoutes.createRequest, {
      params: { id: caseId },
      body: {
        type: 'mutual_legal_assistance',
        title: 'Bank records of the recruitment agency',
        fromCountry: 'PH',
        fromAuthority: 'Department of Justice, Manila',
        toCountry: 'MY',
        toAuthority: 'Attorney General’s Chambers',
        dueDate: '2026-02-01',
      },
    });
    expect(created.status).toBe(201);
    const request = created.body as CooperationRequest;
    expect(request.status).toBe('draft');
    const draft = connectDoc(app.url, client('Maria'), request.draftDocumentId);
    docs.push(draft);
    await withTimeout(draft.synced, 5_000, 'draft sync');
    expect(draft.text()).toContain('Assistance sought');
    appendParagraph(draft.doc, 'Statements of account 2023-2025 of Coral Manpower Sdn Bhd');
    await new Promise((resolve) => setTimeout(resolve, 150));

    const skip = await client('Maria').call(caseRoutes.transitionRequest, {
      params: { id: caseId, requestId: request.id },
      body: { to: 'executed' },
    });
    expect(skip.status).toBe(409);
    const sent = await client('Maria').call(caseRoutes.transitionRequest, {
      params: { id: caseId, requestId: request.id },
      body: { to: 'sent', note: 'Via central authority' },
    });
    expect(sent.status).toBe(200);
    const sentRequest = sent.body as CooperationRequest;
    expect(sentRequest).toMatchObject({
      status: 'sent',
      history: [
        { to: 'draft' },
        { from: 'draft', to: 'sent', by: { name: 'Maria' }, note: 'Via central authority' },
      ],
    });
    expect(sentRequest.sentVersionId).not.toBeNull();

    // Editing continues on the draft; the frozen version keeps exactly what was sent.
    appendParagraph(draft.doc, 'Added after sending');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const frozen = await client('Lan').call(documentRoutes.version, {
      params: { id: request.draftDocumentId, versionId: sentRequest.sentVersionId ?? '' },
    });
    expect(frozen.body.version).toMatchObject({ kind: 'sent', locked: true });
    const frozenDoc = new Y.Doc();
    Y.applyUpdate(frozenDoc, Buffer.from(frozen.body.state, 'base64'));
    const frozenJson = JSON.stringify(frozenDoc.getXmlFragment('default').toJSON());
    expect(frozenJson).toContain('Coral Manpower');
    expect(frozenJson).not.toContain('Added after sending');

    for (const to of ['acknowledged', 'in_execution', 'executed'] as const) {
      const moved = await client('Faizal').call(caseRoutes.transitionRequest, {
        params: { id: caseId, requestId: request.id },
        body: { to },
      });
      expect(moved.status).toBe(200);
    }
    const terminal = await client('Maria').call(caseRoutes.transitionRequest, {
      params: { id: caseId, requestId: request.id },
      body: { to: 'withdrawn' },
    });
    expect(terminal.status).toBe(409);
  });

  it('attaches files under handling codes and enforces them on download', async () => {
    const upload = await client('Faizal').request(
      'POST',
      `/api/cases/${caseId}/attachments?fileName=ledger.csv&handlingCode=originator_permission`,
      {
        rawBody: 'date,amount\n2025-01-02,5000\n',
        headers: { 'content-type': 'application/octet-stream', 'x-file-type': 'text/csv' },
      },
    );
    expect(upload.status).toBe(201);
    const attachment = upload.body as {
      id: string;
      handling: { code: string; originatorName: string };
      sizeBytes: number;
    };
    expect(attachment.handling).toMatchObject({ code: 'originator_permission', originatorName: 'Faizal' });
    const mine = await client('Faizal').request(
      'POST',
      `/api/cases/${caseId}/attachments/${attachment.id}/download`,
    );
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-disposition')).toContain('attachment; filename="ledger.csv"');
    expect(String(mine.body)).toContain('2025-01-02,5000');
    const lead = await client('Maria').request(
      'POST',
      `/api/cases/${caseId}/attachments/${attachment.id}/download`,
    );
    expect(lead.status).toBe(403);
    const viewer = await client('Lan').request(
      'POST',
      `/api/cases/${caseId}/attachments/${attachment.id}/download`,
    );
    expect(viewer.status).toBe(403);
    // The originator permits the lead; now the lead may pass it on.
    const permit = await client('Faizal').call(caseRoutes.updateAttachment, {
      params: { id: caseId, attachmentId: attachment.id },
      body: { handling: { code: 'originator_permission', agencyIds: [], permittedUserIds: [id('Maria')] } },
    });
    expect(permit.status).toBe(200);
    expect(
      (await client('Maria').request('POST', `/api/cases/${caseId}/attachments/${attachment.id}/download`))
        .status,
    ).toBe(200);
    const tooLarge = await client('Faizal').request(
      'POST',
      `/api/cases/${caseId}/attachments?fileName=big.bin`,
      {
        rawBody: 'x'.repeat(10 * 1024 * 1024 + 1),
        headers: { 'content-type': 'application/octet-stream' },
      },
    );
    expect(tooLarge.status).toBe(413);
    const downloads = await app.built.services.audit.list(
      { caseId, action: 'attachment.downloaded' },
      undefined,
      10,
    );
    expect(downloads.map((entry) => entry.outcome).sort()).toEqual([
      'allowed',
      'allowed',
      'denied',
      'denied',
    ]);
  });

  it('shows the timeline to the team and the full audit trail to leads only', async () => {
    const timeline = await client('Lan').call(caseRoutes.timeline, { params: { id: caseId } });
    expect(timeline.status).toBe(200);
    const actions = timeline.body.items.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'case.created',
        'team.member_added',
        'document.created',
        'task.completed',
        'request.status_changed',
        'attachment.uploaded',
      ]),
    );
    expect(actions).not.toContain('case.read');
    const denied = await client('Faizal').call(caseRoutes.audit, { params: { id: caseId } });
    expect(denied.status).toBe(403);
    const trail = await client('Maria').call(caseRoutes.audit, { params: { id: caseId } });
    expect(trail.status).toBe(200);
    expect(trail.body.items[0]).toMatchObject({ action: 'case.audit_read', actorName: 'Maria' });
    const trailActions = trail.body.items.map((entry) => `${entry.action}:${entry.outcome}`);
    expect(trailActions).toEqual(
      expect.arrayContaining([
        'case.audit_read:denied',
        'document.open:allowed',
        'document.write_denied:denied',
        'case.read:denied',
      ]),
    );
    const verify = await app.built.services.audit.verify();
    expect(verify.ok).toBe(true);
  });

  it('closing a case makes documents read-only for everyone', async () => {
    const documents = await client('Maria').call(caseRoutes.documents, { params: { id: caseId } });
    const documentId = documents.body.items[0]?.id ?? '';
    const editor = connectDoc(app.url, client('Maria'), documentId);
    docs.push(editor);
    await withTimeout(editor.synced, 5_000, 'sync');
    const closed = await client('Maria').call(caseRoutes.changeStatus, {
      params: { id: caseId },
      body: { status: 'closed', note: 'Convictions obtained' },
    });
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect((closed.body as Case).capabilities).not.toContain('documents.edit');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const before = editor.text();
    appendParagraph(editor.doc, 'After closing');
    const observer = connectDoc(app.url, client('Lan'), documentId);
    docs.push(observer);
    await withTimeout(observer.synced, 5_000, 'sync');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(observer.text()).toBe(before);
    const task = await client('Maria').call(caseRoutes.createTask, {
      params: { id: caseId },
      body: { title: 'Late task' },
    });
    expect(task.status).toBe(403);
    const meta = await client('Maria').call(documentRoutes.get, { params: { id: documentId } });
    expect(meta.body).toMatchObject({ access: 'view' });
  });
});
