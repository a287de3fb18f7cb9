import type { Logger } from 'pino';
import type { CreateChannelBody } from '@serantau/shared';
import type { AppServices } from '../app';
import type { UserDoc } from '../modules/users/repo';
import { actorForUser } from '../modules/threads/context';
import type { Actor } from '../policy/actor';

interface SeedChannel {
  body: CreateChannelBody;
  /** Demo user keys invited to a private channel. */
  members?: string[];
  threads: SeedThread[];
}

interface SeedThread {
  key: string;
  author: string;
  title: string;
  tags: string[];
  body: string;
  replies: { author: string; body: string }[];
}

const origin = { ip: null, userAgent: 'demo-seed' };

/** `@user:<id>` for a demo user, resolved when seeding (ids differ between installs). */
type Mentions = (key: string) => string;

function demoChannels(mention: Mentions): SeedChannel[] {
  return [
    {
      body: {
        name: 'network-announcements',
        kind: 'announcement',
        description: 'Notices from the network secretariat: meetings, guidance, new members.',
      },
      threads: [
        {
          key: 'announce-welcome',
          author: 'admin',
          title: 'Welcome to the Serantau channels',
          tags: ['network'],
          body: 'Use **public channels** for questions to the whole network, country channels for your own team, and private channels for joint investigations.\n\n- Never post victims’ names or identifying details here.\n- Case material belongs in case workspaces.',
          replies: [],
        },
      ],
    },
    {
      body: {
        name: 'labour-trafficking',
        kind: 'public',
        description: 'Forced labour in fishing, plantations, construction and domestic work.',
        moderatorIds: [],
      },
      threads: [
        {
          key: 'labour-fishing-crews',
          author: 'maria',
          title: 'Proving forced labour on distant-water fishing vessels',
          tags: ['fishing', 'evidence'],
          body: 'We have crew statements about withheld wages and passports on a vessel that docked in General Santos. Has anyone used **vessel monitoring data** as evidence of the route?',
          replies: [
            {
              author: 'somchai',
              body: `Yes: in a Songkhla case the VMS track corroborated the crew's account of transshipment at sea. ${mention('lan')} your fisheries ministry shared similar data last year.`,
            },
            {
              author: 'lan',
              body: 'We did. The request went through the central authority; allow about three weeks. I can share the template.',
            },
          ],
        },
      ],
    },
    {
      body: {
        name: 'online-scam-compounds',
        kind: 'public',
        description: 'Trafficking into online scam operations: recruitment, rescue, victim screening.',
      },
      threads: [
        {
          key: 'scam-screening',
          author: 'faizal',
          title: 'Screening rescued workers: victims or offenders?',
          tags: ['victim-identification'],
          body: 'After the latest rescue we need a consistent screening approach before charging decisions. What indicators do your teams use?',
          replies: [
            {
              author: 'dewi',
              body: '> consistent screening approach\n\nWe use the regional indicators checklist, with an interpreter present for every interview. @country:PH your IACAT guidance was helpful.',
            },
          ],
        },
      ],
    },
    {
      body: {
        name: 'thailand-team',
        kind: 'country',
        country: 'TH',
        description: 'Office of the Attorney General and partner agencies in Thailand.',
      },
      threads: [],
    },
    {
      body: {
        name: 'jit-mekong-scam-compounds',
        kind: 'private',
        description: 'Joint investigation team (Cambodia, Thailand, Singapore). Invitation only.',
      },
      members: ['somchai', 'sokha', 'weiling'],
      threads: [
        {
          key: 'jit-coordination',
          author: 'sokha',
          title: 'Coordination call next week',
          tags: ['jit'],
          body: 'Proposed agenda: financial tracing results, witness protection arrangements, and the mutual legal assistance request status.',
          replies: [{ author: 'weiling', body: 'Singapore can join on Tuesday or Wednesday morning.' }],
        },
      ],
    },
  ];
}

/**
 * Demo channels, threads and replies, created through the real services (so notifications, unread
 * state and the moderation log look as they would). Idempotent: channels by name, posts by their
 * client message ids.
 */
export async function seedChannels(
  services: AppServices,
  network: { users: Map<string, UserDoc> },
  logger: Pick<Logger, 'debug'>,
): Promise<void> {
  const actor = (key: string): Actor | null => {
    const user = network.users.get(key);
    return user ? actorForUser(user) : null;
  };
  const admin = actor('admin');
  if (!admin) return;
  const mention: Mentions = (key) => {
    const user = network.users.get(key);
    return user ? `@user:${user._id.toHexString()}` : '';
  };
  const moderators = ['somchai', 'weiling'].flatMap((key) => {
    const user = network.users.get(key);
    return user ? [user._id.toHexString()] : [];
  });
  const existing = await services.channels.list(admin, { scope: 'all', includeArchived: 'true' });
  for (const seed of demoChannels(mention)) {
    const found = existing.find((channel) => channel.name === seed.body.name);
    const channel =
      found ?? (await services.channels.create(admin, { ...seed.body, moderatorIds: moderators }, origin));
    for (const key of seed.members ?? []) {
      const user = network.users.get(key);
      if (user) await services.channels.addMember(admin, channel.id, user._id.toHexString(), origin);
    }
    for (const thread of seed.threads) {
      const author = actor(thread.author);
      if (!author) continue;
      const created = await services.threads.threads.createThread(
        author,
        { type: 'channel', id: channel.id },
        {
          title: thread.title,
          body: thread.body,
          tags: thread.tags,
          clientMessageId: `seed-${thread.key}-0`,
        },
      );
      for (const [index, reply] of thread.replies.entries()) {
        const replier = actor(reply.author);
        if (!replier) continue;
        await services.threads.threads.send(replier, {
          threadId: created.id,
          clientMessageId: `seed-${thread.key}-${index + 1}`,
          body: reply.body,
        });
      }
    }
  }
  logger.debug('demo channels seeded');
}
