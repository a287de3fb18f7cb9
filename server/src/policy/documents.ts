import type { DocumentOwner } from '@serantau/shared';
import type { OwnerAccess, OwnerRegistry } from '../collab/owners';
import type { Actor } from './actor';

export interface DocumentAccessDecision {
  access: OwnerAccess;
  /** The case the document belongs to, for the audit trail (null outside cases). */
  caseId: string | null;
}

/**
 * A document's access is its owner's decision (a case team, a thread's container…), asked through
 * the owner registry. Unknown owner types and errors deny.
 */
export async function decideDocumentAccess(
  owners: OwnerRegistry,
  actor: Actor,
  owner: DocumentOwner,
): Promise<DocumentAccessDecision> {
  const [access, context] = await Promise.all([owners.access(actor, owner), owners.auditContext(owner)]);
  return { access, caseId: context.caseId };
}

/** Viewers receive updates; only editors' updates and presence are applied. */
export function canWriteDocument(access: OwnerAccess): boolean {
  return access === 'edit';
}

export function canReadDocument(access: OwnerAccess): boolean {
  return access === 'edit' || access === 'view';
}
