import type { GlobalRole, JurisdictionCode, LegalTopic } from '@serantau/shared';
import type { AppServices } from '@serantau/server/app';
import { hashPassword } from '@serantau/server/modules/auth/passwords';
import type { UserDoc } from '@serantau/server/modules/users/repo';

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;
let cachedHash: Promise<string> | null = null;

export interface BuildUserOptions {
  role?: GlobalRole;
  country?: JurisdictionCode;
  displayName?: string;
  email?: string;
  status?: UserDoc['status'];
  expertise?: LegalTopic[];
}

/** An active account with TEST_PASSWORD, created straight through the users repository. */
export async function buildUser(services: AppServices, options: BuildUserOptions = {}): Promise<UserDoc> {
  counter += 1;
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return services.usersRepo.insert({
    email: options.email ?? `user${counter}-${Date.now()}@example.org`,
    displayName: options.displayName ?? `Test User ${counter}`,
    country: options.country ?? 'MY',
    agencyId: null,
    title: 'Prosecutor',
    languages: ['en'],
    expertise: options.expertise ?? [],
    role: options.role ?? 'member',
    status: options.status ?? 'active',
    contactPoint: null,
    passwordHash: await cachedHash,
    locale: 'en',
    timeZone: 'Asia/Kuala_Lumpur',
  });
}
