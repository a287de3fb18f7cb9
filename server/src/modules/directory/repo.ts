import { ObjectId, type Db, type Filter } from 'mongodb';
import type { AgencyKind, JurisdictionCode, Language, VictimService } from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';

export interface AgencyDoc {
  _id: ObjectId;
  country: JurisdictionCode;
  name: string;
  kind: AgencyKind;
  unit: string | null;
  website: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ServiceProviderDoc {
  _id: ObjectId;
  name: string;
  country: JurisdictionCode;
  services: VictimService[];
  languages: Language[];
  contact: { phone: string | null; email: string | null; website: string | null; address: string | null };
  notes: string;
  verifiedBy: string | null;
  verifiedAt: Date | null;
  createdBy: ObjectId;
  updatedAt: Date;
  createdAt: Date;
}

export const directoryIndexes: CollectionIndexes[] = [
  {
    collection: 'agencies',
    indexes: [{ key: { country: 1, name: 1 }, name: 'country_name_unique', unique: true }],
  },
  {
    collection: 'service_providers',
    indexes: [
      { key: { country: 1, name: 1 }, name: 'by_country' },
      { key: { services: 1 }, name: 'by_service' },
    ],
  },
];

export function createDirectoryRepo(db: Db) {
  const agencies = db.collection<AgencyDoc>('agencies');
  const providers = db.collection<ServiceProviderDoc>('service_providers');
  return {
    agencies: {
      list(country: JurisdictionCode | undefined): Promise<AgencyDoc[]> {
        return agencies.find(country ? { country } : {}, { sort: { country: 1, name: 1 } }).toArray();
      },
      findById(id: ObjectId): Promise<AgencyDoc | null> {
        return agencies.findOne({ _id: id });
      },
      findByIds(ids: readonly ObjectId[]): Promise<AgencyDoc[]> {
        if (ids.length === 0) return Promise.resolve([]);
        return agencies.find({ _id: { $in: [...ids] } }).toArray();
      },
      async insert(agency: Omit<AgencyDoc, '_id' | 'createdAt' | 'updatedAt'>): Promise<AgencyDoc> {
        const now = new Date();
        const doc: AgencyDoc = { ...agency, _id: new ObjectId(), createdAt: now, updatedAt: now };
        await agencies.insertOne(doc);
        return doc;
      },
      replace(
        id: ObjectId,
        agency: Omit<AgencyDoc, '_id' | 'createdAt' | 'updatedAt'>,
      ): Promise<AgencyDoc | null> {
        return agencies.findOneAndUpdate(
          { _id: id },
          { $set: { ...agency, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },
    },
    providers: {
      list(filter: Filter<ServiceProviderDoc>): Promise<ServiceProviderDoc[]> {
        return providers.find(filter, { sort: { country: 1, name: 1 }, limit: 500 }).toArray();
      },
      findById(id: ObjectId): Promise<ServiceProviderDoc | null> {
        return providers.findOne({ _id: id });
      },
      async insert(
        provider: Omit<ServiceProviderDoc, '_id' | 'createdAt' | 'updatedAt'>,
      ): Promise<ServiceProviderDoc> {
        const now = new Date();
        const doc: ServiceProviderDoc = { ...provider, _id: new ObjectId(), createdAt: now, updatedAt: now };
        await providers.insertOne(doc);
        return doc;
      },
      replace(
        id: ObjectId,
        provider: Omit<ServiceProviderDoc, '_id' | 'createdAt' | 'updatedAt' | 'createdBy'>,
      ): Promise<ServiceProviderDoc | null> {
        return providers.findOneAndUpdate(
          { _id: id },
          { $set: { ...provider, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },
      async remove(id: ObjectId): Promise<boolean> {
        const result = await providers.deleteOne({ _id: id });
        return result.deletedCount === 1;
      },
    },
  };
}

export type DirectoryRepo = ReturnType<typeof createDirectoryRepo>;
