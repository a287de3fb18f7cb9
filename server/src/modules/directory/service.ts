import type { Filter, ObjectId } from 'mongodb';
import {
  JURISDICTIONS,
  type Agency,
  type AgencyBody,
  type Jurisdiction,
  type JurisdictionCode,
  type MemberSearchQuery,
  type ServiceProvider,
  type ServiceProviderBody,
  type ServiceProviderQuery,
  type UserProfile,
} from '@serantau/shared';
import { escapeRegex, toObjectId } from '../../db/ids';
import { AppError, isDuplicateKeyError, notFound } from '../../http/errors';
import type { Actor, RequestOrigin } from '../../policy/actor';
import type { AuditService } from '../audit/service';
import { presentUserProfile, presentUserSummary, type AgencyNames } from '../users/presenter';
import type { UserDoc, UsersRepo } from '../users/repo';
import { presentAgency, presentServiceProvider } from './presenter';
import type { DirectoryRepo, ServiceProviderDoc } from './repo';

export interface DirectoryDeps {
  repo: DirectoryRepo;
  users: UsersRepo;
  audit: AuditService;
}

export function createDirectoryService(deps: DirectoryDeps) {
  const { repo } = deps;

  async function agencyNames(ids: readonly ObjectId[]): Promise<AgencyNames> {
    const agencies = await repo.agencies.findByIds(ids);
    return new Map(agencies.map((agency) => [agency._id.toHexString(), agency.name]));
  }

  async function agencyExists(id: ObjectId, country: string): Promise<boolean> {
    const agency = await repo.agencies.findById(id);
    return agency !== null && agency.country === country;
  }

  async function assertAgencyBody(body: AgencyBody, existingId?: ObjectId): Promise<void> {
    const clash = (await repo.agencies.list(body.country)).find(
      (agency) =>
        agency.name.toLowerCase() === body.name.toLowerCase() && !agency._id.equals(existingId ?? ''),
    );
    if (clash)
      throw new AppError('ALREADY_EXISTS', 'An agency with this name already exists in that country');
  }

  function providerFields(actor: Actor, body: ServiceProviderBody, previous: ServiceProviderDoc | null) {
    return {
      name: body.name,
      country: body.country,
      services: [...new Set(body.services)],
      languages: [...new Set(body.languages)],
      contact: body.contact,
      notes: body.notes,
      verifiedBy: body.verified ? actor.displayName : (previous?.verifiedBy ?? null),
      verifiedAt: body.verified ? new Date() : (previous?.verifiedAt ?? null),
    };
  }

  return {
    agencyNames,
    agencyExists,

    async jurisdictions(): Promise<Jurisdiction[]> {
      const [agencies, contactPoints, counts] = await Promise.all([
        repo.agencies.list(undefined),
        deps.users.collection
          .find({ status: 'active', contactPoint: { $ne: null } }, { sort: { displayName: 1 } })
          .toArray(),
        deps.users.collection
          .aggregate<{ _id: string; count: number }>([
            { $match: { status: 'active' } },
            { $group: { _id: '$country', count: { $sum: 1 } } },
          ])
          .toArray(),
      ]);
      const names: AgencyNames = new Map(agencies.map((agency) => [agency._id.toHexString(), agency.name]));
      return JURISDICTIONS.map((entry) => ({
        code: entry.code,
        kind: entry.kind,
        name: entry.name,
        nameMs: entry.nameMs,
        agencies: agencies.filter((agency) => agency.country === entry.code).map(presentAgency),
        contactPoints: contactPoints
          .filter((user) => user.country === entry.code)
          .map((user) => presentUserSummary(user, names)),
        memberCount: counts.find((count) => count._id === entry.code)?.count ?? 0,
      }));
    },

    async searchMembers(
      query: MemberSearchQuery,
    ): Promise<{ items: UserProfile[]; nextCursor: string | null }> {
      const filter: Filter<UserDoc> = { status: 'active' };
      if (query.country) filter.country = query.country;
      if (query.agencyId) filter.agencyId = toObjectId(query.agencyId);
      if (query.expertise) filter.expertise = query.expertise;
      if (query.language) filter.languages = query.language;
      if (query.role) filter.role = query.role;
      if (query.contactPointsOnly === 'true') filter.contactPoint = { $ne: null };
      if (query.q) {
        const pattern = { $regex: escapeRegex(query.q), $options: 'i' };
        filter.$or = [{ displayName: pattern }, { title: pattern }, { contactPoint: pattern }];
      }
      const { users, nextCursor } = await deps.users.pageByName(filter, query.cursor, query.limit);
      const names = await agencyNames(users.flatMap((user) => (user.agencyId ? [user.agencyId] : [])));
      return { items: users.map((user) => presentUserProfile(user, names)), nextCursor };
    },

    async member(id: string): Promise<UserProfile> {
      const user = await deps.users.findById(toObjectId(id));
      if (!user || user.status !== 'active') throw notFound('Member');
      return presentUserProfile(user, await agencyNames(user.agencyId ? [user.agencyId] : []));
    },

    async agencies(country: JurisdictionCode | undefined): Promise<Agency[]> {
      return (await repo.agencies.list(country)).map(presentAgency);
    },

    async createAgency(actor: Actor, body: AgencyBody, origin: RequestOrigin): Promise<Agency> {
      await assertAgencyBody(body);
      try {
        const doc = await repo.agencies.insert(body);
        await deps.audit.record({
          actor,
          action: 'agency.create',
          target: { type: 'agency', id: doc._id.toHexString() },
          origin,
          details: { country: body.country, name: body.name },
        });
        return presentAgency(doc);
      } catch (error) {
        if (isDuplicateKeyError(error))
          throw new AppError('ALREADY_EXISTS', 'An agency with this name already exists');
        throw error;
      }
    },

    async updateAgency(actor: Actor, id: string, body: AgencyBody, origin: RequestOrigin): Promise<Agency> {
      const agencyId = toObjectId(id);
      await assertAgencyBody(body, agencyId);
      const doc = await repo.agencies.replace(agencyId, body);
      if (!doc) throw notFound('Agency');
      await deps.audit.record({ actor, action: 'agency.update', target: { type: 'agency', id }, origin });
      return presentAgency(doc);
    },

    async serviceProviders(query: ServiceProviderQuery): Promise<ServiceProvider[]> {
      const filter: Filter<ServiceProviderDoc> = {};
      if (query.country) filter.country = query.country;
      if (query.service) filter.services = query.service;
      if (query.language) filter.languages = query.language;
      if (query.q) {
        const pattern = { $regex: escapeRegex(query.q), $options: 'i' };
        filter.$or = [{ name: pattern }, { notes: pattern }];
      }
      return (await repo.providers.list(filter)).map(presentServiceProvider);
    },

    async serviceProvider(id: string): Promise<ServiceProvider> {
      const doc = await repo.providers.findById(toObjectId(id));
      if (!doc) throw notFound('Service provider');
      return presentServiceProvider(doc);
    },

    async createServiceProvider(
      actor: Actor,
      body: ServiceProviderBody,
      origin: RequestOrigin,
    ): Promise<ServiceProvider> {
      const doc = await repo.providers.insert({
        ...providerFields(actor, body, null),
        createdBy: toObjectId(actor.userId),
      });
      await deps.audit.record({
        actor,
        action: 'service_provider.create',
        target: { type: 'service_provider', id: doc._id.toHexString() },
        origin,
      });
      return presentServiceProvider(doc);
    },

    async updateServiceProvider(
      actor: Actor,
      id: string,
      body: ServiceProviderBody,
      origin: RequestOrigin,
    ): Promise<ServiceProvider> {
      const previous = await repo.providers.findById(toObjectId(id));
      if (!previous) throw notFound('Service provider');
      const doc = await repo.providers.replace(previous._id, providerFields(actor, body, previous));
      if (!doc) throw notFound('Service provider');
      await deps.audit.record({
        actor,
        action: 'service_provider.update',
        target: { type: 'service_provider', id },
        origin,
      });
      return presentServiceProvider(doc);
    },

    async deleteServiceProvider(actor: Actor, id: string, origin: RequestOrigin): Promise<void> {
      if (!(await repo.providers.remove(toObjectId(id)))) throw notFound('Service provider');
      await deps.audit.record({
        actor,
        action: 'service_provider.delete',
        target: { type: 'service_provider', id },
        origin,
      });
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
