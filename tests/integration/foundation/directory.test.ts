import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes, directoryRoutes, MEMBER_STATE_CODES } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

describe('network directory', () => {
  let app: TestApp;
  let admin: TestClient;
  let member: TestClient;
  let moderator: TestClient;

  beforeAll(async () => {
    app = await startApp();
    const services = app.built.services;
    const adminUser = await buildUser(services, {
      role: 'admin',
      country: 'ASEAN-SEC',
      displayName: 'Secretariat Admin',
    });
    const moderatorUser = await buildUser(services, {
      role: 'moderator',
      country: 'SG',
      displayName: 'Lim Wei Ling',
    });
    const memberUser = await buildUser(services, {
      role: 'member',
      country: 'PH',
      displayName: 'Maria Santos',
    });
    admin = new TestClient(app.url);
    member = new TestClient(app.url);
    moderator = new TestClient(app.url);
    await admin.login(adminUser.email, TEST_PASSWORD);

    const doj = await admin.call(directoryRoutes.createAgency, {
      body: {
        country: 'PH',
        name: 'Department of Justice',
        kind: 'prosecution',
        unit: 'National Prosecution Service',
        website: 'https://doj.example',
      },
    });
    const police = await admin.call(directoryRoutes.createAgency, {
      body: { country: 'TH', name: 'Royal Thai Police', kind: 'police_atip', unit: null, website: null },
    });
    const thai = await buildUser(services, { country: 'TH', displayName: 'Somchai Prasert' });
    await admin.call(adminRoutes.updateUser, {
      params: { id: thai._id.toHexString() },
      body: { agencyId: police.body.id, contactPoint: 'Anti-trafficking unit focal point' },
    });
    await services.usersRepo.update(thai._id, { languages: ['th', 'en'], expertise: ['forced-labour'] });
    await admin.call(adminRoutes.updateUser, {
      params: { id: memberUser._id.toHexString() },
      body: { agencyId: doj.body.id },
    });
    for (let index = 0; index < 7; index += 1) {
      await buildUser(services, {
        country: 'VN',
        displayName: `Vietnamese Procurator ${String.fromCharCode(65 + index)}`,
      });
    }
    await buildUser(services, { country: 'VN', displayName: 'Suspended Person', status: 'suspended' });
    // Signed in after the agency assignments above: those end the member's sessions by design.
    await member.login(memberUser.email, TEST_PASSWORD);
    await moderator.login(moderatorUser.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists every member state and partner with agencies, contact points and counts', async () => {
    const result = await member.call(directoryRoutes.jurisdictions);
    const codes = result.body.items.map((item) => item.code);
    for (const code of MEMBER_STATE_CODES) expect(codes).toContain(code);
    expect(codes).toContain('UNODC');
    const thailand = result.body.items.find((item) => item.code === 'TH');
    expect(thailand?.agencies.map((agency) => agency.name)).toEqual(['Royal Thai Police']);
    expect(thailand?.contactPoints.map((person) => person.displayName)).toEqual(['Somchai Prasert']);
    expect(result.body.items.find((item) => item.code === 'VN')?.memberCount).toBe(7);
  });

  it('searches by name, country, agency, expertise, language and contact point', async () => {
    const byName = await member.call(directoryRoutes.members, { query: { q: 'somchai' } });
    expect(byName.body.items.map((user) => user.displayName)).toEqual(['Somchai Prasert']);
    expect(byName.body.items[0]?.contactPoint).toBe('Anti-trafficking unit focal point');
    expect(byName.body.items[0]?.agencyName).toBe('Royal Thai Police');
    const byCountry = await member.call(directoryRoutes.members, { query: { country: 'PH' } });
    expect(byCountry.body.items.map((user) => user.displayName)).toEqual(['Maria Santos']);
    expect(
      (await member.call(directoryRoutes.members, { query: { expertise: 'forced-labour' } })).body.items,
    ).toHaveLength(1);
    expect(
      (await member.call(directoryRoutes.members, { query: { language: 'th' } })).body.items,
    ).toHaveLength(1);
    expect(
      (await member.call(directoryRoutes.members, { query: { contactPointsOnly: 'true' } })).body.items,
    ).toHaveLength(1);
    const regexLike = await member.call(directoryRoutes.members, { query: { q: '.*' } });
    expect(regexLike.body.items).toEqual([]);
  });

  it('pages through results by cursor without gaps or repeats, and hides suspended members', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await member.call(directoryRoutes.members, {
        query: { country: 'VN', limit: 3, ...(cursor ? { cursor } : {}) },
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((user) => user.displayName));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...'ABCDEFG'].map((letter) => `Vietnamese Procurator ${letter}`));
    const broken = await member.request('GET', '/api/directory/members?cursor=bm90LWpzb24');
    expect(broken.status).toBe(400);
  });

  it('lets moderators maintain victim service providers and members read them', async () => {
    const created = await moderator.call(directoryRoutes.createServiceProvider, {
      body: {
        name: 'Harbour Light Shelter',
        country: 'MY',
        services: ['shelter', 'counselling'],
        languages: ['ms', 'en'],
        contact: {
          phone: '+60 3 0000 0001',
          email: 'intake@harbour.example',
          website: 'https://harbour.example',
        },
        notes: 'Adult women',
        verified: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.verifiedBy).toBe('Lim Wei Ling');
    const forbidden = await member.call(directoryRoutes.createServiceProvider, {
      body: { name: 'X', country: 'MY', services: ['shelter'], contact: {} },
    });
    expect(forbidden.status).toBe(403);
    const found = await member.call(directoryRoutes.serviceProviders, {
      query: { service: 'counselling', country: 'MY' },
    });
    expect(found.body.items.map((item) => item.name)).toEqual(['Harbour Light Shelter']);
    const badLink = await moderator.call(directoryRoutes.updateServiceProvider, {
      params: { id: created.body.id },
      body: { name: 'X', country: 'MY', services: ['shelter'], contact: { website: 'javascript:alert(1)' } },
    });
    expect(badLink.status).toBe(400);
    const removed = await moderator.call(directoryRoutes.deleteServiceProvider, {
      params: { id: created.body.id },
    });
    expect(removed.status).toBe(200);
    expect(
      (await member.call(directoryRoutes.serviceProvider, { params: { id: created.body.id } })).status,
    ).toBe(404);
  });
});
