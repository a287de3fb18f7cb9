import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rooms } from '@serantau/shared';
import type { Actor } from '@serantau/server/policy/actor';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser } from '../../helpers/factories';

/**
 * The `case` thread container handed to the threads feature (seam 2): the case discussion thread is
 * readable by the team only, writable by leads and members of an open case, moderated by leads.
 */
describe('case thread container', () => {
  let app: TestApp;
  const actors: Record<string, Actor> = {};
  let caseId = '';

  beforeAll(async () => {
    app = await startApp();
    for (const [key, role] of [
      ['lead', 'member'],
      ['member', 'member'],
      ['viewer', 'member'],
      ['outsider', 'member'],
      ['admin', 'admin'],
    ] as const) {
      const user = await buildUser(app.built.services, { role, displayName: key });
      actors[key] = {
        userId: user._id.toHexString(),
        sessionId: key,
        displayName: key,
        role,
        country: 'MY',
        agencyId: null,
      };
    }
    const origin = { ip: null, userAgent: 'test' };
    const lead = actors.lead as Actor;
    const created = await app.built.services.cases.create(
      lead,
      { title: 'Thread case', summary: '', sensitivity: 'RESTRICTED', countries: ['MY'], references: [] },
      origin,
    );
    caseId = created.id;
    await app.built.services.cases.addMember(
      lead,
      caseId,
      { userId: actors.member?.userId ?? '', role: 'member' },
      origin,
    );
    await app.built.services.cases.addMember(
      lead,
      caseId,
      { userId: actors.viewer?.userId ?? '', role: 'viewer' },
      origin,
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  it('decides access from the team and the case status', async () => {
    const container = app.built.services.cases.threadContainer;
    const of = (key: string) => container.access(actors[key] as Actor, caseId);
    expect(await of('lead')).toMatchObject({ read: true, post: true, moderate: true, archived: false });
    expect(await of('member')).toMatchObject({ read: true, post: true, moderate: false });
    expect(await of('viewer')).toMatchObject({ read: true, post: false, react: false });
    expect(await of('outsider')).toMatchObject({ read: false, post: false });
    expect(await of('admin')).toMatchObject({ read: false, post: false, moderate: false });
    expect(await container.access(actors.lead as Actor, 'not-an-id')).toMatchObject({ read: false });
    await app.built.services.cases.changeStatus(
      actors.lead as Actor,
      caseId,
      { status: 'closed' },
      { ip: null, userAgent: null },
    );
    expect(await of('member')).toMatchObject({ read: true, post: false, archived: true });
  });

  it('lists, describes and moderates by the team', async () => {
    const container = app.built.services.cases.threadContainer;
    expect(await container.readableIds(actors.viewer as Actor)).toEqual([caseId]);
    expect(await container.readableIds(actors.admin as Actor)).toEqual([]);
    expect((await container.describe([caseId])).get(caseId)).toEqual({
      name: 'Thread case',
      country: null,
      archived: true,
    });
    expect(await container.moderatorIds(caseId)).toEqual([actors.lead?.userId]);
    const everyone = ['lead', 'member', 'viewer', 'outsider', 'admin'].map((key) => actors[key] as Actor);
    expect(await container.readersAmong(caseId, everyone)).toEqual(
      new Set([actors.lead?.userId, actors.member?.userId, actors.viewer?.userId]),
    );
    expect(await container.readersAmong('not-an-id', everyone)).toEqual(new Set());
    expect(container.room(caseId)).toBe(rooms.case(caseId));
    expect(container.auditCaseId(caseId)).toBe(caseId);
    expect(await container.unreadSince(actors.member as Actor, caseId)).toBeInstanceOf(Date);
  });
});
