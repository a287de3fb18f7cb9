import type { Logger } from 'pino';
import type { GlobalRole } from '@serantau/shared';
import type { AppServices } from '../app';
import { toObjectId } from '../db/ids';
import { hashPassword } from '../modules/auth/passwords';
import type { UserDoc } from '../modules/users/repo';
import type { Actor } from '../policy/actor';
import { seedChannels } from './channels';
import { seedDemoCases } from './cases';
import { seedDemoPrecedents } from './precedents';
import { DEMO_AGENCIES, DEMO_PASSWORD, DEMO_SERVICE_PROVIDERS, DEMO_USERS } from './demo-data';

export interface DemoLogin {
  email: string;
  name: string;
  role: GlobalRole;
  country: string;
}

export interface DemoNetwork {
  password: string;
  logins: DemoLogin[];
  /** Demo users by key, for later seed steps (channels, cases, precedent questions). */
  users: Map<string, UserDoc>;
}

/**
 * A believable network for first-time users and demos. Idempotent: running it again finds what
 * exists (by natural keys) and adds only what is missing. Never called in production mode.
 */
export async function seedDemoNetwork(
  services: AppServices,
  logger: Pick<Logger, 'debug'>,
): Promise<DemoNetwork> {
  const agencyIds = new Map<string, UserDoc['agencyId']>();
  const existingAgencies = await services.directory.agencies(undefined);
  const seedActor: Actor = {
    userId: '000000000000000000000000',
    sessionId: 'seed',
    displayName: 'Demo seed',
    role: 'admin',
    country: 'ASEAN-SEC',
    agencyId: null,
  };
  const origin = { ip: null, userAgent: 'demo-seed' };

  for (const agency of DEMO_AGENCIES) {
    const found = existingAgencies.find(
      (entry) => entry.country === agency.country && entry.name === agency.name,
    );
    const created =
      found ??
      (await services.directory.createAgency(
        seedActor,
        {
          country: agency.country,
          name: agency.name,
          kind: agency.kind,
          unit: agency.unit ?? null,
          website: null,
        },
        origin,
      ));
    agencyIds.set(agency.key, toObjectId(created.id));
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, UserDoc>();
  const usersRepo = services.usersRepo;
  for (const demo of DEMO_USERS) {
    const existing = await usersRepo.findByEmail(demo.email);
    const user =
      existing ??
      (await usersRepo.insert({
        email: demo.email,
        displayName: demo.displayName,
        country: demo.country,
        agencyId: agencyIds.get(demo.agency) ?? null,
        title: demo.title,
        languages: demo.languages,
        expertise: demo.expertise,
        role: demo.role,
        status: 'active',
        contactPoint: demo.contactPoint ?? null,
        passwordHash,
        locale: demo.locale ?? 'en',
        timeZone: demo.timeZone,
      }));
    users.set(demo.key, user);
  }

  const providers = await services.directory.serviceProviders({});
  const admin = users.get('admin');
  if (admin) {
    const adminActor = { ...seedActor, userId: admin._id.toHexString(), displayName: admin.displayName };
    for (const provider of DEMO_SERVICE_PROVIDERS) {
      if (providers.some((entry) => entry.name === provider.name)) continue;
      await services.directory.createServiceProvider(
        adminActor,
        {
          name: provider.name,
          country: provider.country,
          services: provider.services,
          languages: provider.languages,
          contact: { phone: provider.phone, email: provider.email, website: null, address: null },
          notes: provider.notes,
          verified: true,
        },
        origin,
      );
    }
  }

  logger.debug({ users: users.size }, 'demo directory seeded');
  await seedChannels(services, { users }, logger);
  await seedDemoCases(services, users, logger);
  await seedDemoPrecedents(services, users, logger);
  return {
    password: DEMO_PASSWORD,
    logins: DEMO_USERS.map((demo) => ({
      email: demo.email,
      name: demo.displayName,
      role: demo.role,
      country: demo.country,
    })),
    users,
  };
}
