import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelRoutes, threadRoutes, type SearchHit } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { closeSockets, createChannel, send, signIn, startThread, type Member } from '../../helpers/channels';

function highlighted(text: { text: string; ranges: [number, number][] }): string[] {
  return text.ranges.map(([from, to]) => text.text.slice(from, to));
}

describe('channels: search', () => {
  let app: TestApp;
  let admin: Member;
  let thai: Member;
  let filipina: Member;
  let outsider: Member;
  let channelId: string;
  let privateId: string;
  let countryId: string;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    thai = await signIn(app, { country: 'TH', displayName: 'Somchai' });
    filipina = await signIn(app, { country: 'PH', displayName: 'Maria' });
    outsider = await signIn(app, { country: 'VN', displayName: 'Lan' });

    const open = await createChannel(admin, { name: 'open-search' });
    channelId = open.id;
    const secret = await createChannel(admin, { name: 'secret-search', kind: 'private' });
    privateId = secret.id;
    await admin.client.call(channelRoutes.addMember, {
      params: { id: secret.id },
      body: { userId: thai.id },
    });
    const country = await createChannel(admin, { name: 'thai-team', kind: 'country', country: 'TH' });
    countryId = country.id;

    const openThread = await startThread(filipina, open.id, {
      title: 'Forced labour on fishing vessels',
      body: 'Crew members recruited through brokers in Manila',
    });
    const thaiSocket = await thai.socket();
    await send(
      thaiSocket,
      openThread.id,
      'The **vessel** owners paid the brokers in cash; see the _vessel_ registry.',
    );
    await send(
      await filipina.socket(),
      openThread.id,
      'Vessel logs were falsified, according to the Coast Guard.',
    );
    const secretThread = await startThread(thai, secret.id, {
      title: 'Undercover operation',
      body: 'Vessel boarding planned for Friday',
    });
    void secretThread;
    const countryThread = await startThread(thai, country.id, {
      title: 'Thai team notes',
      body: 'Vessel inspection schedule for Songkhla',
    });
    void countryThread;
  });
  afterAll(async () => {
    closeSockets(admin, thai, filipina, outsider);
    await app?.close();
  });

  async function search(member: Member, query: Record<string, string>): Promise<SearchHit[]> {
    const result = await member.client.call(threadRoutes.search, { query: query as { q: string } });
    expect(result.status).toBe(200);
    return result.body.items;
  }

  it('finds messages and threads with highlighted words, and only where the searcher can read', async () => {
    const forOutsider = await search(outsider, { q: 'vessel' });
    expect(forOutsider.length).toBeGreaterThan(0);
    expect(forOutsider.every((hit) => hit.container.id === channelId)).toBe(true);
    expect(JSON.stringify(forOutsider)).not.toMatch(/Undercover|boarding|Songkhla/);
    const first = forOutsider.find((hit) => hit.kind === 'message' && hit.snippet.text.includes('owners'));
    expect(first).toBeDefined();
    expect(highlighted(first!.snippet)).toEqual(['vessel', 'vessel']);
    expect(first!.snippet.text).not.toContain('**');
    const threadHit = (await search(outsider, { q: 'fishing' })).find((hit) => hit.kind === 'thread');
    expect(threadHit?.threadTitle.text).toBe('Forced labour on fishing vessels');
    expect(highlighted(threadHit!.threadTitle)).toEqual(['fishing']);

    const forThai = await search(thai, { q: 'vessel' });
    const containers = new Set(forThai.map((hit) => hit.container.id));
    expect(containers).toEqual(new Set([channelId, privateId, countryId]));
    // The admin created (and so is in) the private channel, but is not Thai.
    const forAdmin = await search(admin, { q: 'vessel' });
    expect(new Set(forAdmin.map((hit) => hit.container.id))).toEqual(new Set([channelId, privateId]));
  });

  it('the limit applies after the access filter, never before', async () => {
    // With limit 1 the best match overall may be in a private channel; the outsider still gets one of theirs.
    const hits = await search(outsider, { q: 'vessel boarding', limit: '1' });
    expect(hits).toHaveLength(1);
    expect(hits[0]?.container.id).toBe(channelId);
  });

  it('filters by channel, author, country and date', async () => {
    const byChannel = await search(thai, { q: 'vessel', containerType: 'channel', containerId: countryId });
    expect(byChannel.every((hit) => hit.container.id === countryId)).toBe(true);
    expect(byChannel.length).toBeGreaterThan(0);
    const byAuthor = await search(thai, { q: 'vessel', authorId: filipina.id });
    expect(byAuthor.length).toBeGreaterThan(0);
    expect(byAuthor.every((hit) => hit.author.id === filipina.id)).toBe(true);
    const byCountry = await search(outsider, { q: 'vessel', country: 'TH' });
    expect(byCountry.every((hit) => hit.author.country === 'TH')).toBe(true);
    expect(byCountry.length).toBe(1);
    const future = await search(thai, { q: 'vessel', from: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future).toHaveLength(0);
  });

  it('hidden and deleted messages are not found', async () => {
    const channel = await createChannel(admin, { name: 'hidden-search' });
    const thread = await startThread(filipina, channel.id, { title: 'Plain title', body: 'nothing here' });
    const socket = await filipina.socket();
    const message = await send(socket, thread.id, 'zanzibarite smuggling route');
    expect(await search(outsider, { q: 'zanzibarite' })).toHaveLength(1);
    await admin.client.call(threadRoutes.hide, {
      params: { id: message.id },
      body: { reason: 'Testing hide' },
    });
    expect(await search(outsider, { q: 'zanzibarite' })).toHaveLength(0);
  });

  it('rejects operator objects and unknown parameters', async () => {
    const injected = await outsider.client.request('GET', '/api/search?q[$gt]=&authorId[$ne]=x');
    expect(injected.status).toBe(400);
    const unknown = await outsider.client.request('GET', '/api/search?q=vessel&containerKey=channel:abc');
    expect(unknown.status).toBe(400);
  });
});
