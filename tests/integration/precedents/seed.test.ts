import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '@serantau/server/modules/users/presenter';
import { seedDemoNetwork } from '@serantau/server/seed/demo';
import { startApp, type TestApp } from '../../helpers/app';

describe('precedent desk: demo seed', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('seeds a resolved, an anonymous urgent and a two-country question once, however often it runs', async () => {
    const logger = pino({ level: 'silent' });
    const first = await seedDemoNetwork(app.built.services, logger);
    await seedDemoNetwork(app.built.services, logger);
    const db = app.database.db;
    expect(await db.collection('precedent_questions').countDocuments()).toBe(3);
    expect(await db.collection('precedent_answers').countDocuments()).toBe(2);

    const user = (key: string) => {
      const found = first.users.get(key);
      if (!found) throw new Error(`no demo user ${key}`);
      return actorForUser(found);
    };
    const desk = app.built.services.precedents;
    const library = await desk.library(user('maria'), { q: 'debt bondage' });
    expect(library.items).toHaveLength(1);
    expect(library.items[0]?.citations[0]?.reference).toMatch(/^DEMO /);

    const open = await desk.list(user('maria'), { view: 'open' });
    const scam = open.items.find((item) => item.urgency === 'urgent_hearing');
    expect(scam).toMatchObject({ anonymous: true, author: null });
    // Maria (Philippines) was not asked the Myanmar–Thailand question; Somchai (Thailand) was.
    expect(open.items.some((item) => item.audience.kind === 'countries')).toBe(false);
    const forSomchai = await desk.list(user('somchai'), { view: 'for_me' });
    expect(forSomchai.items.some((item) => item.title.startsWith('Extradition of a recruiter'))).toBe(true);
  });
});
