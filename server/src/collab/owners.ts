import type { DocumentOwner, HandlingInput } from '@serantau/shared';
import type { Actor } from '../policy/actor';

/** What an owner says a user may do with its documents. `none` is the default for anything unknown. */
export type OwnerAccess = 'edit' | 'view' | 'none';

/**
 * How one owner type (a case, a thread…) governs the documents it owns. Features register their
 * type once at start; the collab endpoint and the documents routes ask it on every open.
 */
export interface DocumentOwnerHandlers {
  /** The user's access to documents of this owner, decided by the feature's policy. */
  access(actor: Actor, ownerId: string): Promise<OwnerAccess>;
  /**
   * Where audit entries about the owner's documents belong: a case id puts them in that case's
   * trail (and its timeline). Defaults to none.
   */
  auditContext?(ownerId: string): Promise<{ caseId: string | null }>;
  /**
   * Finer decisions than read/edit. `export`: may the user take the document out of Serantau
   * (default: anyone who can read it). `changeHandling`: may they change its handling code
   * (default: anyone who can edit it).
   */
  can?(actor: Actor, ownerId: string, action: OwnerAction): Promise<boolean>;
  /** The sensitivity label and context line printed on exports. */
  /** Rejects a handling code the owner cannot honour (e.g. permission given to someone off the team). */
  checkHandling?(ownerId: string, input: HandlingInput): Promise<void>;
  exportMarking?(ownerId: string): Promise<{ sensitivity: string | null; context: string | null }>;
  /** Called after a change to a document's content or versions, e.g. to notify a case room. */
  onDocumentChanged?(ownerId: string, documentId: string, what: 'versions' | 'comments' | 'meta'): void;
}

export type OwnerAction = 'export' | 'changeHandling';

export function createOwnerRegistry() {
  const owners = new Map<string, DocumentOwnerHandlers>();

  return {
    /** Registers an owner type; registering a type twice is a programming error. */
    register(type: string, handlers: DocumentOwnerHandlers): void {
      if (!/^[a-z][a-z_]{1,31}$/.test(type)) throw new Error(`invalid document owner type ${type}`);
      if (owners.has(type)) throw new Error(`document owner type ${type} is already registered`);
      owners.set(type, handlers);
    },

    /** Deny by default: an owner type nobody registered grants nothing. */
    async access(actor: Actor, owner: DocumentOwner): Promise<OwnerAccess> {
      const handlers = owners.get(owner.type);
      if (!handlers) return 'none';
      return handlers.access(actor, owner.id);
    },

    async auditContext(owner: DocumentOwner): Promise<{ caseId: string | null }> {
      const handlers = owners.get(owner.type);
      return handlers?.auditContext ? handlers.auditContext(owner.id) : { caseId: null };
    },

    /** A finer decision (export, change handling); deny when the user cannot even read. */
    async can(actor: Actor, owner: DocumentOwner, action: OwnerAction): Promise<boolean> {
      const handlers = owners.get(owner.type);
      if (!handlers) return false;
      if (handlers.can) return handlers.can(actor, owner.id, action);
      const access = await handlers.access(actor, owner.id);
      return action === 'export' ? access !== 'none' : access === 'edit';
    },

    async exportMarking(
      owner: DocumentOwner,
    ): Promise<{ sensitivity: string | null; context: string | null }> {
      const handlers = owners.get(owner.type);
      return handlers?.exportMarking
        ? handlers.exportMarking(owner.id)
        : { sensitivity: null, context: null };
    },

    async checkHandling(owner: DocumentOwner, input: HandlingInput): Promise<void> {
      await owners.get(owner.type)?.checkHandling?.(owner.id, input);
    },

    notifyChanged(owner: DocumentOwner, documentId: string, what: 'versions' | 'comments' | 'meta'): void {
      owners.get(owner.type)?.onDocumentChanged?.(owner.id, documentId, what);
    },

    has(type: string): boolean {
      return owners.has(type);
    },
  };
}

export type OwnerRegistry = ReturnType<typeof createOwnerRegistry>;
