import { z } from 'zod';
import { IdSchema } from './common';

/**
 * Handling codes on case material, in the spirit of the handling codes police services attach to
 * exchanged information: they say who the material may be passed on to. They are shown on the item,
 * enforced when it leaves the system (export, download) and recorded in the audit log.
 */
export const HANDLING_CODES = ['team_only', 'participating_agencies', 'originator_permission'] as const;
export const HandlingCodeSchema = z.enum(HANDLING_CODES);
export type HandlingCode = z.infer<typeof HandlingCodeSchema>;

/** Short labels printed on exports (the client has translated labels in its catalogues). */
export const HANDLING_CODE_LABELS: Record<HandlingCode, string> = {
  team_only: 'TEAM ONLY: not to be passed outside the case team',
  participating_agencies: 'May be shared with the named agencies of participating countries',
  originator_permission: "Originator's permission needed before passing on",
};

/** The handling code of one item as stored and shown. */
export const HandlingSchema = z.object({
  code: HandlingCodeSchema,
  /** For `participating_agencies`: the agencies the item may be shared with. */
  agencyIds: z.array(IdSchema),
  /** Names of those agencies, resolved for display and for the export's marking. */
  agencyNames: z.array(z.string()),
  /** Who originated the item: the person whose permission `originator_permission` needs. */
  originatorId: IdSchema,
  originatorName: z.string(),
  /** For `originator_permission`: team members the originator has allowed to pass it on. */
  permittedUserIds: z.array(IdSchema),
});
export type Handling = z.infer<typeof HandlingSchema>;

/** What a client sends to set or change an item's handling code. */
export const HandlingInputSchema = z
  .strictObject({
    code: HandlingCodeSchema,
    agencyIds: z.array(IdSchema).max(50).default([]),
    permittedUserIds: z.array(IdSchema).max(100).default([]),
  })
  .refine((value) => value.code !== 'participating_agencies' || value.agencyIds.length > 0, {
    message: 'name at least one agency the item may be shared with',
    path: ['agencyIds'],
  });
export type HandlingInput = z.infer<typeof HandlingInputSchema>;

export const DEFAULT_HANDLING_INPUT: HandlingInput = {
  code: 'team_only',
  agencyIds: [],
  permittedUserIds: [],
};
