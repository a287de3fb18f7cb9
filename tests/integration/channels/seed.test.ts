import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoNetwork } from '@serantau/server/seed/demo';
import { actorForUser } from '@serantau/server/modules/threads/context';
import { startApp, type TestApp } from '../../helpers/app';

describe('channels: demo seed', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates believable channels and threads once, however often it runs', async () => {
    const logger = pino({ level: 'silent' });
    const first = await seedDemoNetwork(app.built.services, logger);
    await seedDemoNetwork(app.built.services, logger);
    const maria = first.users.get('maria');
    const somchai = first.users.get('somchai');
    expect(maria && somchai).toBeTruthy();
    const services = app.built.services;
    const channels = await services.channels.list(actorForUser(maria!), { scope: 'all' });
    const names = channels.map((channel) => channel.name);
    expect(names).toEqual(
      expect.arrayContaining(['network-announcements', 'labour-trafficking', 'online-scam-compounds']),
    );
    expect(names).not.toContain('jit-mekong-scam-compounds');
    expect(names).not.toContain('thailand-team');
    const forSomchai = (await services.channels.list(actorForUser(somchai!), { scope: 'joined' })).map(
      (c) => c.name,
    );
    expect(forSomchai).toEqual(expect.arrayContaining(['thailand-team', 'jit-mekong-scam-compounds']));

    const labour = channels.find((channel) => channel.name === 'labour-trafficking')!;
    const threads = await services.threads.threads.listThreads(
      actorForUser(maria!),
      { type: 'channel', id: labour.id },
      {},
    );
    expect(threads.items).toHaveLength(1);
    expect(threads.items[0]?.lastSeq).toBe(3);
  });
});
