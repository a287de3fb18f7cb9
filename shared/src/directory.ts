import { z } from 'zod';
import { GlobalRoleSchema, UserProfileSchema, UserSummarySchema } from './accounts';
import {
  IdParamsSchema,
  IdSchema,
  IsoDateTimeSchema,
  OkSchema,
  SafeUrlSchema,
  blockText,
  lineText,
  pageOf,
} from './common';
import { defineRoute } from './http';
import { AgencyKindSchema, JurisdictionCodeSchema, LanguageSchema } from './jurisdictions';
import { LegalTopicSchema } from './taxonomy';

export const AgencySchema = z.object({
  id: IdSchema,
  country: JurisdictionCodeSchema,
  name: z.string(),
  kind: AgencyKindSchema,
  unit: z.string().nullable(),
  website: z.string().nullable(),
});
export type Agency = z.infer<typeof AgencySchema>;

export const AgencyBodySchema = z.strictObject({
  country: JurisdictionCodeSchema,
  name: lineText(160),
  kind: AgencyKindSchema,
  unit: lineText(160).nullable().default(null),
  website: SafeUrlSchema.nullable().default(null),
});
export type AgencyBody = z.infer<typeof AgencyBodySchema>;

export const JurisdictionSchema = z.object({
  code: JurisdictionCodeSchema,
  kind: z.enum(['member_state', 'partner']),
  name: z.string(),
  nameMs: z.string(),
  agencies: z.array(AgencySchema),
  contactPoints: z.array(UserSummarySchema),
  memberCount: z.number().int().nonnegative(),
});
export type Jurisdiction = z.infer<typeof JurisdictionSchema>;

export const MemberSearchQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  country: JurisdictionCodeSchema.optional(),
  agencyId: IdSchema.optional(),
  expertise: LegalTopicSchema.optional(),
  language: LanguageSchema.optional(),
  role: GlobalRoleSchema.optional(),
  contactPointsOnly: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type MemberSearchQuery = z.infer<typeof MemberSearchQuerySchema>;

// ---- Victim service providers ---------------------------------------------------------------

export const VICTIM_SERVICES = [
  'shelter',
  'medical',
  'legal_aid',
  'counselling',
  'repatriation',
  'interpretation',
  'livelihood',
  'child_protection',
] as const;
export const VictimServiceSchema = z.enum(VICTIM_SERVICES);
export type VictimService = z.infer<typeof VictimServiceSchema>;

export const ServiceProviderSchema = z.object({
  id: IdSchema,
  name: z.string(),
  country: JurisdictionCodeSchema,
  services: z.array(VictimServiceSchema),
  languages: z.array(LanguageSchema),
  contact: z.object({
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    address: z.string().nullable(),
  }),
  notes: z.string(),
  verifiedBy: z.string().nullable(),
  verifiedAt: IsoDateTimeSchema.nullable(),
  updatedAt: IsoDateTimeSchema,
});
export type ServiceProvider = z.infer<typeof ServiceProviderSchema>;

export const ServiceProviderBodySchema = z.strictObject({
  name: lineText(160),
  country: JurisdictionCodeSchema,
  services: z.array(VictimServiceSchema).min(1).max(VICTIM_SERVICES.length),
  languages: z.array(LanguageSchema).max(13).default([]),
  contact: z.strictObject({
    phone: lineText(40)
      .regex(/^[+0-9 ()-]+$/, 'must be a phone number')
      .nullable()
      .default(null),
    email: z.email().max(254).nullable().default(null),
    website: SafeUrlSchema.nullable().default(null),
    address: lineText(300).nullable().default(null),
  }),
  notes: blockText(2000).default(''),
  /** Set to mark the entry verified now by the editing user's agency. */
  verified: z.boolean().default(false),
});
export type ServiceProviderBody = z.infer<typeof ServiceProviderBodySchema>;

export const ServiceProviderQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  country: JurisdictionCodeSchema.optional(),
  service: VictimServiceSchema.optional(),
  language: LanguageSchema.optional(),
});
export type ServiceProviderQuery = z.infer<typeof ServiceProviderQuerySchema>;

// ---- Routes ---------------------------------------------------------------------------------

export const directoryRoutes = {
  jurisdictions: defineRoute({
    method: 'GET',
    path: '/api/directory/jurisdictions',
    summary: 'Member states and partners with their agencies and contact points',
    tag: 'directory',
    auth: 'session',
    response: z.object({ items: z.array(JurisdictionSchema) }),
  }),
  members: defineRoute({
    method: 'GET',
    path: '/api/directory/members',
    summary: 'Search the member directory',
    tag: 'directory',
    auth: 'session',
    query: MemberSearchQuerySchema,
    response: pageOf(UserProfileSchema),
  }),
  member: defineRoute({
    method: 'GET',
    path: '/api/directory/members/:id',
    summary: "A member's profile",
    tag: 'directory',
    auth: 'session',
    params: IdParamsSchema,
    response: UserProfileSchema,
  }),
  agencies: defineRoute({
    method: 'GET',
    path: '/api/directory/agencies',
    summary: 'Agencies, optionally of one country',
    tag: 'directory',
    auth: 'session',
    query: z.strictObject({ country: JurisdictionCodeSchema.optional() }),
    response: z.object({ items: z.array(AgencySchema) }),
  }),
  createAgency: defineRoute({
    method: 'POST',
    path: '/api/directory/agencies',
    summary: 'Add an agency',
    tag: 'directory',
    auth: 'session',
    body: AgencyBodySchema,
    response: AgencySchema,
    status: 201,
  }),
  updateAgency: defineRoute({
    method: 'PUT',
    path: '/api/directory/agencies/:id',
    summary: 'Edit an agency',
    tag: 'directory',
    auth: 'session',
    params: IdParamsSchema,
    body: AgencyBodySchema,
    response: AgencySchema,
  }),
  serviceProviders: defineRoute({
    method: 'GET',
    path: '/api/directory/service-providers',
    summary: 'Victim service providers',
    tag: 'directory',
    auth: 'session',
    query: ServiceProviderQuerySchema,
    response: z.object({ items: z.array(ServiceProviderSchema) }),
  }),
  serviceProvider: defineRoute({
    method: 'GET',
    path: '/api/directory/service-providers/:id',
    summary: 'One victim service provider',
    tag: 'directory',
    auth: 'session',
    params: IdParamsSchema,
    response: ServiceProviderSchema,
  }),
  createServiceProvider: defineRoute({
    method: 'POST',
    path: '/api/directory/service-providers',
    summary: 'Add a victim service provider',
    tag: 'directory',
    auth: 'session',
    body: ServiceProviderBodySchema,
    response: ServiceProviderSchema,
    status: 201,
  }),
  updateServiceProvider: defineRoute({
    method: 'PUT',
    path: '/api/directory/service-providers/:id',
    summary: 'Edit a victim service provider',
    tag: 'directory',
    auth: 'session',
    params: IdParamsSchema,
    body: ServiceProviderBodySchema,
    response: ServiceProviderSchema,
  }),
  deleteServiceProvider: defineRoute({
    method: 'DELETE',
    path: '/api/directory/service-providers/:id',
    summary: 'Remove a victim service provider',
    tag: 'directory',
    auth: 'session',
    params: IdParamsSchema,
    response: OkSchema,
  }),
};
