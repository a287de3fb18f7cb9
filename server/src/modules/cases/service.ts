import { createHash } from 'node:crypto';
import { Binary, ObjectId, type Filter } from 'mongodb';
import type { Logger } from 'pino';
import {
  DEFAULT_HANDLING_INPUT,
  REQUEST_TRANSITIONS,
  TIMELINE_ACTIONS,
  type AddTeamMemberBody,
  type AuditEntry,
  type Case,
  type CaseAttachment,
  type CaseChangeScope,
  type CaseListItem,
  type CaseListQuery,
  type CaseRole,
  type CaseTask,
  type ChangeCaseStatusBody,
  type CooperationRequest,
  type CreateCaseBody,
  type CreateCaseDocumentBody,
  type CreateRequestBody,
  type CreateTaskBody,
  type DocumentMeta,
  type DocumentOwner,
  type HandlingCode,
  type HandlingInput,
  type JurisdictionCode,
  type TeamMember,
  type TimelineEntry,
  type TransitionRequestBody,
  type UpdateCaseBody,
  type UpdateRequestBody,
  type UpdateTaskBody,
} from '@serantau/shared';
import type { DocumentOwnerHandlers } from '../../collab/owners';
import { toObjectId } from '../../db/ids';
import { AppError, conflict, forbidden, isDuplicateKeyError, notFound } from '../../http/errors';
import type { Actor, RequestOrigin } from '../../policy/actor';
import {
  CASE_DENIAL_MESSAGES,
  caseCapabilities,
  caseDocumentAccess,
  caseRoleAllowedFor,
  mayChangeOwnTeamRole,
  decideCase,
  type CaseAccessContext,
  type CaseAction,
} from '../../policy/cases';
import { can } from '../../policy/global';
import { mayPassOn } from '../../policy/handling';
import type { AuditDoc } from '../audit/repo';
import { presentAuditEntry } from '../audit/presenter';
import type { AuditService } from '../audit/service';
import {
  buildHandling,
  handlingAuditDetails,
  type AgencyNameLookup,
  type HandlingDoc,
} from '../documents/handling';
import { presentDocument } from '../documents/presenter';
import type { PersonRefDoc } from '../documents/repo';
import type { DocumentsService } from '../documents/service';
import type { UsersRepo } from '../users/repo';
import {
  presentAttachment,
  presentCase,
  presentCaseListItem,
  presentRequest,
  presentTask,
  presentTeamMember,
  presentTimelineEntry,
} from './presenter';
import type { AttachmentDoc, CaseDoc, CaseMemberDoc, CasesRepo, RequestDoc, TaskDoc } from './repo';
import { createCaseThreadContainer } from './thread-container';

/** Live side effects of case changes (Socket.IO rooms, collab connections), wired in app.ts. */
export interface CaseNotifier {
  /** Something in the case changed: the watching team refetches that part. */
  changed(caseId: string, scope: CaseChangeScope, documentId?: string): void;
  /** A user lost (or may have lost) access: close their sockets' view of the case and their documents. */
  accessChanged(caseId: string, userId: string, removed: boolean): Promise<void>;
}

/**
 * The threads feature as the case discussion needs it (seam 2): each case opens one discussion
 * thread for itself (its members cannot start threads), idempotently, titled after the case.
 */
export interface CaseDiscussionThreads {
  open(
    caseId: string,
    input: { title: string; openedBy: { id: string; displayName: string; country: JurisdictionCode } },
  ): Promise<{ id: string }>;
  retitle(caseId: string, title: string): Promise<void>;
}

export interface CasesDeps {
  repo: CasesRepo;
  discussion: CaseDiscussionThreads;
  users: UsersRepo;
  agencyNames: AgencyNameLookup;
  documents: DocumentsService;
  audit: AuditService;
  logger: Logger;
  notifier: CaseNotifier;
}

interface Gate {
  doc: CaseDoc;
  member: CaseMemberDoc | null;
  context: CaseAccessContext;
}

/** Chunk size of stored attachments (well under the 16 MB document limit). */
const CHUNK_BYTES = 1024 * 1024;
const TIMELINE_SET: ReadonlySet<string> = new Set(TIMELINE_ACTIONS);

export function createCasesService(deps: CasesDeps) {
  const { repo, audit, notifier } = deps;

  const person = (actor: Actor): PersonRefDoc => ({ id: toObjectId(actor.userId), name: actor.displayName });

  async function record(
    actor: Actor | null,
    action: string,
    caseId: string | null,
    target: { type: string; id: string | null },
    outcome: 'allowed' | 'denied',
    origin: RequestOrigin | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await audit.record({ actor, action, target, caseId, outcome, origin, details });
  }

  async function loadContext(caseId: ObjectId, userId: string): Promise<Gate | null> {
    const [doc, member] = await Promise.all([
      repo.cases.findById(caseId),
      repo.members.find(caseId, toObjectId(userId)),
    ]);
    if (!doc) return null;
    return { doc, member, context: { status: doc.status, role: member?.role ?? null } };
  }

  /**
   * Every path into a case passes here: load the case and the actor's place on its team, decide
   * through the case policy, and write the refusal to the audit trail before refusing.
   */
  async function gate(
    actor: Actor,
    caseId: string,
    action: CaseAction,
    auditAction: string,
    origin: RequestOrigin | null,
    target?: { type: string; id: string | null },
  ): Promise<Gate> {
    const loaded = await loadContext(toObjectId(caseId), actor.userId);
    const decision = decideCase(actor, loaded?.context ?? null, action);
    if (!decision.allowed || !loaded) {
      const reason = decision.allowed ? 'not_found' : decision.reason;
      await record(
        actor,
        auditAction,
        loaded ? caseId : null,
        target ?? { type: 'case', id: caseId },
        'denied',
        origin,
        { reason },
      );
      throw reason === 'not_found' ? notFound('Case') : forbidden(CASE_DENIAL_MESSAGES[reason]);
    }
    return loaded;
  }

  async function teamSize(caseId: ObjectId): Promise<number> {
    return (await repo.members.countByCase([caseId])).get(caseId.toHexString()) ?? 0;
  }

  async function presentFull(actor: Actor, loaded: Gate): Promise<Case> {
    const role = loaded.context.role;
    if (!role) throw forbidden(CASE_DENIAL_MESSAGES.not_on_team);
    return presentCase(
      loaded.doc,
      role,
      await teamSize(loaded.doc._id),
      caseCapabilities(actor, loaded.context),
    );
  }

  async function presentMembers(members: readonly CaseMemberDoc[]): Promise<TeamMember[]> {
    const users = await deps.users.findByIds(members.map((member) => member.userId));
    const byId = new Map(users.map((user) => [user._id.toHexString(), user]));
    const names = await deps.agencyNames(users.flatMap((user) => (user.agencyId ? [user.agencyId] : [])));
    return members.map((member) => presentTeamMember(member, byId.get(member.userId.toHexString()), names));
  }

  /** Handling codes: named agencies must exist; people the originator permits must be on the team. */
  async function handlingFor(
    caseId: ObjectId,
    input: HandlingInput,
    originator: PersonRefDoc,
  ): Promise<HandlingDoc> {
    await assertPermittedOnTeam(caseId, input);
    return buildHandling(input, originator, deps.agencyNames);
  }

  async function assertPermittedOnTeam(caseId: ObjectId, input: HandlingInput): Promise<void> {
    if (input.permittedUserIds.length === 0) return;
    const team = new Set((await repo.members.list(caseId)).map((member) => member.userId.toHexString()));
    if (input.permittedUserIds.some((id) => !team.has(id))) {
      throw new AppError(
        'BAD_REQUEST',
        'Permission to pass on can only be given to members of the case team',
      );
    }
  }

  /** Who may change an item's handling code: the case lead, or the item's originator if they may still edit. */
  function assertHandlingChange(actor: Actor, loaded: Gate, current: HandlingDoc): void {
    if (decideCase(actor, loaded.context, 'handling.change').allowed) return;
    const isOriginator = current.originatorId.toHexString() === actor.userId;
    if (isOriginator && decideCase(actor, loaded.context, 'documents.edit').allowed) return;
    throw forbidden('Only the case lead or the originator may change the handling code');
  }

  async function assertAssignee(caseId: ObjectId, assigneeId: string | null): Promise<PersonRefDoc | null> {
    if (!assigneeId) return null;
    const member = await repo.members.find(caseId, toObjectId(assigneeId));
    if (!member) throw new AppError('BAD_REQUEST', 'Tasks can only be assigned to members of the case team');
    const user = await deps.users.findById(member.userId);
    return { id: member.userId, name: user?.displayName ?? 'Team member' };
  }

  async function afterChange(caseId: ObjectId, scope: CaseChangeScope, documentId?: string): Promise<void> {
    await repo.cases.touch(caseId);
    notifier.changed(caseId.toHexString(), scope, documentId);
    if (scope !== 'timeline') notifier.changed(caseId.toHexString(), 'timeline');
  }

  /**
   * The case's discussion thread, opened by the case itself: when the case is created, and again on
   * the first read of a case whose opening was cut short (a crash or failure between the case and its
   * thread). Opening is idempotent in the threads feature and the id is recorded only while unset, so
   * repeating this after any interruption ends with exactly one thread. A failure is logged, not
   * thrown: the case stays usable and the next read tries again.
   */
  async function ensureDiscussion(doc: CaseDoc, opener?: Actor): Promise<CaseDoc> {
    if (doc.threadId) return doc;
    try {
      const country =
        opener?.country ?? (await deps.users.findById(doc.createdBy.id))?.country ?? doc.countries[0];
      if (!country) throw new Error('a case without countries cannot say where its thread opener is');
      const thread = await deps.discussion.open(doc._id.toHexString(), {
        title: doc.title,
        openedBy: { id: doc.createdBy.id.toHexString(), displayName: doc.createdBy.name, country },
      });
      return (await repo.cases.setThreadId(doc._id, toObjectId(thread.id))) ?? doc;
    } catch (error) {
      deps.logger.warn({ err: error, caseId: doc._id.toHexString() }, 'opening the case discussion failed');
      return doc;
    }
  }

  // ---- the `case` document owner (seam 1) ----

  const documentOwner: DocumentOwnerHandlers = {
    async access(actor, caseId) {
      if (!/^[a-f0-9]{24}$/.test(caseId)) return 'none';
      const loaded = await loadContext(toObjectId(caseId), actor.userId);
      return caseDocumentAccess(actor, loaded?.context ?? null);
    },
    async auditContext(caseId) {
      return { caseId };
    },
    async can(actor, caseId, action) {
      const loaded = await loadContext(toObjectId(caseId), actor.userId);
      if (!loaded) return false;
      return decideCase(actor, loaded.context, action === 'export' ? 'material.export' : 'handling.change')
        .allowed;
    },
    async checkHandling(caseId, input) {
      await assertPermittedOnTeam(toObjectId(caseId), input);
    },
    async exportMarking(caseId) {
      const doc = await repo.cases.findById(toObjectId(caseId));
      return { sensitivity: doc?.sensitivity ?? 'RESTRICTED', context: doc ? `Case: ${doc.title}` : null };
    },
    onDocumentChanged(caseId, documentId, what) {
      notifier.changed(caseId, what === 'comments' ? 'comments' : 'documents', documentId);
      notifier.changed(caseId, 'timeline');
    },
  };

  return {
    documentOwner,
    /** The `case` thread container for the threads feature (registered in app.ts). */
    threadContainer: createCaseThreadContainer(repo),
    gate,
    loadContext,

    // ---- cases ----

    async list(actor: Actor, query: CaseListQuery, origin: RequestOrigin): Promise<CaseListItem[]> {
      if (query.scope === 'all') {
        if (!can(actor, 'cases.manageAnyTeam')) {
          await record(actor, 'case.list_all', null, { type: 'case', id: null }, 'denied', origin);
          throw forbidden('Only administrators can list every case');
        }
        const filter: Filter<CaseDoc> = query.status ? { status: query.status } : {};
        const docs = await repo.cases.list(filter);
        const sizes = await repo.members.countByCase(docs.map((doc) => doc._id));
        const mine = new Map(
          (await repo.members.forUser(toObjectId(actor.userId))).map((m) => [m.caseId.toHexString(), m.role]),
        );
        await record(actor, 'case.list_all', null, { type: 'case', id: null }, 'allowed', origin, {
          count: docs.length,
        });
        return docs.map((doc) =>
          presentCaseListItem(
            doc,
            mine.get(doc._id.toHexString()) ?? null,
            sizes.get(doc._id.toHexString()) ?? 0,
          ),
        );
      }
      const memberships = await repo.members.forUser(toObjectId(actor.userId));
      const roles = new Map(memberships.map((member) => [member.caseId.toHexString(), member.role]));
      let docs = await repo.cases.findByIds(memberships.map((member) => member.caseId));
      if (query.status) docs = docs.filter((doc) => doc.status === query.status);
      const sizes = await repo.members.countByCase(docs.map((doc) => doc._id));
      await record(actor, 'case.list', null, { type: 'case', id: null }, 'allowed', origin, {
        count: docs.length,
      });
      return docs.map((doc) =>
        presentCaseListItem(
          doc,
          roles.get(doc._id.toHexString()) ?? null,
          sizes.get(doc._id.toHexString()) ?? 0,
        ),
      );
    },

    async create(actor: Actor, body: CreateCaseBody, origin: RequestOrigin): Promise<Case> {
      if (!can(actor, 'cases.create')) {
        await record(actor, 'case.created', null, { type: 'case', id: null }, 'denied', origin, {
          reason: 'role',
        });
        throw forbidden('Your role does not allow opening cases');
      }
      const now = new Date();
      const doc: CaseDoc = {
        _id: new ObjectId(),
        title: body.title,
        summary: body.summary,
        references: body.references,
        countries: [...new Set(body.countries)],
        status: 'open',
        sensitivity: body.sensitivity,
        createdBy: person(actor),
        createdAt: now,
        updatedAt: now,
        threadId: null,
      };
      // Case first, then its lead: a crash in between leaves a case nobody sees (admins can staff it).
      await repo.cases.insert(doc);
      const member = await repo.members.insert({
        _id: new ObjectId(),
        caseId: doc._id,
        userId: toObjectId(actor.userId),
        role: 'lead',
        addedBy: person(actor),
        addedAt: now,
      });
      const caseId = doc._id.toHexString();
      await record(actor, 'case.created', caseId, { type: 'case', id: caseId }, 'allowed', origin, {
        title: doc.title,
        sensitivity: doc.sensitivity,
        countries: doc.countries,
      });
      const opened = await ensureDiscussion(doc, actor);
      return presentCase(
        opened,
        member.role,
        1,
        caseCapabilities(actor, { status: doc.status, role: 'lead' }),
      );
    },

    async get(actor: Actor, caseId: string, origin: RequestOrigin): Promise<Case> {
      const loaded = await gate(actor, caseId, 'case.read', 'case.read', origin);
      await record(actor, 'case.read', caseId, { type: 'case', id: caseId }, 'allowed', origin);
      return presentFull(actor, { ...loaded, doc: await ensureDiscussion(loaded.doc) });
    },

    async update(actor: Actor, caseId: string, body: UpdateCaseBody, origin: RequestOrigin): Promise<Case> {
      const loaded = await gate(actor, caseId, 'case.edit', 'case.updated', origin);
      const changes: Partial<CaseDoc> = {};
      if (body.title !== undefined) changes.title = body.title;
      if (body.summary !== undefined) changes.summary = body.summary;
      if (body.sensitivity !== undefined) changes.sensitivity = body.sensitivity;
      if (body.countries !== undefined) changes.countries = [...new Set(body.countries)];
      if (body.references !== undefined) changes.references = body.references;
      const updated = await repo.cases.update(loaded.doc._id, changes);
      if (!updated) throw notFound('Case');
      // The discussion thread is titled after the case (after the case itself: a crash in between
      // leaves the old title on the thread until the next rename, nothing worse).
      if (changes.title !== undefined && changes.title !== loaded.doc.title && updated.threadId) {
        await deps.discussion
          .retitle(caseId, changes.title)
          .catch((error: unknown) =>
            deps.logger.warn({ err: error, caseId }, 'retitling the case discussion failed'),
          );
      }
      await record(actor, 'case.updated', caseId, { type: 'case', id: caseId }, 'allowed', origin, {
        fields: Object.keys(changes),
        ...(changes.sensitivity && changes.sensitivity !== loaded.doc.sensitivity
          ? { sensitivity: { from: loaded.doc.sensitivity, to: changes.sensitivity } }
          : {}),
      });
      notifier.changed(caseId, 'case');
      notifier.changed(caseId, 'timeline');
      return presentFull(actor, { ...loaded, doc: updated });
    },

    async changeStatus(
      actor: Actor,
      caseId: string,
      body: ChangeCaseStatusBody,
      origin: RequestOrigin,
    ): Promise<Case> {
      const loaded = await gate(actor, caseId, 'case.changeStatus', 'case.status_changed', origin);
      const from = loaded.doc.status;
      if (from === body.status) return presentFull(actor, loaded);
      const updated = await repo.cases.changeStatus(loaded.doc._id, from, body.status);
      if (!updated) throw conflict('The case status changed meanwhile; reload and try again');
      await record(actor, 'case.status_changed', caseId, { type: 'case', id: caseId }, 'allowed', origin, {
        from,
        to: body.status,
        ...(body.note ? { note: body.note } : {}),
      });
      notifier.changed(caseId, 'case');
      notifier.changed(caseId, 'timeline');
      // Closing makes every document read-only: open editors are demoted at once.
      const members = await repo.members.list(loaded.doc._id);
      await Promise.all(
        members.map((member) => notifier.accessChanged(caseId, member.userId.toHexString(), false)),
      );
      const context = { status: updated.status, role: loaded.context.role };
      return presentFull(actor, { ...loaded, doc: updated, context });
    },

    // ---- team ----

    async team(actor: Actor, caseId: string, origin: RequestOrigin): Promise<TeamMember[]> {
      const loaded = await gate(actor, caseId, 'team.view', 'team.read', origin);
      await record(actor, 'team.read', caseId, { type: 'case', id: caseId }, 'allowed', origin);
      return presentMembers(await repo.members.list(loaded.doc._id));
    },

    async addMember(
      actor: Actor,
      caseId: string,
      body: AddTeamMemberBody,
      origin: RequestOrigin,
    ): Promise<TeamMember> {
      const loaded = await gate(actor, caseId, 'team.manage', 'team.member_added', origin, {
        type: 'user',
        id: body.userId,
      });
      // Admins manage teams without reading material: they cannot put themselves on a team.
      if (!loaded.context.role && body.userId === actor.userId) {
        await record(
          actor,
          'team.member_added',
          caseId,
          { type: 'user', id: body.userId },
          'denied',
          origin,
          { reason: 'self_assignment' },
        );
        throw forbidden('Administrators cannot add themselves to a case team; ask the case lead');
      }
      const user = await deps.users.findById(toObjectId(body.userId));
      if (!user || user.status !== 'active')
        throw new AppError('BAD_REQUEST', 'Only active members of the network can join a case team');
      if (!caseRoleAllowedFor(user.role, body.role)) {
        throw new AppError('BAD_REQUEST', 'Partner observers can join a case team only as viewers');
      }
      let member: CaseMemberDoc;
      try {
        member = await repo.members.insert({
          _id: new ObjectId(),
          caseId: loaded.doc._id,
          userId: user._id,
          role: body.role,
          addedBy: person(actor),
          addedAt: new Date(),
        });
      } catch (error) {
        if (isDuplicateKeyError(error))
          throw new AppError('ALREADY_EXISTS', `${user.displayName} is already on the team`);
        throw error;
      }
      await record(actor, 'team.member_added', caseId, { type: 'user', id: body.userId }, 'allowed', origin, {
        name: user.displayName,
        country: user.country,
        role: body.role,
      });
      await afterChange(loaded.doc._id, 'team');
      const [presented] = await presentMembers([member]);
      if (!presented) throw notFound('Team member');
      return presented;
    },

    async changeMemberRole(
      actor: Actor,
      caseId: string,
      userId: string,
      role: CaseRole,
      origin: RequestOrigin,
    ): Promise<TeamMember> {
      const loaded = await gate(actor, caseId, 'team.manage', 'team.role_changed', origin, {
        type: 'user',
        id: userId,
      });
      const current = await repo.members.find(loaded.doc._id, toObjectId(userId));
      if (!current) throw notFound('Team member');
      if (userId === actor.userId && !mayChangeOwnTeamRole(actor, loaded.context)) {
        await record(actor, 'team.role_changed', caseId, { type: 'user', id: userId }, 'denied', origin, {
          reason: 'self_assignment',
          from: current.role,
          to: role,
        });
        throw forbidden('You cannot change your own role on this case; ask the case lead');
      }
      const user = await deps.users.findById(current.userId);
      if (user && !caseRoleAllowedFor(user.role, role)) {
        throw new AppError('BAD_REQUEST', 'Partner observers can join a case team only as viewers');
      }
      if (
        current.role === 'lead' &&
        role !== 'lead' &&
        (await repo.members.countLeads(loaded.doc._id)) <= 1
      ) {
        throw conflict('A case needs at least one lead: make someone else lead first');
      }
      const updated = await repo.members.setRole(loaded.doc._id, current.userId, role);
      if (!updated) throw notFound('Team member');
      await record(actor, 'team.role_changed', caseId, { type: 'user', id: userId }, 'allowed', origin, {
        name: user?.displayName ?? null,
        from: current.role,
        to: role,
      });
      await notifier.accessChanged(caseId, userId, false);
      await afterChange(loaded.doc._id, 'team');
      const [presented] = await presentMembers([updated]);
      if (!presented) throw notFound('Team member');
      return presented;
    },

    async removeMember(actor: Actor, caseId: string, userId: string, origin: RequestOrigin): Promise<void> {
      const loaded = await gate(actor, caseId, 'team.manage', 'team.member_removed', origin, {
        type: 'user',
        id: userId,
      });
      const current = await repo.members.find(loaded.doc._id, toObjectId(userId));
      if (!current) throw notFound('Team member');
      if (current.role === 'lead' && (await repo.members.countLeads(loaded.doc._id)) <= 1) {
        throw conflict('A case needs at least one lead: make someone else lead first');
      }
      await repo.members.remove(loaded.doc._id, current.userId);
      const user = await deps.users.findById(current.userId);
      await record(actor, 'team.member_removed', caseId, { type: 'user', id: userId }, 'allowed', origin, {
        name: user?.displayName ?? null,
        role: current.role,
      });
      // Their open documents close and their sockets leave the case room before we answer.
      await notifier.accessChanged(caseId, userId, true);
      await afterChange(loaded.doc._id, 'team');
    },

    // ---- documents ----

    async documents(actor: Actor, caseId: string, origin: RequestOrigin): Promise<DocumentMeta[]> {
      const loaded = await gate(actor, caseId, 'case.read', 'case.documents_listed', origin);
      const access = caseDocumentAccess(actor, loaded.context) === 'edit' ? 'edit' : 'view';
      const docs = await deps.documents.listForOwner({ type: 'case', id: caseId });
      await record(actor, 'case.documents_listed', caseId, { type: 'case', id: caseId }, 'allowed', origin, {
        count: docs.length,
      });
      return docs.filter((doc) => doc.kind === 'case_note').map((doc) => presentDocument(doc, access));
    },

    async createDocument(
      actor: Actor,
      caseId: string,
      body: CreateCaseDocumentBody,
      origin: RequestOrigin,
    ): Promise<DocumentMeta> {
      const loaded = await gate(actor, caseId, 'documents.create', 'document.created', origin);
      const creator = person(actor);
      const handling = await handlingFor(loaded.doc._id, body.handling ?? DEFAULT_HANDLING_INPUT, creator);
      const doc = await deps.documents.createDocument({
        kind: 'case_note',
        owner: { type: 'case', id: caseId },
        title: body.title,
        template: body.template,
        templateContext: {
          caseTitle: loaded.doc.title,
          caseSummary: loaded.doc.summary || null,
          countries: loaded.doc.countries,
        },
        handling,
        caseId,
        createdBy: { id: actor.userId, name: actor.displayName },
      });
      const documentId = doc._id.toHexString();
      await record(
        actor,
        'document.created',
        caseId,
        { type: 'document', id: documentId },
        'allowed',
        origin,
        {
          title: doc.title,
          template: doc.template,
          ...handlingAuditDetails(handling),
        },
      );
      await afterChange(loaded.doc._id, 'documents', documentId);
      return presentDocument(doc, 'edit');
    },

    // ---- tasks ----

    async tasks(actor: Actor, caseId: string, origin: RequestOrigin): Promise<CaseTask[]> {
      const loaded = await gate(actor, caseId, 'case.read', 'tasks.listed', origin);
      await record(actor, 'tasks.listed', caseId, { type: 'case', id: caseId }, 'allowed', origin);
      return (await repo.tasks.list(loaded.doc._id)).map(presentTask);
    },

    async createTask(
      actor: Actor,
      caseId: string,
      body: CreateTaskBody,
      origin: RequestOrigin,
    ): Promise<CaseTask> {
      const loaded = await gate(actor, caseId, 'tasks.manage', 'task.created', origin);
      const assignee = await assertAssignee(loaded.doc._id, body.assigneeId);
      const now = new Date();
      const task = await repo.tasks.insert({
        _id: new ObjectId(),
        caseId: loaded.doc._id,
        title: body.title,
        description: body.description,
        assignee,
        dueDate: body.dueDate,
        status: 'open',
        createdBy: person(actor),
        createdAt: now,
        completedBy: null,
        completedAt: null,
        updatedAt: now,
      });
      await record(
        actor,
        'task.created',
        caseId,
        { type: 'task', id: task._id.toHexString() },
        'allowed',
        origin,
        {
          title: task.title,
          assigneeId: assignee?.id.toHexString() ?? null,
          dueDate: task.dueDate,
        },
      );
      await afterChange(loaded.doc._id, 'tasks');
      return presentTask(task);
    },

    async updateTask(
      actor: Actor,
      caseId: string,
      taskId: string,
      body: UpdateTaskBody,
      origin: RequestOrigin,
    ): Promise<CaseTask> {
      const loaded = await gate(actor, caseId, 'tasks.manage', 'task.updated', origin, {
        type: 'task',
        id: taskId,
      });
      const current = await repo.tasks.findById(loaded.doc._id, toObjectId(taskId));
      if (!current) throw notFound('Task');
      const changes: Partial<TaskDoc> = {};
      if (body.title !== undefined) changes.title = body.title;
      if (body.description !== undefined) changes.description = body.description;
      if (body.dueDate !== undefined) changes.dueDate = body.dueDate;
      if (body.assigneeId !== undefined)
        changes.assignee = await assertAssignee(loaded.doc._id, body.assigneeId);
      let action = 'task.updated';
      if (body.status !== undefined && body.status !== current.status) {
        changes.status = body.status;
        changes.completedBy = body.status === 'done' ? person(actor) : null;
        changes.completedAt = body.status === 'done' ? new Date() : null;
        action = body.status === 'done' ? 'task.completed' : 'task.reopened';
      }
      const updated = await repo.tasks.update(loaded.doc._id, current._id, changes);
      if (!updated) throw notFound('Task');
      await record(actor, action, caseId, { type: 'task', id: taskId }, 'allowed', origin, {
        title: updated.title,
        fields: Object.keys(changes),
      });
      await afterChange(loaded.doc._id, 'tasks');
      return presentTask(updated);
    },

    async deleteTask(actor: Actor, caseId: string, taskId: string, origin: RequestOrigin): Promise<void> {
      const loaded = await gate(actor, caseId, 'tasks.manage', 'task.deleted', origin, {
        type: 'task',
        id: taskId,
      });
      const current = await repo.tasks.findById(loaded.doc._id, toObjectId(taskId));
      if (!current || !(await repo.tasks.remove(loaded.doc._id, current._id))) throw notFound('Task');
      await record(actor, 'task.deleted', caseId, { type: 'task', id: taskId }, 'allowed', origin, {
        title: current.title,
      });
      await afterChange(loaded.doc._id, 'tasks');
    },

    // ---- timeline and audit trail ----

    async timeline(
      actor: Actor,
      caseId: string,
      beforeSeq: number | undefined,
      limit: number,
      origin: RequestOrigin,
    ): Promise<TimelineEntry[]> {
      await gate(actor, caseId, 'case.read', 'case.timeline_read', origin);
      const docs: AuditDoc[] = await audit.list(
        { caseId, outcome: 'allowed', action: { $in: [...TIMELINE_SET] } },
        beforeSeq,
        limit,
      );
      await record(actor, 'case.timeline_read', caseId, { type: 'case', id: caseId }, 'allowed', origin);
      return docs.map(presentTimelineEntry);
    },

    async auditTrail(
      actor: Actor,
      caseId: string,
      beforeSeq: number | undefined,
      limit: number,
      origin: RequestOrigin,
    ): Promise<AuditEntry[]> {
      await gate(actor, caseId, 'audit.read', 'case.audit_read', origin);
      // Recorded first, so the lead sees their own reading of the trail at its top.
      await record(actor, 'case.audit_read', caseId, { type: 'case', id: caseId }, 'allowed', origin);
      return (await audit.list({ caseId }, beforeSeq, limit)).map((doc) => presentAuditEntry(doc, 'team'));
    },

    // ---- legal-cooperation requests ----

    async requests(actor: Actor, caseId: string, origin: RequestOrigin): Promise<CooperationRequest[]> {
      const loaded = await gate(actor, caseId, 'case.read', 'requests.listed', origin);
      await record(actor, 'requests.listed', caseId, { type: 'case', id: caseId }, 'allowed', origin);
      return (await repo.requests.list(loaded.doc._id)).map(presentRequest);
    },

    async request(
      actor: Actor,
      caseId: string,
      requestId: string,
      origin: RequestOrigin,
    ): Promise<CooperationRequest> {
      const loaded = await gate(actor, caseId, 'case.read', 'request.read', origin, {
        type: 'request',
        id: requestId,
      });
      const doc = await repo.requests.findById(loaded.doc._id, toObjectId(requestId));
      if (!doc) throw notFound('Request');
      await record(actor, 'request.read', caseId, { type: 'request', id: requestId }, 'allowed', origin);
      return presentRequest(doc);
    },

    /**
     * A request and its co-edited draft. The request id is chosen first and given to the draft, the
     * draft is created, then the request: a crash in between leaves a draft nobody lists.
     */
    async createRequest(
      actor: Actor,
      caseId: string,
      body: CreateRequestBody,
      origin: RequestOrigin,
    ): Promise<CooperationRequest> {
      const loaded = await gate(actor, caseId, 'requests.manage', 'request.created', origin);
      const countries = new Set(loaded.doc.countries);
      if (!countries.has(body.fromCountry) || !countries.has(body.toCountry)) {
        throw new AppError('BAD_REQUEST', 'Both countries of a request must take part in the case');
      }
      const creator = person(actor);
      const handling = await handlingFor(loaded.doc._id, body.handling ?? DEFAULT_HANDLING_INPUT, creator);
      const requestId = new ObjectId();
      const draft = await deps.documents.createDocument({
        kind: 'request_draft',
        owner: { type: 'case', id: caseId },
        title: `Draft: ${body.title}`,
        template: body.type === 'mutual_legal_assistance' ? 'mla_request' : 'blank',
        templateContext: {
          caseTitle: loaded.doc.title,
          caseSummary: null,
          countries: [body.fromCountry, body.toCountry],
          request: {
            fromCountry: body.fromCountry,
            fromAuthority: body.fromAuthority,
            toCountry: body.toCountry,
            toAuthority: body.toAuthority,
          },
        },
        handling,
        caseId,
        requestId: requestId.toHexString(),
        createdBy: { id: actor.userId, name: actor.displayName },
      });
      const now = new Date();
      const doc = await repo.requests.insert({
        _id: requestId,
        caseId: loaded.doc._id,
        type: body.type,
        title: body.title,
        fromCountry: body.fromCountry,
        fromAuthority: body.fromAuthority,
        toCountry: body.toCountry,
        toAuthority: body.toAuthority,
        status: 'draft',
        dueDate: body.dueDate,
        history: [{ from: null, to: 'draft', at: now, by: creator, note: null }],
        draftDocumentId: draft._id,
        sentVersionId: null,
        sentAt: null,
        handling,
        createdBy: creator,
        createdAt: now,
        updatedAt: now,
      });
      await record(
        actor,
        'request.created',
        caseId,
        { type: 'request', id: requestId.toHexString() },
        'allowed',
        origin,
        {
          title: doc.title,
          type: doc.type,
          fromCountry: doc.fromCountry,
          toCountry: doc.toCountry,
          draftDocumentId: draft._id.toHexString(),
          ...handlingAuditDetails(handling),
        },
      );
      await afterChange(loaded.doc._id, 'requests');
      return presentRequest(doc);
    },

    async updateRequest(
      actor: Actor,
      caseId: string,
      requestId: string,
      body: UpdateRequestBody,
      origin: RequestOrigin,
    ): Promise<CooperationRequest> {
      const loaded = await gate(actor, caseId, 'requests.manage', 'request.updated', origin, {
        type: 'request',
        id: requestId,
      });
      const current = await repo.requests.findById(loaded.doc._id, toObjectId(requestId));
      if (!current) throw notFound('Request');
      const changes: Partial<RequestDoc> = {};
      if (body.title !== undefined) changes.title = body.title;
      if (body.fromAuthority !== undefined) changes.fromAuthority = body.fromAuthority;
      if (body.toAuthority !== undefined) changes.toAuthority = body.toAuthority;
      if (body.dueDate !== undefined) changes.dueDate = body.dueDate;
      if (body.handling !== undefined) {
        try {
          assertHandlingChange(actor, loaded, current.handling);
        } catch (error) {
          await record(
            actor,
            'request.handling_changed',
            caseId,
            { type: 'request', id: requestId },
            'denied',
            origin,
            { reason: 'not_permitted' },
          );
          throw error;
        }
        changes.handling = await handlingFor(loaded.doc._id, body.handling, current.createdBy);
      }
      const updated = await repo.requests.update(loaded.doc._id, current._id, changes);
      if (!updated) throw notFound('Request');
      if (changes.handling) {
        // The draft carries the request's marking, so its exports do too.
        await deps.documents.setHandling(current.draftDocumentId, changes.handling);
        await record(
          actor,
          'request.handling_changed',
          caseId,
          { type: 'request', id: requestId },
          'allowed',
          origin,
          {
            from: current.handling.code,
            ...handlingAuditDetails(changes.handling),
          },
        );
      }
      await record(actor, 'request.updated', caseId, { type: 'request', id: requestId }, 'allowed', origin, {
        fields: Object.keys(changes),
      });
      await afterChange(loaded.doc._id, 'requests');
      return presentRequest(updated);
    },

    /**
     * Moves a request along its pipeline. Marking it sent first freezes the draft as a locked version
     * (kept forever), then moves the status only from the one seen; if another user moved it
     * meanwhile the frozen version is discarded again (compensation, no transactions needed).
     */
    async transitionRequest(
      actor: Actor,
      caseId: string,
      requestId: string,
      body: TransitionRequestBody,
      origin: RequestOrigin,
    ): Promise<CooperationRequest> {
      const loaded = await gate(actor, caseId, 'requests.manage', 'request.status_changed', origin, {
        type: 'request',
        id: requestId,
      });
      const current = await repo.requests.findById(loaded.doc._id, toObjectId(requestId));
      if (!current) throw notFound('Request');
      if (!REQUEST_TRANSITIONS[current.status].includes(body.to)) {
        throw new AppError(
          'CONFLICT',
          `A request that is ${current.status.replace('_', ' ')} cannot become ${body.to.replace('_', ' ')}`,
        );
      }
      const at = new Date();
      let frozenId: ObjectId | null = null;
      if (body.to === 'sent') {
        const name = `Sent to ${current.toAuthority} (${current.toCountry}) on ${at.toISOString().slice(0, 10)}`;
        frozenId = (
          await deps.documents.freezeVersion(current.draftDocumentId, name, {
            id: actor.userId,
            name: actor.displayName,
          })
        )._id;
      }
      const updated = await repo.requests.transition(
        loaded.doc._id,
        current._id,
        current.status,
        { from: current.status, to: body.to, at, by: person(actor), note: body.note ?? null },
        body.to === 'sent' ? { sentVersionId: frozenId, sentAt: at } : {},
      );
      if (!updated) {
        if (frozenId) await deps.documents.discardFrozenVersion(frozenId);
        throw conflict('The request was moved by someone else meanwhile; reload and try again');
      }
      await record(
        actor,
        'request.status_changed',
        caseId,
        { type: 'request', id: requestId },
        'allowed',
        origin,
        {
          title: updated.title,
          from: current.status,
          to: body.to,
          ...(frozenId ? { sentVersionId: frozenId.toHexString() } : {}),
        },
      );
      await afterChange(loaded.doc._id, 'requests');
      if (frozenId) notifier.changed(caseId, 'documents', current.draftDocumentId.toHexString());
      return presentRequest(updated);
    },

    // ---- attachments ----

    async attachments(actor: Actor, caseId: string, origin: RequestOrigin): Promise<CaseAttachment[]> {
      const loaded = await gate(actor, caseId, 'case.read', 'attachments.listed', origin);
      await record(actor, 'attachments.listed', caseId, { type: 'case', id: caseId }, 'allowed', origin);
      return (await repo.attachments.list(loaded.doc._id)).map(presentAttachment);
    },

    async uploadAttachment(
      actor: Actor,
      caseId: string,
      file: { fileName: string; contentType: string; bytes: Buffer; handlingCode: HandlingCode },
      origin: RequestOrigin,
    ): Promise<CaseAttachment> {
      const loaded = await gate(actor, caseId, 'attachments.upload', 'attachment.uploaded', origin);
      const uploader = person(actor);
      const handling = await handlingFor(
        loaded.doc._id,
        { code: file.handlingCode, agencyIds: [], permittedUserIds: [] },
        uploader,
      );
      const parts: Binary[] = [];
      for (let start = 0; start < file.bytes.length; start += CHUNK_BYTES) {
        parts.push(new Binary(file.bytes.subarray(start, start + CHUNK_BYTES)));
      }
      const doc: AttachmentDoc = {
        _id: new ObjectId(),
        caseId: loaded.doc._id,
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.bytes.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        chunkCount: parts.length,
        handling,
        uploadedBy: uploader,
        uploadedAt: new Date(),
      };
      await repo.attachments.insert(doc, parts);
      await record(
        actor,
        'attachment.uploaded',
        caseId,
        { type: 'attachment', id: doc._id.toHexString() },
        'allowed',
        origin,
        {
          fileName: doc.fileName,
          bytes: doc.size,
          sha256: doc.sha256,
          ...handlingAuditDetails(handling),
        },
      );
      await afterChange(loaded.doc._id, 'attachments');
      return presentAttachment(doc);
    },

    async updateAttachmentHandling(
      actor: Actor,
      caseId: string,
      attachmentId: string,
      input: HandlingInput,
      origin: RequestOrigin,
    ): Promise<CaseAttachment> {
      const loaded = await gate(actor, caseId, 'case.read', 'attachment.handling_changed', origin, {
        type: 'attachment',
        id: attachmentId,
      });
      const current = await repo.attachments.findById(loaded.doc._id, toObjectId(attachmentId));
      if (!current) throw notFound('Attachment');
      try {
        assertHandlingChange(actor, loaded, current.handling);
      } catch (error) {
        await record(
          actor,
          'attachment.handling_changed',
          caseId,
          { type: 'attachment', id: attachmentId },
          'denied',
          origin,
          { reason: 'not_permitted' },
        );
        throw error;
      }
      const handling = await handlingFor(loaded.doc._id, input, current.uploadedBy);
      const updated = await repo.attachments.setHandling(loaded.doc._id, current._id, handling);
      if (!updated) throw notFound('Attachment');
      await record(
        actor,
        'attachment.handling_changed',
        caseId,
        { type: 'attachment', id: attachmentId },
        'allowed',
        origin,
        {
          fileName: updated.fileName,
          from: current.handling.code,
          ...handlingAuditDetails(handling),
        },
      );
      await afterChange(loaded.doc._id, 'attachments');
      return presentAttachment(updated);
    },

    /** Download = taking material out: needs the export capability and the handling code's consent. */
    async downloadAttachment(
      actor: Actor,
      caseId: string,
      attachmentId: string,
      origin: RequestOrigin,
    ): Promise<{ doc: AttachmentDoc; bytes: Buffer }> {
      const target = { type: 'attachment', id: attachmentId };
      const loaded = await gate(actor, caseId, 'material.export', 'attachment.downloaded', origin, target);
      const doc = await repo.attachments.findById(loaded.doc._id, toObjectId(attachmentId));
      if (!doc) throw notFound('Attachment');
      const decision = mayPassOn(actor, {
        code: doc.handling.code,
        originatorId: doc.handling.originatorId.toHexString(),
        agencyIds: doc.handling.agencyIds.map((id) => id.toHexString()),
        permittedUserIds: doc.handling.permittedUserIds.map((id) => id.toHexString()),
      });
      if (!decision.allowed) {
        await record(actor, 'attachment.downloaded', caseId, target, 'denied', origin, {
          reason: 'handling_code',
          ...handlingAuditDetails(doc.handling),
        });
        throw forbidden(decision.reason);
      }
      const parts = await repo.attachments.readChunks(doc._id);
      const bytes = Buffer.concat(parts.map((part) => Buffer.from(part.buffer.subarray(0, part.position))));
      if (bytes.length !== doc.size) throw new AppError('INTERNAL', 'The stored file is incomplete');
      await record(actor, 'attachment.downloaded', caseId, target, 'allowed', origin, {
        fileName: doc.fileName,
        bytes: doc.size,
        ...handlingAuditDetails(doc.handling),
      });
      return { doc, bytes };
    },

    // ---- live ----

    /** Socket subscription to a case's changes: team only, audited like any other access. */
    async watch(actor: Actor, caseId: string): Promise<void> {
      await gate(actor, caseId, 'case.read', 'case.watch', null);
      await record(actor, 'case.watch', caseId, { type: 'case', id: caseId }, 'allowed', null);
    },

    /** The document owner for `case` (used by app.ts to register it). */
    ownerRef(caseId: string): DocumentOwner {
      return { type: 'case', id: caseId };
    },
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
