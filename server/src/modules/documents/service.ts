import { Binary, ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import {
  COLLAB_FRAGMENT_FIELD,
  EXPORT_EXTENSIONS,
  EXPORT_MIME_TYPES,
  type CreateCommentBody,
  type DocumentComment,
  type DocumentKind,
  type DocumentMeta,
  type DocumentOwner,
  type DocumentTemplate,
  type DocumentVersion,
  type ExportBody,
  type UpdateDocumentBody,
  type VersionContent,
  type VersionKind,
  type VersionListQuery,
  type VersionPage,
} from '@serantau/shared';
import { WriteRefused } from '../../collab/hub';
import type { CollabServer } from '../../collab/server';
import type { OwnerRegistry } from '../../collab/owners';
import { bytesOf, type DocStore } from '../../collab/store';
import { toObjectId } from '../../db/ids';
import { AppError, conflict, forbidden, notFound } from '../../http/errors';
import type { Actor, RequestOrigin } from '../../policy/actor';
import { canReadDocument, canWriteDocument, decideDocumentAccess } from '../../policy/documents';
import { mayPassOn } from '../../policy/handling';
import type { AuditService } from '../audit/service';
import { blocksFromState } from '../../export/blocks';
import { renderDocx } from '../../export/docx';
import { renderMarkdown } from '../../export/markdown';
import type { ExportMarking } from '../../export/marking';
import { renderPdf } from '../../export/pdf';
import {
  buildHandling,
  handlingAuditDetails,
  handlingLabel,
  type AgencyNameLookup,
  type HandlingDoc,
} from './handling';
import { restoreFragment } from './restore';
import { presentComment, presentDocument, presentVersion } from './presenter';
import {
  decodeVersionCursor,
  encodeVersionCursor,
  type CommentDoc,
  type DocumentDoc,
  type DocumentsRepo,
  type PersonRefDoc,
  type VersionDoc,
} from './repo';
import { buildTemplateState, type TemplateContext } from './templates';

export interface DocumentsDeps {
  repo: DocumentsRepo;
  store: DocStore;
  owners: OwnerRegistry;
  audit: AuditService;
  collab: CollabServer;
  agencyNames: AgencyNameLookup;
  logger: Logger;
}

/** What other features pass to create a document (they never write the collections themselves). */
export interface CreateDocumentInput {
  kind: DocumentKind;
  owner: DocumentOwner;
  title: string;
  template?: DocumentTemplate;
  templateContext?: TemplateContext;
  handling?: HandlingDoc | null;
  caseId?: string | null;
  requestId?: string | null;
  createdBy: { id: string; name: string };
}

type Need = 'read' | 'write';

interface Authorised {
  doc: DocumentDoc;
  access: 'edit' | 'view';
  caseId: string | null;
}

/** What an export hands back to the route: the file and how to name it. */
export interface ExportedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** A restore the document refuses becomes a clear error, not a 500. */
async function applyOrExplain(change: () => Promise<void>): Promise<void> {
  try {
    await change();
  } catch (error) {
    if (!(error instanceof WriteRefused)) throw error;
    if (error.reason === 'document_too_large') {
      throw new AppError(
        'LIMIT_EXCEEDED',
        'This document has reached its size limit; the version cannot be restored into it',
      );
    }
    // Storage failed or the document is reloading: nothing was written, so trying again is safe.
    throw new AppError('SERVICE_UNAVAILABLE', 'The version could not be restored just now; please try again');
  }
}

export function createDocumentsService(deps: DocumentsDeps) {
  const { repo, owners, audit } = deps;

  const person = (actor: Actor): PersonRefDoc => ({ id: toObjectId(actor.userId), name: actor.displayName });

  async function record(
    actor: Actor | null,
    action: string,
    doc: { id: string; caseId: string | null },
    outcome: 'allowed' | 'denied',
    origin: RequestOrigin | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await audit.record({
      actor,
      action,
      target: { type: 'document', id: doc.id },
      caseId: doc.caseId,
      outcome,
      origin,
      details,
    });
  }

  /**
   * The one gate for every document route: finds the document, asks its owner through policy, and
   * records a denial in the audit trail before refusing. Allowed actions are recorded by the caller
   * once they succeed.
   */
  async function authorise(
    actor: Actor,
    id: string,
    need: Need,
    action: string,
    origin: RequestOrigin,
  ): Promise<Authorised> {
    const doc = await repo.documents.findById(toObjectId(id));
    if (!doc) {
      await record(actor, action, { id, caseId: null }, 'denied', origin, { reason: 'not_found' });
      throw notFound('Document');
    }
    const owner = { type: doc.owner.type, id: doc.owner.id.toHexString() };
    const decision = await decideDocumentAccess(owners, actor, owner);
    const allowed = need === 'read' ? canReadDocument(decision.access) : canWriteDocument(decision.access);
    if (!allowed || decision.access === 'none') {
      await record(actor, action, { id, caseId: decision.caseId }, 'denied', origin, {
        reason: need === 'read' ? 'not_permitted' : 'read_only',
      });
      throw forbidden(
        need === 'read'
          ? 'You do not have access to this document'
          : 'You can read this document but not change it',
      );
    }
    return { doc, access: decision.access, caseId: decision.caseId };
  }

  const ownerOf = (doc: DocumentDoc): DocumentOwner => ({
    type: doc.owner.type,
    id: doc.owner.id.toHexString(),
  });

  async function saveVersion(
    doc: DocumentDoc,
    kind: VersionKind,
    name: string,
    createdBy: PersonRefDoc | null,
    state: Uint8Array,
    locked: boolean,
  ): Promise<VersionDoc> {
    const version = await repo.versions.insert({
      documentId: doc._id,
      kind,
      name,
      createdBy,
      createdAt: new Date(),
      state: new Binary(state),
      size: state.byteLength,
      locked,
    });
    owners.notifyChanged(ownerOf(doc), doc._id.toHexString(), 'versions');
    return version;
  }

  return {
    authorise,

    /**
     * Creates a document: its first state (blank or a template) is stored before its metadata, so
     * a crash in between leaves only an unreachable snapshot, never a document without content.
     */
    async createDocument(input: CreateDocumentInput): Promise<DocumentDoc> {
      const id = new ObjectId();
      const template = input.template ?? 'blank';
      const state = buildTemplateState(
        template,
        input.templateContext ?? { caseTitle: null, caseSummary: null, countries: [] },
      );
      await deps.store.writeInitialSnapshot(id, state);
      const now = new Date();
      return repo.documents.insert({
        _id: id,
        kind: input.kind,
        owner: { type: input.owner.type, id: toObjectId(input.owner.id) },
        title: input.title,
        template,
        handling: input.handling ?? null,
        caseId: input.caseId ? toObjectId(input.caseId) : null,
        requestId: input.requestId ? toObjectId(input.requestId) : null,
        createdBy: { id: toObjectId(input.createdBy.id), name: input.createdBy.name },
        createdAt: now,
        updatedAt: now,
      });
    },

    /** Documents of one owner; the caller has authorised the actor on the owner. */
    listForOwner(owner: DocumentOwner): Promise<DocumentDoc[]> {
      return repo.documents.listByOwner(owner.type, toObjectId(owner.id));
    },

    findById(id: ObjectId): Promise<DocumentDoc | null> {
      return repo.documents.findById(id);
    },

    async get(actor: Actor, id: string, origin: RequestOrigin): Promise<DocumentMeta> {
      const { doc, access, caseId } = await authorise(actor, id, 'read', 'document.read', origin);
      await record(actor, 'document.read', { id, caseId }, 'allowed', origin);
      return presentDocument(doc, access);
    },

    async update(
      actor: Actor,
      id: string,
      body: UpdateDocumentBody,
      origin: RequestOrigin,
    ): Promise<DocumentMeta> {
      const { doc, access, caseId } = await authorise(actor, id, 'write', 'document.updated', origin);
      const changes: Partial<Pick<DocumentDoc, 'title' | 'handling'>> = {};
      if (body.title !== undefined) changes.title = body.title;
      if (body.handling !== undefined) {
        if (doc.kind === 'request_draft') {
          await record(actor, 'document.handling_changed', { id, caseId }, 'denied', origin, {
            reason: 'request_draft',
          });
          // One marking for the request and its draft: changed in one place, it cannot drift.
          throw conflict("A request's draft carries the request's handling code: change it on the request");
        }
        const isOriginator = doc.handling?.originatorId.toHexString() === actor.userId;
        if (!isOriginator && !(await owners.can(actor, ownerOf(doc), 'changeHandling'))) {
          await record(actor, 'document.handling_changed', { id, caseId }, 'denied', origin, {
            reason: 'not_permitted',
          });
          throw forbidden('Only the case lead or the originator may change the handling code');
        }
        const originator = doc.handling
          ? { id: doc.handling.originatorId, name: doc.handling.originatorName }
          : { id: doc.createdBy.id, name: doc.createdBy.name };
        await owners.checkHandling(ownerOf(doc), body.handling);
        changes.handling = await buildHandling(body.handling, originator, deps.agencyNames);
      }
      const updated = await repo.documents.update(doc._id, changes);
      if (!updated) throw notFound('Document');
      if (changes.title !== undefined) {
        await record(actor, 'document.updated', { id, caseId }, 'allowed', origin, { title: changes.title });
      }
      if (changes.handling) {
        await record(actor, 'document.handling_changed', { id, caseId }, 'allowed', origin, {
          from: doc.handling?.code ?? null,
          ...handlingAuditDetails(changes.handling),
        });
      }
      owners.notifyChanged(ownerOf(doc), id, 'meta');
      return presentDocument(updated, access);
    },

    // ---- versions ----

    async listVersions(
      actor: Actor,
      id: string,
      query: VersionListQuery,
      origin: RequestOrigin,
    ): Promise<VersionPage> {
      // Checked before authorising, like the schema's own checks: a malformed request is refused unaudited.
      const before = query.before === undefined ? null : decodeVersionCursor(query.before);
      if (query.before !== undefined && !before) throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
      const { doc, caseId } = await authorise(actor, id, 'read', 'document.versions_listed', origin);
      await record(actor, 'document.versions_listed', { id, caseId }, 'allowed', origin);
      // One extra row says whether an older page exists without a second query.
      const rows = await repo.versions.list(doc._id, { before, kind: query.kind, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(presentVersion),
        nextCursor: rows.length > query.limit && last ? encodeVersionCursor(last) : null,
      };
    },

    async createNamedVersion(
      actor: Actor,
      id: string,
      name: string,
      origin: RequestOrigin,
    ): Promise<DocumentVersion> {
      const { doc, caseId } = await authorise(actor, id, 'write', 'document.version_created', origin);
      const state = await deps.collab.currentState(doc._id);
      const version = await saveVersion(doc, 'named', name, person(actor), state, false);
      await record(actor, 'document.version_created', { id, caseId }, 'allowed', origin, {
        versionId: version._id.toHexString(),
        name,
      });
      return presentVersion(version);
    },

    async getVersion(
      actor: Actor,
      id: string,
      versionId: string,
      origin: RequestOrigin,
    ): Promise<VersionContent> {
      const { doc, caseId } = await authorise(actor, id, 'read', 'document.version_viewed', origin);
      const version = await repo.versions.findById(doc._id, toObjectId(versionId));
      if (!version) throw notFound('Version');
      await record(actor, 'document.version_viewed', { id, caseId }, 'allowed', origin, { versionId });
      return {
        version: presentVersion(version),
        state: Buffer.from(bytesOf(version.state)).toString('base64'),
      };
    },

    /**
     * Restores a version by writing its text as a new change on top of the current one (history is
     * never rewritten). The state just before is saved as a version first, so a restore can itself
     * be undone by restoring that.
     */
    async restoreVersion(
      actor: Actor,
      id: string,
      versionId: string,
      origin: RequestOrigin,
    ): Promise<DocumentVersion> {
      const { doc, caseId } = await authorise(actor, id, 'write', 'document.version_restored', origin);
      const version = await repo.versions.findById(doc._id, toObjectId(versionId));
      if (!version) throw notFound('Version');
      const before = await deps.collab.currentState(doc._id);
      const safety = await saveVersion(
        doc,
        'before_restore',
        `Before restoring “${version.name}”`,
        person(actor),
        before,
        false,
      );
      const source = new Y.Doc();
      let applied = false;
      try {
        Y.applyUpdate(source, bytesOf(version.state));
        const restored = source.getXmlFragment(COLLAB_FRAGMENT_FIELD).toArray();
        await applyOrExplain(() =>
          deps.collab.applyServerChange(doc._id, actor.userId, (copy) => {
            const fragment = copy.getXmlFragment(COLLAB_FRAGMENT_FIELD);
            copy.transact(() => restoreFragment(fragment, restored));
          }),
        );
        applied = true;
      } finally {
        source.destroy();
        // A restore that did not happen leaves no "before restoring" entry in the history.
        if (!applied) await repo.versions.deleteUnlocked(safety._id).catch(() => undefined);
      }
      await repo.documents.touch(doc._id);
      await record(actor, 'document.version_restored', { id, caseId }, 'allowed', origin, {
        versionId,
        name: version.name,
        safetyVersionId: safety._id.toHexString(),
      });
      return presentVersion(safety);
    },

    /**
     * Freezes the document's current text as a locked version (a request marked sent). Called by
     * the owning feature after it authorised the actor; `versionId` lets it compensate on failure.
     */
    async freezeVersion(
      documentId: ObjectId,
      name: string,
      by: { id: string; name: string },
    ): Promise<VersionDoc> {
      const doc = await repo.documents.findById(documentId);
      if (!doc) throw notFound('Document');
      const state = await deps.collab.currentState(documentId);
      return saveVersion(doc, 'sent', name, { id: toObjectId(by.id), name: by.name }, state, true);
    },

    /** The owner keeps an item's marking in step with the document's (a request and its draft). */
    async setHandling(documentId: ObjectId, handling: HandlingDoc): Promise<void> {
      const doc = await repo.documents.update(documentId, { handling });
      if (doc) owners.notifyChanged(ownerOf(doc), documentId.toHexString(), 'meta');
    },

    /** Compensation for a freeze whose follow-up step failed. */
    async discardFrozenVersion(versionId: ObjectId): Promise<void> {
      await repo.versions.deleteEvenIfLocked(versionId);
    },

    /** The hub's hook: automatic versions while a document is being edited. */
    async saveAutoVersion(documentId: string, state: Uint8Array): Promise<void> {
      const doc = await repo.documents.findById(toObjectId(documentId));
      if (!doc) return;
      await saveVersion(
        doc,
        'auto',
        `Automatic version ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        null,
        state,
        false,
      );
      await repo.documents.touch(doc._id);
    },

    // ---- comments ----

    async listComments(actor: Actor, id: string, origin: RequestOrigin): Promise<DocumentComment[]> {
      const { doc, caseId } = await authorise(actor, id, 'read', 'document.comments_read', origin);
      await record(actor, 'document.comments_read', { id, caseId }, 'allowed', origin);
      return (await repo.comments.list(doc._id)).map(presentComment);
    },

    async createComment(
      actor: Actor,
      id: string,
      body: CreateCommentBody,
      origin: RequestOrigin,
    ): Promise<DocumentComment> {
      const { doc, caseId } = await authorise(actor, id, 'write', 'document.comment_created', origin);
      const comment: CommentDoc = {
        _id: new ObjectId(),
        documentId: doc._id,
        anchor: body.anchor,
        quote: body.quote,
        author: person(actor),
        body: body.body,
        createdAt: new Date(),
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        replies: [],
      };
      await repo.comments.insert(comment);
      await record(actor, 'document.comment_created', { id, caseId }, 'allowed', origin, {
        commentId: comment._id.toHexString(),
      });
      owners.notifyChanged(ownerOf(doc), id, 'comments');
      return presentComment(comment);
    },

    async replyToComment(
      actor: Actor,
      id: string,
      commentId: string,
      body: string,
      origin: RequestOrigin,
    ): Promise<DocumentComment> {
      const { doc, caseId } = await authorise(actor, id, 'write', 'document.comment_replied', origin);
      const existing = await repo.comments.findById(doc._id, toObjectId(commentId));
      if (!existing) throw notFound('Comment');
      const updated = await repo.comments.addReply(doc._id, existing._id, {
        _id: new ObjectId(),
        author: person(actor),
        body,
        createdAt: new Date(),
      });
      if (!updated)
        throw new AppError(
          'LIMIT_EXCEEDED',
          'This comment has too many replies; continue in the case thread',
        );
      await record(actor, 'document.comment_replied', { id, caseId }, 'allowed', origin, { commentId });
      owners.notifyChanged(ownerOf(doc), id, 'comments');
      return presentComment(updated);
    },

    async resolveComment(
      actor: Actor,
      id: string,
      commentId: string,
      resolved: boolean,
      origin: RequestOrigin,
    ): Promise<DocumentComment> {
      const { doc, caseId } = await authorise(actor, id, 'write', 'document.comment_resolved', origin);
      const updated = await repo.comments.setResolved(
        doc._id,
        toObjectId(commentId),
        resolved,
        person(actor),
      );
      if (!updated) throw notFound('Comment');
      await record(actor, 'document.comment_resolved', { id, caseId }, 'allowed', origin, {
        commentId,
        resolved,
      });
      owners.notifyChanged(ownerOf(doc), id, 'comments');
      return presentComment(updated);
    },

    // ---- export ----

    /**
     * Exports the current text (or a saved version) marked with the owner's sensitivity label,
     * the handling code and "exported by". Refused — and audited — when the owner does not let the
     * user take material out, or the handling code needs the originator's permission.
     */
    async exportDocument(
      actor: Actor,
      id: string,
      body: ExportBody,
      origin: RequestOrigin,
    ): Promise<ExportedFile> {
      const { doc, caseId } = await authorise(actor, id, 'read', 'document.exported', origin);
      const owner = ownerOf(doc);
      if (!(await owners.can(actor, owner, 'export'))) {
        await record(actor, 'document.exported', { id, caseId }, 'denied', origin, {
          format: body.format,
          reason: 'role',
        });
        throw forbidden('Your role on this case does not allow exports');
      }
      const handling = doc.handling;
      const passOn = mayPassOn(
        actor,
        handling
          ? {
              code: handling.code,
              originatorId: handling.originatorId.toHexString(),
              agencyIds: handling.agencyIds.map((agency) => agency.toHexString()),
              permittedUserIds: handling.permittedUserIds.map((user) => user.toHexString()),
            }
          : null,
      );
      if (!passOn.allowed) {
        await record(actor, 'document.exported', { id, caseId }, 'denied', origin, {
          format: body.format,
          reason: 'handling_code',
          ...handlingAuditDetails(handling),
        });
        throw forbidden(passOn.reason);
      }
      let state: Uint8Array;
      let versionName: string | null = null;
      if (body.versionId) {
        const version = await repo.versions.findById(doc._id, toObjectId(body.versionId));
        if (!version) throw notFound('Version');
        state = bytesOf(version.state);
        versionName = version.name;
      } else {
        state = await deps.collab.currentState(doc._id);
      }
      const markingInfo = await owners.exportMarking(owner);
      const marking: ExportMarking = {
        title: doc.title,
        sensitivity: markingInfo.sensitivity,
        handling: handling ? handlingLabel(handling) : null,
        context: markingInfo.context,
        versionName,
        exportedBy: actor.displayName,
        exportedAt: new Date(),
      };
      const blocks = blocksFromState(state);
      const bytes =
        body.format === 'markdown'
          ? Buffer.from(renderMarkdown(blocks, marking), 'utf8')
          : body.format === 'docx'
            ? await renderDocx(blocks, marking)
            : await renderPdf(blocks, marking);
      // Recorded before the file leaves the server.
      await record(actor, 'document.exported', { id, caseId }, 'allowed', origin, {
        format: body.format,
        versionId: body.versionId ?? null,
        bytes: bytes.byteLength,
        ...handlingAuditDetails(handling),
      });
      const safeTitle =
        doc.title
          .replace(/[^A-Za-z0-9 _-]+/g, '')
          .trim()
          .replace(/\s+/g, '-')
          .slice(0, 80) || 'document';
      return {
        fileName: `${safeTitle}.${EXPORT_EXTENSIONS[body.format]}`,
        contentType: EXPORT_MIME_TYPES[body.format],
        bytes,
      };
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
