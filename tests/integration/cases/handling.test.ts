import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import {
  caseRoutes,
  documentRoutes,
  type Case,
  type CaseAttachment,
  type CooperationRequest,
  type GlobalRole,
} from '@serantau/shared';
import type { Actor } from '@serantau/server/policy/actor';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

/**
 * "May be shared with the named agencies of participating countries": only members of a named
 * agency (and the originator) take the item out of Serantau; every change and attempt is audited.
 */
describe('handling code: named agencies', () => {
  let app: TestApp;
  let caseId = '';
  const agencies: Record<string, string> = {};
  const people: Record<string, { id: string; client: TestClient }> = {};

  async function person(
    key: string,
    options: { country: 'PH' | 'MY'; agency?: string; role?: GlobalRole },
  ): Promise<void> {
    const user = await buildUser(app.built.services, {
      displayName: key,
      country: options.country,
      role: options.role ?? 'member',
    });
    if (options.agency) {
      await app.database.db
        .collection('users')
        .updateOne({ _id: user._id }, { $set: { agencyId: new ObjectId(agencies[options.agency]) } });
    }
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    people[key] = { id: user._id.toHexString(), client };
  }
  const client = (key: string): TestClient => {
    const entry = people[key];
    if (!entry) throw new Error(`no ${key}`);
    return entry.client;
  };
  const exportAs = (key: string, documentId: string) =>
    client(key).request<string>('POST', `/api/documents/${documentId}/export`, {
      body: { format: 'markdown' },
    });
  const download = (key: string, attachmentId: string) =>
    client(key).request('POST', `/api/cases/${caseId}/attachments/${attachmentId}/download`);

  beforeAll(async () => {
    app = await startApp();
    const admin: Actor = {
      userId: new ObjectId().toHexString(),
      sessionId: 'test',
      displayName: 'Secretariat',
      role: 'admin',
      country: 'MY',
      agencyId: null,
    };
    const origin = { ip: null, userAgent: 'test' };
    for (const [key, country, name] of [
      ['MMEA', 'MY', 'Malaysian Maritime Enforcement Agency'],
      ['NBI', 'PH', 'National Bureau of Investigation'],
    ] as const) {
      const agency = await app.built.services.directory.createAgency(
        admin,
        { country, name, kind: 'police_atip', unit: null, website: null },
        origin,
      );
      agencies[key] = agency.id;
    }
    await person('Maria', { country: 'PH' });
    await person('Faizal', { country: 'MY', agency: 'MMEA' });
    await person('Jose', { country: 'PH', agency: 'NBI' });
    await person('Aminah', { country: 'MY', agency: 'MMEA' });
    const created = await client('Maria').call(caseRoutes.create, {
      body: { title: 'Operation Coral', sensitivity: 'CONFIDENTIAL', countries: ['PH', 'MY'] },
    });
    caseId = (created.body as Case).id;
    for (const [key, role] of [
      ['Faizal', 'member'],
      ['Jose', 'member'],
      ['Aminah', 'viewer'],
    ] as const) {
      await client('Maria').call(caseRoutes.addMember, {
        params: { id: caseId },
        body: { userId: people[key]?.id ?? '', role },
      });
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it('documents: members of a named agency and the originator export; others are refused and audited', async () => {
    const created = await client('Maria').call(caseRoutes.createDocument, {
      params: { id: caseId },
      body: {
        title: 'Vessel evidence',
        handling: { code: 'participating_agencies', agencyIds: [agencies.MMEA ?? ''], permittedUserIds: [] },
      },
    });
    expect(created.status).toBe(201);
    const documentId = created.body.id;

    const byNamedAgency = await exportAs('Faizal', documentId);
    expect(byNamedAgency.status).toBe(200);
    expect(byNamedAgency.body).toContain(
      'May be shared with the named agencies of participating countries: Malaysian Maritime Enforcement Agency',
    );
    expect((await exportAs('Maria', documentId)).status).toBe(200);
    const byOtherAgency = await exportAs('Jose', documentId);
    expect(byOtherAgency.status).toBe(403);
    expect(JSON.stringify(byOtherAgency.body)).toContain('named agencies');
    // A viewer in a named agency still may not take material out at all (their case role).
    expect((await exportAs('Aminah', documentId)).status).toBe(403);

    const exports = await app.built.services.audit.list(
      { targetId: documentId, action: 'document.exported' },
      undefined,
      10,
    );
    const denial = exports.find((entry) => entry.actorId === people.Jose?.id);
    expect(denial).toMatchObject({
      outcome: 'denied',
      details: { reason: 'handling_code', handling: 'participating_agencies', agencyIds: [agencies.MMEA] },
    });
    expect(exports.find((entry) => entry.actorId === people.Aminah?.id)?.details).toMatchObject({
      reason: 'role',
    });
    expect(exports.filter((entry) => entry.outcome === 'allowed')).toHaveLength(2);

    // Only the lead or the originator re-marks it; both attempts are in the trail.
    const byMember = await client('Faizal').call(documentRoutes.update, {
      params: { id: documentId },
      body: { handling: { code: 'team_only', agencyIds: [], permittedUserIds: [] } },
    });
    expect(byMember.status).toBe(403);
    const widened = await client('Maria').call(documentRoutes.update, {
      params: { id: documentId },
      body: {
        handling: {
          code: 'participating_agencies',
          agencyIds: [agencies.MMEA ?? '', agencies.NBI ?? ''],
          permittedUserIds: [],
        },
      },
    });
    expect(widened.status).toBe(200);
    expect(widened.body.handling?.agencyNames).toEqual([
      'Malaysian Maritime Enforcement Agency',
      'National Bureau of Investigation',
    ]);
    const changes = await app.built.services.audit.list(
      { targetId: documentId, action: 'document.handling_changed' },
      undefined,
      10,
    );
    expect(
      changes.map((entry) => ({ actor: entry.actorId, outcome: entry.outcome, details: entry.details })),
    ).toEqual(
      expect.arrayContaining([
        {
          actor: people.Faizal?.id,
          outcome: 'denied',
          details: expect.objectContaining({ reason: 'not_permitted' }),
        },
        {
          actor: people.Maria?.id,
          outcome: 'allowed',
          details: {
            from: 'participating_agencies',
            handling: 'participating_agencies',
            agencyIds: [agencies.MMEA, agencies.NBI],
          },
        },
      ]),
    );
    expect(changes).toHaveLength(2);
    expect((await exportAs('Jose', documentId)).status).toBe(200);
  });

  it("requests: the re-marking is audited and the draft's exports follow it", async () => {
    const created = await client('Faizal').call(caseRoutes.createRequest, {
      params: { id: caseId },
      body: {
        type: 'mutual_legal_assistance',
        title: 'Crew records',
        fromCountry: 'MY',
        fromAuthority: "Attorney General's Chambers",
        toCountry: 'PH',
        toAuthority: 'Department of Justice',
      },
    });
    expect(created.status).toBe(201);
    const request = created.body as CooperationRequest;
    expect(request.handling.code).toBe('team_only');
    expect((await exportAs('Jose', request.draftDocumentId)).status).toBe(200);

    // A member who did not originate it may not re-mark it.
    const byOther = await client('Jose').call(caseRoutes.updateRequest, {
      params: { id: caseId, requestId: request.id },
      body: { handling: { code: 'team_only', agencyIds: [], permittedUserIds: [] } },
    });
    expect(byOther.status).toBe(403);
    const remarked = await client('Faizal').call(caseRoutes.updateRequest, {
      params: { id: caseId, requestId: request.id },
      body: {
        handling: { code: 'participating_agencies', agencyIds: [agencies.MMEA ?? ''], permittedUserIds: [] },
      },
    });
    expect(remarked.status).toBe(200);
    expect((await exportAs('Jose', request.draftDocumentId)).status).toBe(403);
    expect((await exportAs('Faizal', request.draftDocumentId)).status).toBe(200);

    const changes = await app.built.services.audit.list(
      { caseId, action: 'request.handling_changed', targetId: request.id },
      undefined,
      10,
    );
    expect(changes.map((entry) => [entry.actorId, entry.outcome, entry.details])).toEqual(
      expect.arrayContaining([
        [people.Jose?.id, 'denied', { reason: 'not_permitted' }],
        [
          people.Faizal?.id,
          'allowed',
          { from: 'team_only', handling: 'participating_agencies', agencyIds: [agencies.MMEA] },
        ],
      ]),
    );
    expect(changes).toHaveLength(2);

    // The draft cannot be re-marked on its own: the request and its draft keep one marking.
    const draftAlone = await client('Faizal').request('PATCH', `/api/documents/${request.draftDocumentId}`, {
      body: { handling: { code: 'team_only', agencyIds: [], permittedUserIds: [] } },
    });
    expect(draftAlone.status).toBe(409);
    expect(draftAlone.body).toMatchObject({ error: { code: 'CONFLICT' } });
    expect((await exportAs('Jose', request.draftDocumentId)).status).toBe(403);
  });

  it('documents: permission to pass on is given only to members of the case team', async () => {
    const note = await client('Maria').call(caseRoutes.createDocument, {
      params: { id: caseId },
      body: { title: 'Witness list' },
    });
    const documentId = (note.body as { id: string }).id;
    const outsider = await buildUser(app.built.services, { country: 'VN' });
    const remark = (permittedUserIds: string[]) =>
      client('Maria').request('PATCH', `/api/documents/${documentId}`, {
        body: { handling: { code: 'originator_permission', agencyIds: [], permittedUserIds } },
      });
    const offTeam = await remark([outsider._id.toHexString()]);
    expect(offTeam.status).toBe(400);
    expect(offTeam.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect((await remark([people.Jose?.id ?? ''])).status).toBe(200);
  });

  it('attachments: the same rule on download, the re-marking audited', async () => {
    const upload = await client('Maria').request(
      'POST',
      `/api/cases/${caseId}/attachments?fileName=crew-list.csv`,
      {
        rawBody: 'name,role\nA,deckhand\n',
        headers: { 'content-type': 'application/octet-stream', 'x-file-type': 'text/csv' },
      },
    );
    expect(upload.status).toBe(201);
    const attachment = upload.body as CaseAttachment;
    expect(attachment.handling.code).toBe('team_only');
    expect((await download('Jose', attachment.id)).status).toBe(200);

    const marked = await client('Maria').call(caseRoutes.updateAttachment, {
      params: { id: caseId, attachmentId: attachment.id },
      body: {
        handling: { code: 'participating_agencies', agencyIds: [agencies.NBI ?? ''], permittedUserIds: [] },
      },
    });
    expect(marked.status).toBe(200);
    expect((await download('Jose', attachment.id)).status).toBe(200);
    expect((await download('Faizal', attachment.id)).status).toBe(403);
    expect((await download('Maria', attachment.id)).status).toBe(200);

    const changes = await app.built.services.audit.list(
      { caseId, action: 'attachment.handling_changed' },
      undefined,
      10,
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      outcome: 'allowed',
      actorId: people.Maria?.id,
      details: {
        fileName: 'crew-list.csv',
        from: 'team_only',
        handling: 'participating_agencies',
        agencyIds: [agencies.NBI],
      },
    });
    const downloads = await app.built.services.audit.list(
      { caseId, action: 'attachment.downloaded', targetId: attachment.id },
      undefined,
      10,
    );
    expect(downloads.map((entry) => entry.outcome).sort()).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'denied',
    ]);
    expect(downloads.find((entry) => entry.outcome === 'denied')).toMatchObject({
      actorId: people.Faizal?.id,
      details: { reason: 'handling_code', handling: 'participating_agencies' },
    });
  });
});
