import type { Agency, ServiceProvider } from '@serantau/shared';
import type { AgencyDoc, ServiceProviderDoc } from './repo';

export function presentAgency(doc: AgencyDoc): Agency {
  return {
    id: doc._id.toHexString(),
    country: doc.country,
    name: doc.name,
    kind: doc.kind,
    unit: doc.unit,
    website: doc.website,
  };
}

export function presentServiceProvider(doc: ServiceProviderDoc): ServiceProvider {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    country: doc.country,
    services: doc.services,
    languages: doc.languages,
    contact: doc.contact,
    notes: doc.notes,
    verifiedBy: doc.verifiedBy,
    verifiedAt: doc.verifiedAt?.toISOString() ?? null,
    updatedAt: doc.updatedAt.toISOString(),
  };
}
