import type { ObjectId } from 'mongodb';
import { HANDLING_CODE_LABELS, type Handling, type HandlingCode, type HandlingInput } from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import { badRequest } from '../../http/errors';

/** A handling code as stored on an item (document, request, attachment). */
export interface HandlingDoc {
  code: HandlingCode;
  agencyIds: ObjectId[];
  /** Names at the time of marking: the marking travels with the material as it was given. */
  agencyNames: string[];
  originatorId: ObjectId;
  originatorName: string;
  permittedUserIds: ObjectId[];
}

export type AgencyNameLookup = (ids: readonly ObjectId[]) => Promise<ReadonlyMap<string, string>>;

/** Turns a client's handling input into the stored marking; unknown agencies are refused. */
export async function buildHandling(
  input: HandlingInput,
  originator: { id: ObjectId; name: string },
  agencyNames: AgencyNameLookup,
): Promise<HandlingDoc> {
  const agencyIds =
    input.code === 'participating_agencies' ? [...new Set(input.agencyIds)].map(toObjectId) : [];
  const names = agencyIds.length > 0 ? await agencyNames(agencyIds) : new Map<string, string>();
  const missing = agencyIds.filter((id) => !names.has(id.toHexString()));
  if (missing.length > 0) throw badRequest('One of the named agencies does not exist');
  return {
    code: input.code,
    agencyIds,
    agencyNames: agencyIds.map((id) => names.get(id.toHexString()) ?? ''),
    originatorId: originator.id,
    originatorName: originator.name,
    permittedUserIds:
      input.code === 'originator_permission' ? [...new Set(input.permittedUserIds)].map(toObjectId) : [],
  };
}

export function presentHandling(doc: HandlingDoc): Handling {
  return {
    code: doc.code,
    agencyIds: doc.agencyIds.map((id) => id.toHexString()),
    agencyNames: doc.agencyNames,
    originatorId: doc.originatorId.toHexString(),
    originatorName: doc.originatorName,
    permittedUserIds: doc.permittedUserIds.map((id) => id.toHexString()),
  };
}

/** The wording printed on exports, with the named agencies where the code names them. */
export function handlingLabel(doc: HandlingDoc): string {
  const base = HANDLING_CODE_LABELS[doc.code];
  if (doc.code === 'participating_agencies' && doc.agencyNames.length > 0) {
    return `${base}: ${doc.agencyNames.join(', ')}`;
  }
  if (doc.code === 'originator_permission') return `${base} (originator: ${doc.originatorName})`;
  return base;
}

/** What the audit trail records about a marking (ids and the code, never content). */
export function handlingAuditDetails(doc: HandlingDoc | null): Record<string, unknown> {
  if (!doc) return { handling: null };
  return {
    handling: doc.code,
    ...(doc.agencyIds.length > 0 ? { agencyIds: doc.agencyIds.map((id) => id.toHexString()) } : {}),
  };
}
