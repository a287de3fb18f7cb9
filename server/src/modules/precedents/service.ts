import { ObjectId, type Filter } from 'mongodb';
import type { Logger } from 'pino';
import {
  AnswerBodySchema,
  AskQuestionBodySchema,
  CommentBodySchema,
  LibraryQuerySchema,
  PRECEDENT_LIMITS,
  PrecedentReportBodySchema,
  QuestionListQuerySchema,
  UpdateAnswerBodySchema,
  UpdateQuestionBodySchema,
  citationKey,
  removeMarkedPersonalData,
  rooms,
  type Answer,
  type AnswerBody,
  type AskQuestionBody,
  type CitationPage,
  type CitationUsage,
  type Comment,
  type CommentBody,
  type DocumentOwner,
  type LibraryPage,
  type LibraryQuery,
  type LockQuestionBody,
  type MoveQuestionBody,
  type PrecedentChangeScope,
  type PrecedentFile,
  type PrecedentModerationAction,
  type PrecedentModerationLogEntry,
  type PrecedentReport,
  type PrecedentReportAction,
  type PrecedentReportBody,
  type PrecedentTarget,
  type Question,
  type QuestionListQuery,
  type QuestionPage,
  type QuestionUrgency,
  type ReportStatus,
  type SimilarQuestion,
  type UpdateAnswerBody,
  type UpdateQuestionBody,
  type CitationInput,
} from '@serantau/shared';
import { decodeCursor, encodeCursor, toObjectId } from '../../db/ids';
import { encodeTimeCursor, parseTimeCursor } from '../../http/cursors';
import { AppError, forbidden, notFound } from '../../http/errors';
import { cleanFilename, sniffAttachment } from '../../http/file-types';
import type { Actor, RequestOrigin } from '../../policy/actor';
import {
  canEditOwn,
  canMarkHelpful,
  contributesToDesk,
  decideQuestion,
  moderatesDesk,
  readableScope,
  type DeskSettings,
  type QuestionDecision,
  type QuestionFacts,
} from '../../policy/precedents';
import { plainText, shorten } from '../../text/plain-text';
import type { AuditService } from '../audit/service';
import type { NewNotification } from '../notifications/repo';
import type { NotificationsService } from '../notifications/service';
import type { LivePublisher } from '../threads';
import { actorForUser } from '../users/presenter';
import type { UsersRepo } from '../users/repo';
import {
  presentAnswer,
  presentComment,
  presentCitation,
  presentLibraryItem,
  presentListItem,
  presentLogEntry,
  presentPerson,
  presentQuestion,
  presentReport,
} from './presenter';
import {
  scopeFilter,
  type AnswerDoc,
  type PrecedentsRepo,
  type QuestionDoc,
  type StoredCitation,
  type StoredPerson,
} from './repo';

/** The owner type of the questions' co-edited summaries in the documents module. */
export const QUESTION_DOCUMENT_OWNER = 'question';

/** What the desk needs from the documents module and the collab endpoint (the summary). */
export interface PrecedentDocuments {
  registerDocumentOwner(
    type: string,
    handlers: { access(actor: Actor, ownerId: string): Promise<'edit' | 'view' | 'none'> },
  ): void;
  createDocument(input: {
    kind: 'thread_summary';
    owner: DocumentOwner;
    title: string;
    createdBy: { id: string; name: string };
  }): Promise<{ _id: ObjectId }>;
  /** Closes or downgrades open summary editors whose access changed. */
  revalidate(userId: string, owner?: DocumentOwner): Promise<void>;
  /** The summary's current Yjs state, for exports. */
  currentState(documentId: ObjectId): Promise<Uint8Array>;
}

export interface PrecedentsDeps {
  repo: PrecedentsRepo;
  users: UsersRepo;
  settings: { get(): Promise<DeskSettings> };
  audit: AuditService;
  live: LivePublisher;
  notifications: NotificationsService;
  documents: PrecedentDocuments;
  logger: Logger;
  clock?: () => Date;
}

/** How long an unresolved question without a deadline may wait before moderators are alerted. */
const URGENCY_WINDOW_MS: Record<QuestionUrgency, number | null> = {
  routine: null,
  this_week: 7 * 24 * 3600_000,
  urgent_hearing: 48 * 3600_000,
};
/** A question is asked of at most this many members at once (beyond it, a channel announcement is the tool). */
export const AUDIENCE_MAX = 2_000;
/** Moderators are told of a report: at most this many of them. */
const MODERATORS_MAX = 200;
/** Library text kept per question: enough to find it, bounded so one question cannot bloat the index. */
const LIBRARY_TEXT_MAX = 20_000;
/** Questions whose audience was never told are looked for this often, and after this delay. */
const NOTIFY_SWEEP_MS = 60_000;
const NOTIFY_GRACE_MS = 30_000;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const ABANDONED_UPLOAD_MS = 24 * 60 * 60 * 1000;

/**
 * The precedent desk: questions asked of the network (anonymously if the asker wishes), answers
 * with structured citations, helpful marks and acceptances, follow-up comments, the co-edited
 * summary, the library of resolved questions, citation pages, exports and moderation. Every
 * decision comes from `policy/precedents.ts`; every change is audited with who really acted.
 */
export function createPrecedentsService(deps: PrecedentsDeps) {
  const { repo } = deps;
  const now = deps.clock ?? (() => new Date());

  function factsOf(question: QuestionDoc): QuestionFacts {
    return {
      authorId: question.author.id.toHexString(),
      audience: question.audience,
      status: question.status,
      locked: question.locked,
      hidden: question.hidden !== null,
    };
  }

  async function decide(actor: Actor, question: QuestionDoc): Promise<QuestionDecision> {
    return decideQuestion(actor, factsOf(question), await deps.settings.get());
  }

  /** The question if the actor may read it; unreadable and missing look the same (no existence leak). */
  async function load(
    actor: Actor,
    id: string,
  ): Promise<{ question: QuestionDoc; decision: QuestionDecision }> {
    const question = await repo.questions.findById(toObjectId(id));
    if (!question) throw notFound('Question');
    const decision = await decide(actor, question);
    if (!decision.read) throw notFound('Question');
    return { question, decision };
  }

  /** Why a write was refused, in the words the member needs (closed, locked, own question, role). */
  function refuseWriting(actor: Actor, question: QuestionDoc, what: string): AppError {
    if (question.status === 'closed') return new AppError('ARCHIVED', 'This question is closed');
    if (question.locked) return new AppError('LOCKED', 'A moderator locked this question');
    if (question.hidden) return new AppError('LOCKED', 'A moderator hid this question');
    if (what === 'answer' && question.author.id.toHexString() === actor.userId) {
      return forbidden('You asked this question: add follow-ups under the answers instead');
    }
    return forbidden(`Your role does not allow you to ${what} here`);
  }

  function person(actor: Actor): StoredPerson {
    return { id: toObjectId(actor.userId), name: actor.displayName, country: actor.country };
  }

  async function record(
    actor: Actor,
    action: string,
    target: { type: string; id: string },
    origin: RequestOrigin | null,
    details: Record<string, unknown> = {},
    outcome: 'allowed' | 'denied' = 'allowed',
  ): Promise<void> {
    await deps.audit.record({ actor, action, target, origin, details, outcome });
  }

  function broadcast(questionId: ObjectId, scope: PrecedentChangeScope): void {
    const id = questionId.toHexString();
    deps.live.emit([rooms.question(id)], 'precedent:changed', { questionId: id, scope });
  }

  function viewer(actor: Actor, decision: QuestionDecision, helpfulMarked: ReadonlySet<string> = new Set()) {
    return { actor, decision, now: now(), helpfulMarked };
  }

  async function full(actor: Actor, question: QuestionDoc, decision: QuestionDecision): Promise<Question> {
    const [answers, comments] = await Promise.all([
      repo.answers.forQuestion(question._id),
      repo.comments.forQuestion(question._id),
    ]);
    const marked = await repo.helpful.markedBy(
      toObjectId(actor.userId),
      answers.map((answer) => answer._id),
    );
    return presentQuestion(question, answers, comments, viewer(actor, decision, marked));
  }

  async function presentOneAnswer(actor: Actor, question: QuestionDoc, answer: AnswerDoc): Promise<Answer> {
    const decision = await decide(actor, question);
    const [comments, marked] = await Promise.all([
      repo.comments.forQuestion(question._id),
      repo.helpful.markedBy(toObjectId(actor.userId), [answer._id]),
    ]);
    return presentAnswer(
      answer,
      question,
      comments.filter((comment) => comment.answerId.equals(answer._id)),
      viewer(actor, decision, marked),
    );
  }

  function dueAtOf(urgency: QuestionUrgency, deadline: string | null, createdAt: Date): Date | null {
    if (deadline) return new Date(`${deadline}T23:59:59.999Z`);
    const window = URGENCY_WINDOW_MS[urgency];
    return window === null ? null : new Date(createdAt.getTime() + window);
  }

  /** A deadline may be today in any member state's time zone, not earlier. */
  function assertDeadline(deadline: string | null | undefined): void {
    if (!deadline) return;
    const earliest = new Date(now().getTime() - 24 * 3600_000).toISOString().slice(0, 10);
    if (deadline < earliest) {
      throw new AppError('VALIDATION_FAILED', 'The deadline is in the past', {
        details: [{ path: 'body.deadline', message: 'must be today or later' }],
      });
    }
  }

  /**
   * Counts, status and library text follow from the answers as they are now; recomputed after every
   * change rather than incremented, so a retried or interrupted write can never leave them wrong.
   */
  async function refreshDerived(questionId: ObjectId): Promise<QuestionDoc> {
    const [question, answers] = await Promise.all([
      repo.questions.findById(questionId),
      repo.answers.forQuestion(questionId),
    ]);
    if (!question) throw notFound('Question');
    const visible = answers.filter((answer) => !answer.hidden && !answer.deletedAt);
    const accepted = visible.filter((answer) => answer.accepted);
    const at = now();
    const status =
      question.status === 'closed'
        ? 'closed'
        : accepted.length > 0
          ? 'resolved'
          : visible.length > 0
            ? 'answered'
            : 'open';
    const citations = accepted.flatMap((answer) => answer.citations);
    const updated = await repo.questions.update(questionId, {
      status,
      answerCount: visible.length,
      acceptedCount: accepted.length,
      answeredAt: visible.length > 0 ? (question.answeredAt ?? visible[0]?.createdAt ?? at) : null,
      resolvedAt: accepted.length > 0 ? (question.resolvedAt ?? at) : null,
      adviceText: plainText(accepted.map((answer) => answer.body).join('\n\n')).slice(0, LIBRARY_TEXT_MAX),
      citationText: citations
        .map((citation) =>
          [citation.caseName, citation.court, citation.reference, citation.provision].join(' '),
        )
        .join(' ')
        .slice(0, LIBRARY_TEXT_MAX),
      libraryFacets: {
        courts: [...new Set(citations.map((citation) => citation.court))],
        years: [...new Set(citations.map((citation) => citation.year))],
        outcomes: [...new Set(citations.map((citation) => citation.outcome))],
      },
    });
    if (!updated) throw notFound('Question');
    return updated;
  }

  async function touch(questionId: ObjectId): Promise<void> {
    await repo.questions.update(questionId, { lastActivityAt: now() });
  }

  /** Citations with their uploaded excerpts checked: each file must be the author's own upload. */
  async function resolveCitations(
    actor: Actor,
    inputs: readonly CitationInput[],
    answerId: ObjectId | null,
  ): Promise<StoredCitation[]> {
    const out: StoredCitation[] = [];
    for (const [index, input] of inputs.entries()) {
      let attachment: StoredCitation['attachment'] = null;
      if (input.attachmentId) {
        const file = await repo.files.find(toObjectId(input.attachmentId));
        const usable =
          file &&
          file.metadata.uploaderId.toHexString() === actor.userId &&
          (file.metadata.answerId === null || (answerId !== null && file.metadata.answerId.equals(answerId)));
        if (!file || !usable) {
          throw new AppError('VALIDATION_FAILED', 'A cited file was not found among your uploads', {
            details: [{ path: `body.citations.${index}.attachmentId`, message: 'upload the file first' }],
          });
        }
        attachment = {
          id: file.id,
          filename: file.filename,
          contentType: file.metadata.contentType,
          size: file.size,
        };
      }
      const citation = {
        caseName: input.caseName,
        court: input.court,
        jurisdiction: input.jurisdiction,
        year: input.year,
        reference: input.reference,
        outcome: input.outcome,
        provision: input.provision ?? '',
        url: input.url ?? null,
      };
      out.push({ ...citation, key: citationKey(citation), attachment });
    }
    return out;
  }

  async function claimFiles(actor: Actor, citations: readonly StoredCitation[], answer: AnswerDoc) {
    const ids = citations.flatMap((citation) => (citation.attachment ? [citation.attachment.id] : []));
    await repo.files.claim(ids, toObjectId(actor.userId), answer._id, answer.questionId);
  }

  // ---- notifications ----

  function notifyInBackground(produce: () => Promise<readonly NewNotification[]>): void {
    deps.notifications.notifyInBackground(produce);
  }

  function notification(
    userId: ObjectId,
    kind: NewNotification['kind'],
    question: QuestionDoc,
    title: string,
    excerpt: string,
    actor: { id: ObjectId; displayName: string } | null,
  ): NewNotification {
    return {
      userId,
      kind,
      title,
      subject: question.title,
      excerpt: shorten(excerpt, 160),
      actor,
      containerKey: `question:${question._id.toHexString()}`,
      threadId: null,
      messageId: null,
      seq: null,
    };
  }

  /** Who is asked: the audience, each confirmed by the same rules that decide reading. */
  async function audienceOf(question: QuestionDoc): Promise<ObjectId[]> {
    const settings = await deps.settings.get();
    const roles = settings.observersMayContribute
      ? (['admin', 'moderator', 'member', 'observer'] as const)
      : (['admin', 'moderator', 'member'] as const);
    const users = await deps.users.activeMatching(
      {
        roles,
        excludeIds: [question.author.id],
        ...(question.audience.kind === 'countries' ? { countries: question.audience.countries } : {}),
        ...(question.audience.kind === 'experts' ? { expertiseAny: question.topics } : {}),
      },
      AUDIENCE_MAX,
    );
    return users
      .filter((user) => {
        const actor = actorForUser(user);
        return contributesToDesk(actor, settings) && decideQuestion(actor, factsOf(question), settings).read;
      })
      .map((user) => user._id);
  }

  async function notifyAudience(question: QuestionDoc): Promise<void> {
    const recipients = await audienceOf(question);
    const who = question.anonymous ? 'A member' : question.author.name;
    const actor = question.anonymous ? null : { id: question.author.id, displayName: question.author.name };
    await deps.notifications.notify(
      recipients.map((userId) =>
        notification(
          userId,
          'precedent_question',
          question,
          `${who} asked for precedent advice: “${question.title}”`,
          plainText(question.situation),
          actor,
        ),
      ),
    );
    await repo.questions.markNotified(question._id, now());
  }

  /** The asker's name on what they write, unless they asked anonymously. */
  function publicActor(question: QuestionDoc, actor: Actor): { id: ObjectId; displayName: string } | null {
    const asker = question.author.id.toHexString() === actor.userId;
    if (asker && question.anonymous) return null;
    return { id: toObjectId(actor.userId), displayName: actor.displayName };
  }

  const notifySweep = setInterval(() => {
    void (async () => {
      const stale = await repo.questions.unnotified(new Date(now().getTime() - NOTIFY_GRACE_MS), 20);
      for (const question of stale) await notifyAudience(question);
    })().catch((error: unknown) => deps.logger.warn({ err: error }, 'precedent notification sweep failed'));
  }, NOTIFY_SWEEP_MS);
  notifySweep.unref();

  // Excerpts uploaded for an answer that was never posted are dropped after a day.
  const purge = setInterval(() => {
    void repo.files
      .purgeAbandoned(new Date(now().getTime() - ABANDONED_UPLOAD_MS))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'purging abandoned excerpts failed'));
  }, PURGE_INTERVAL_MS);
  purge.unref();

  // ---- live: who lost access ----

  /** After a change that narrows who may read or edit: sockets that lost it leave, editors are re-checked. */
  async function revalidateWatchers(question: QuestionDoc): Promise<void> {
    const id = question._id.toHexString();
    const sockets = await deps.live.socketsIn(rooms.question(id));
    const userIds = [...new Set(sockets.map((socket) => socket.userId))];
    const users = await deps.users.findByIds(userIds.map(toObjectId));
    const settings = await deps.settings.get();
    const owner = { type: QUESTION_DOCUMENT_OWNER, id };
    for (const user of users) {
      const userId = user._id.toHexString();
      const canRead =
        user.status === 'active' && decideQuestion(actorForUser(user), factsOf(question), settings).read;
      if (!canRead) {
        await deps.live.leave(userId, [rooms.question(id)]);
        deps.live.emit([rooms.user(userId)], 'precedent:revoked', { questionId: id });
      }
      await deps.documents.revalidate(userId, owner);
    }
  }

  // ---- the summary document (seam 1: a document owned by the question) ----

  deps.documents.registerDocumentOwner(QUESTION_DOCUMENT_OWNER, {
    async access(actor, questionId) {
      if (!/^[a-f0-9]{24}$/.test(questionId)) return 'none';
      const question = await repo.questions.findById(toObjectId(questionId));
      if (!question) return 'none';
      const decision = await decide(actor, question);
      if (!decision.read) return 'none';
      return decision.editSummary ? 'edit' : 'view';
    },
  });

  // ---- moderation helpers ----

  async function logAction(
    actor: Actor,
    question: QuestionDoc,
    action: PrecedentModerationAction,
    target: PrecedentTarget,
    reason: string | null,
    origin: RequestOrigin | null,
    details: Record<string, string | number | boolean | null> = {},
  ): Promise<void> {
    await repo.log.append({
      questionId: question._id,
      questionTitle: question.title,
      action,
      moderator: { id: toObjectId(actor.userId), name: actor.displayName },
      target: { type: target.type, id: toObjectId(target.id) },
      reason,
      details,
      at: now(),
    });
    await record(
      actor,
      `precedent.moderation.${action}`,
      { type: `precedent_${target.type}`, id: target.id },
      origin,
      {
        questionId: question._id.toHexString(),
        reason,
        ...details,
      },
    );
  }

  function assertModerator(decision: QuestionDecision): void {
    if (!decision.moderate) throw forbidden('Only moderators can do this');
  }

  /** Hides or shows a question, answer or comment of this question. */
  async function setHidden(
    actor: Actor,
    question: QuestionDoc,
    target: PrecedentTarget,
    hide: boolean,
    reason: string,
    origin: RequestOrigin | null,
  ): Promise<void> {
    const hidden = hide
      ? { at: now(), byId: toObjectId(actor.userId), byName: actor.displayName, reason }
      : null;
    const targetId = toObjectId(target.id);
    if (target.type === 'question') {
      if (!targetId.equals(question._id)) throw notFound('Question');
      if ((question.hidden !== null) === hide) return;
      const updated = await repo.questions.update(question._id, { hidden });
      await logAction(actor, question, hide ? 'question.hide' : 'question.unhide', target, reason, origin);
      broadcast(question._id, 'question');
      if (updated) await revalidateWatchers(updated);
      return;
    }
    if (target.type === 'answer') {
      const answer = await repo.answers.findById(question._id, targetId);
      if (!answer) throw notFound('Answer');
      if ((answer.hidden !== null) === hide) return;
      await repo.answers.update(question._id, targetId, { hidden });
      await refreshDerived(question._id);
      await logAction(actor, question, hide ? 'answer.hide' : 'answer.unhide', target, reason, origin);
      broadcast(question._id, 'answers');
      return;
    }
    const comments = await repo.comments.forQuestion(question._id);
    const comment = comments.find((candidate) => candidate._id.equals(targetId));
    if (!comment) throw notFound('Comment');
    if ((comment.hidden !== null) === hide) return;
    await repo.comments.update(comment.answerId, targetId, { hidden });
    await logAction(actor, question, hide ? 'comment.hide' : 'comment.unhide', target, reason, origin);
    broadcast(question._id, 'answers');
  }

  async function lock(
    actor: Actor,
    question: QuestionDoc,
    locked: boolean,
    reason: string,
    origin: RequestOrigin | null,
  ) {
    if (question.locked === locked) return question;
    const updated = await repo.questions.update(question._id, { locked });
    if (!updated) throw notFound('Question');
    const target = { type: 'question' as const, id: question._id.toHexString() };
    await logAction(actor, question, locked ? 'question.lock' : 'question.unlock', target, reason, origin);
    broadcast(question._id, 'question');
    await revalidateWatchers(updated);
    return updated;
  }

  async function close(actor: Actor, question: QuestionDoc, reason: string, origin: RequestOrigin | null) {
    if (question.status === 'closed') return question;
    const updated = await repo.questions.update(question._id, {
      status: 'closed',
      closed: { at: now(), byId: toObjectId(actor.userId), byName: actor.displayName, reason },
    });
    if (!updated) throw notFound('Question');
    const target = { type: 'question' as const, id: question._id.toHexString() };
    await logAction(actor, question, 'question.close', target, reason, origin, { from: question.status });
    broadcast(question._id, 'question');
    await revalidateWatchers(updated);
    return updated;
  }

  async function excerptOf(question: QuestionDoc, target: PrecedentTarget): Promise<string> {
    const id = toObjectId(target.id);
    if (target.type === 'question') {
      if (!id.equals(question._id)) throw notFound('Question');
      return shorten(`${question.title}: ${plainText(question.situation)}`, 200);
    }
    if (target.type === 'answer') {
      const answer = await repo.answers.findById(question._id, id);
      if (!answer || answer.deletedAt) throw notFound('Answer');
      return shorten(plainText(answer.body), 200);
    }
    const comment = (await repo.comments.forQuestion(question._id)).find((candidate) =>
      candidate._id.equals(id),
    );
    if (!comment || comment.deletedAt) throw notFound('Comment');
    return shorten(plainText(comment.body), 200);
  }

  /** Resolves (with the action taken) or dismisses (`action` null) an open report. */
  async function closeReport(
    actor: Actor,
    reportId: string,
    action: PrecedentReportAction | null,
    note: string,
    origin: RequestOrigin,
  ): Promise<PrecedentReport> {
    if (!moderatesDesk(actor)) throw forbidden('Only moderators handle reports');
    const report = await repo.reports.findById(toObjectId(reportId));
    if (!report) throw notFound('Report');
    const question = await repo.questions.findById(report.questionId);
    if (!question) throw notFound('Question');
    if (report.status !== 'open') throw new AppError('CONFLICT', 'This report was already handled');
    // The action first: a report is closed only once what it says was done is done.
    const target = { type: report.target.type, id: report.target.id.toHexString() };
    if (action === 'content_hidden') await setHidden(actor, question, target, true, note, origin);
    if (action === 'question_locked') await lock(actor, question, true, note, origin);
    if (action === 'question_closed') await close(actor, question, note, origin);
    const closed = await repo.reports.close(report._id, action === null ? 'dismissed' : 'resolved', {
      byId: toObjectId(actor.userId),
      byName: actor.displayName,
      at: now(),
      action,
      note,
    });
    if (!closed) throw new AppError('CONFLICT', 'This report was already handled');
    await logAction(
      actor,
      question,
      action === null ? 'report.dismiss' : 'report.resolve',
      target,
      note,
      origin,
      {
        reportId,
        action,
      },
    );
    return presentReport(closed, question.title);
  }

  function parseOffsetCursor(cursor: string | undefined): number {
    if (!cursor) return 0;
    const decoded = decodeCursor(cursor);
    const offset = decoded?.offset;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > 10_000) {
      throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
    }
    return offset;
  }

  const service = {
    async access(actor: Actor): Promise<{ contribute: boolean; moderate: boolean }> {
      return {
        contribute: contributesToDesk(actor, await deps.settings.get()),
        moderate: moderatesDesk(actor),
      };
    },

    // ---- asking ----

    async ask(actor: Actor, input: AskQuestionBody, origin: RequestOrigin): Promise<Question> {
      const body = AskQuestionBodySchema.parse(input);
      const settings = await deps.settings.get();
      if (!contributesToDesk(actor, settings)) {
        await record(
          actor,
          'precedent.question_asked',
          { type: 'precedent_question', id: '' },
          origin,
          {
            reason: 'not_a_contributor',
          },
          'denied',
        );
        throw forbidden('Your role does not allow asking on the precedent desk');
      }
      assertDeadline(body.deadline);
      const situation = removeMarkedPersonalData(body.situation);
      const title = removeMarkedPersonalData(body.title);
      const at = now();
      const doc: QuestionDoc = {
        _id: new ObjectId(),
        clientRequestId: body.clientRequestId,
        author: person(actor),
        anonymous: body.anonymous,
        title: title.text,
        situation: situation.text,
        personalDataRemoved: situation.removed + title.removed,
        jurisdictions: body.jurisdictions,
        topics: body.topics,
        urgency: body.urgency,
        deadline: body.deadline,
        dueAt: dueAtOf(body.urgency, body.deadline, at),
        audience: body.audience,
        status: 'open',
        answerCount: 0,
        acceptedCount: 0,
        locked: false,
        hidden: null,
        closed: null,
        answeredAt: null,
        resolvedAt: null,
        editedAt: null,
        createdAt: at,
        lastActivityAt: at,
        notifiedAt: null,
        summaryDocumentId: null,
        adviceText: '',
        citationText: '',
        libraryFacets: { courts: [], years: [], outcomes: [] },
      };
      const { doc: stored, duplicate } = await repo.questions.insertOnce(doc);
      if (!duplicate) {
        // Who really asked is always in the trail, anonymous or not.
        await record(
          actor,
          'precedent.question_asked',
          { type: 'precedent_question', id: stored._id.toHexString() },
          origin,
          {
            anonymous: stored.anonymous,
            audience: stored.audience.kind,
            countries: stored.audience.kind === 'countries' ? stored.audience.countries : [],
            topics: stored.topics,
            jurisdictions: stored.jurisdictions,
            urgency: stored.urgency,
            personalDataRemoved: stored.personalDataRemoved,
          },
        );
        void notifyAudience(stored).catch((error: unknown) =>
          deps.logger.error({ err: error }, 'precedent question notification failed (the sweep retries)'),
        );
      }
      return full(actor, stored, decideQuestion(actor, factsOf(stored), settings));
    },

    async get(actor: Actor, id: string): Promise<Question> {
      const { question, decision } = await load(actor, id);
      return full(actor, question, decision);
    },

    async update(
      actor: Actor,
      id: string,
      input: UpdateQuestionBody,
      origin: RequestOrigin,
    ): Promise<Question> {
      const body = UpdateQuestionBodySchema.parse(input);
      const { question, decision } = await load(actor, id);
      if (!decision.edit) throw refuseWriting(actor, question, 'edit this question');
      assertDeadline(body.deadline);
      const set: Partial<QuestionDoc> = { editedAt: now(), lastActivityAt: now() };
      let removed = 0;
      if (body.title !== undefined) {
        const cleaned = removeMarkedPersonalData(body.title);
        set.title = cleaned.text;
        removed += cleaned.removed;
      }
      if (body.situation !== undefined) {
        const cleaned = removeMarkedPersonalData(body.situation);
        set.situation = cleaned.text;
        removed += cleaned.removed;
      }
      if (removed > 0) set.personalDataRemoved = question.personalDataRemoved + removed;
      if (body.urgency !== undefined) set.urgency = body.urgency;
      if (body.deadline !== undefined) set.deadline = body.deadline;
      // null clears the deadline, so only an absent field falls back to the stored one.
      set.dueAt = dueAtOf(
        set.urgency ?? question.urgency,
        body.deadline !== undefined ? body.deadline : question.deadline,
        question.createdAt,
      );
      const updated = await repo.questions.update(question._id, set);
      if (!updated) throw notFound('Question');
      await record(actor, 'precedent.question_edited', { type: 'precedent_question', id }, origin, {
        fields: Object.keys(body),
        personalDataRemoved: removed,
      });
      broadcast(question._id, 'question');
      return full(actor, updated, await decide(actor, updated));
    },

    async list(actor: Actor, input: QuestionListQuery): Promise<QuestionPage> {
      const query = QuestionListQuerySchema.parse(input);
      const settings = await deps.settings.get();
      const me = toObjectId(actor.userId);
      const active: Filter<QuestionDoc> = { status: { $in: ['open', 'answered'] } };
      const views: Record<string, Filter<QuestionDoc>> = {
        open: active,
        mine: { 'author.id': me },
        urgent: { ...active, urgency: { $in: ['this_week', 'urgent_hearing'] } },
        unanswered: { status: 'open' },
        overdue: { ...active, dueAt: { $lt: now() } },
        all: {},
      } as Record<string, Filter<QuestionDoc>>;
      let view: Filter<QuestionDoc>;
      if (query.view === 'overdue' && !moderatesDesk(actor)) {
        throw forbidden('Only moderators follow overdue questions');
      }
      if (query.view === 'for_me') {
        const user = await deps.users.findById(me);
        view = {
          ...active,
          'author.id': { $ne: me },
          $or: [
            { 'audience.kind': 'countries', 'audience.countries': actor.country },
            { topics: { $in: user?.expertise ?? [] } },
          ],
        } as Filter<QuestionDoc>;
      } else {
        view = views[query.view] ?? active;
      }
      const filters: Filter<QuestionDoc>[] = [scopeFilter(readableScope(actor, settings)), view];
      if (query.topic) filters.push({ topics: query.topic });
      if (query.jurisdiction) filters.push({ jurisdictions: query.jurisdiction });
      const docs = await repo.questions.page(
        { $and: filters },
        parseTimeCursor(query.cursor),
        query.limit + 1,
      );
      const page = docs.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map((question) =>
          presentListItem(question, viewer(actor, decideQuestion(actor, factsOf(question), settings))),
        ),
        nextCursor:
          docs.length > query.limit && last ? encodeTimeCursor(last.lastActivityAt, last._id) : null,
      };
    },

    /** Questions like the one being typed, among those the asker may read. */
    async similar(actor: Actor, text: string): Promise<SimilarQuestion[]> {
      const settings = await deps.settings.get();
      const filter = {
        $and: [scopeFilter(readableScope(actor, settings)), { hidden: null }],
      } as Filter<QuestionDoc>;
      const hits = await repo.questions.search(text, filter, 0, PRECEDENT_LIMITS.similarMax);
      return hits.map((question) => ({
        id: question._id.toHexString(),
        title: question.title,
        status: question.status,
        topics: question.topics,
        answerCount: question.answerCount,
      }));
    },

    // ---- answers ----

    async answer(actor: Actor, id: string, input: AnswerBody, origin: RequestOrigin): Promise<Answer> {
      const body = AnswerBodySchema.parse(input);
      const { question, decision } = await load(actor, id);
      if (!decision.answer) throw refuseWriting(actor, question, 'answer');
      const citations = await resolveCitations(actor, body.citations, null);
      const at = now();
      const { doc: answer, duplicate } = await repo.answers.insertOnce({
        _id: new ObjectId(),
        questionId: question._id,
        clientRequestId: body.clientRequestId,
        author: person(actor),
        body: body.body,
        citations,
        helpfulCount: 0,
        accepted: null,
        hidden: null,
        deletedAt: null,
        editedAt: null,
        createdAt: at,
      });
      if (!answer.questionId.equals(question._id)) {
        throw new AppError('CONFLICT', 'This request id was already used for another answer');
      }
      if (duplicate) return presentOneAnswer(actor, question, answer);
      await claimFiles(actor, citations, answer);
      await touch(question._id);
      const updated = await refreshDerived(question._id);
      await record(
        actor,
        'precedent.answer_posted',
        { type: 'precedent_answer', id: answer._id.toHexString() },
        origin,
        {
          questionId: id,
          citations: citations.length,
          citationKeys: citations.map((citation) => citation.key),
        },
      );
      broadcast(question._id, 'answers');
      notifyInBackground(async () => {
        if (updated.author.id.toHexString() === actor.userId) return [];
        return [
          notification(
            updated.author.id,
            'precedent_answer',
            updated,
            `${actor.displayName} answered your question “${updated.title}”`,
            plainText(answer.body),
            { id: toObjectId(actor.userId), displayName: actor.displayName },
          ),
        ];
      });
      return presentOneAnswer(actor, updated, answer);
    },

    async updateAnswer(
      actor: Actor,
      id: string,
      answerId: string,
      input: UpdateAnswerBody,
      origin: RequestOrigin,
    ): Promise<Answer> {
      const body = UpdateAnswerBodySchema.parse(input);
      const { question, decision } = await load(actor, id);
      const answer = await repo.answers.findById(question._id, toObjectId(answerId));
      if (!answer || answer.deletedAt) throw notFound('Answer');
      if (!canEditOwn(decision, actor, answer.author.id.toHexString()) || answer.hidden) {
        throw answer.author.id.toHexString() === actor.userId
          ? refuseWriting(actor, question, 'edit this answer')
          : forbidden('Only the author can edit an answer');
      }
      const citations = await resolveCitations(actor, body.citations, answer._id);
      const updated = await repo.answers.update(question._id, answer._id, {
        body: body.body,
        citations,
        editedAt: now(),
      });
      if (!updated) throw notFound('Answer');
      await claimFiles(actor, citations, updated);
      await refreshDerived(question._id);
      await record(actor, 'precedent.answer_edited', { type: 'precedent_answer', id: answerId }, origin, {
        questionId: id,
        citations: citations.length,
      });
      broadcast(question._id, 'answers');
      return presentOneAnswer(actor, question, updated);
    },

    async deleteAnswer(actor: Actor, id: string, answerId: string, origin: RequestOrigin): Promise<Answer> {
      const { question, decision } = await load(actor, id);
      const answer = await repo.answers.findById(question._id, toObjectId(answerId));
      if (!answer || answer.deletedAt) throw notFound('Answer');
      if (!canEditOwn(decision, actor, answer.author.id.toHexString())) {
        throw forbidden('Only the author can withdraw an answer');
      }
      const updated = await repo.answers.update(question._id, answer._id, {
        deletedAt: now(),
        accepted: null,
      });
      if (!updated) throw notFound('Answer');
      await refreshDerived(question._id);
      await record(actor, 'precedent.answer_withdrawn', { type: 'precedent_answer', id: answerId }, origin, {
        questionId: id,
      });
      broadcast(question._id, 'answers');
      return presentOneAnswer(actor, question, updated);
    },

    /** Only the asker or a moderator accepts; several answers may be accepted. */
    async setAccepted(
      actor: Actor,
      id: string,
      answerId: string,
      accepted: boolean,
      origin: RequestOrigin,
    ): Promise<Question> {
      const { question, decision } = await load(actor, id);
      const answer = await repo.answers.findById(question._id, toObjectId(answerId));
      if (!answer || answer.deletedAt) throw notFound('Answer');
      if (!decision.accept) {
        await record(
          actor,
          'precedent.answer_accepted',
          { type: 'precedent_answer', id: answerId },
          origin,
          {
            questionId: id,
            reason: 'not_asker_or_moderator',
          },
          'denied',
        );
        throw question.status === 'closed'
          ? new AppError('ARCHIVED', 'This question is closed')
          : forbidden('Only the asker or a moderator can accept answers');
      }
      if (answer.hidden) throw new AppError('CONFLICT', 'A hidden answer cannot be accepted');
      if ((answer.accepted !== null) !== accepted) {
        const byAsker = question.author.id.toHexString() === actor.userId;
        await repo.answers.update(question._id, answer._id, {
          accepted: accepted
            ? { at: now(), byId: toObjectId(actor.userId), byName: actor.displayName, byAsker }
            : null,
        });
        await record(
          actor,
          accepted ? 'precedent.answer_accepted' : 'precedent.answer_unaccepted',
          { type: 'precedent_answer', id: answerId },
          origin,
          { questionId: id, byAsker },
        );
        if (accepted && answer.author.id.toHexString() !== actor.userId) {
          notifyInBackground(async () => [
            notification(
              answer.author.id,
              'precedent_accepted',
              question,
              `Your answer to “${question.title}” was accepted`,
              plainText(answer.body),
              publicActor(question, actor),
            ),
          ]);
        }
      }
      await touch(question._id);
      const updated = await refreshDerived(question._id);
      broadcast(question._id, 'answers');
      return full(actor, updated, await decide(actor, updated));
    },

    /** One mark per member and answer; never on one's own answer. */
    async setHelpful(actor: Actor, id: string, answerId: string, helpful: boolean): Promise<Answer> {
      const { question, decision } = await load(actor, id);
      const answer = await repo.answers.findById(question._id, toObjectId(answerId));
      if (!answer || answer.deletedAt || answer.hidden) throw notFound('Answer');
      if (!canMarkHelpful(decision, actor, answer.author.id.toHexString())) {
        throw answer.author.id.toHexString() === actor.userId
          ? forbidden('You cannot mark your own answer helpful')
          : refuseWriting(actor, question, 'mark answers helpful');
      }
      const me = toObjectId(actor.userId);
      const changed = helpful
        ? await repo.helpful.mark(answer._id, me, now())
        : await repo.helpful.unmark(answer._id, me);
      if (changed) {
        await repo.helpful.setCount(answer._id, await repo.helpful.count(answer._id));
        broadcast(question._id, 'answers');
      }
      const stored = await repo.answers.findById(question._id, answer._id);
      return presentOneAnswer(actor, question, stored ?? answer);
    },

    // ---- comments ----

    async comment(
      actor: Actor,
      id: string,
      answerId: string,
      input: CommentBody,
      origin: RequestOrigin,
    ): Promise<Comment> {
      const body = CommentBodySchema.parse(input);
      const { question, decision } = await load(actor, id);
      const answer = await repo.answers.findById(question._id, toObjectId(answerId));
      if (!answer || answer.deletedAt || (answer.hidden && !decision.moderate)) throw notFound('Answer');
      if (!decision.comment) throw refuseWriting(actor, question, 'comment');
      const { doc: comment, duplicate } = await repo.comments.insertOnce({
        _id: new ObjectId(),
        questionId: question._id,
        answerId: answer._id,
        clientRequestId: body.clientRequestId,
        author: person(actor),
        body: body.body,
        hidden: null,
        deletedAt: null,
        createdAt: now(),
      });
      if (!comment.answerId.equals(answer._id)) {
        throw new AppError('CONFLICT', 'This request id was already used for another comment');
      }
      if (!duplicate) {
        await touch(question._id);
        await record(
          actor,
          'precedent.comment_posted',
          { type: 'precedent_comment', id: comment._id.toHexString() },
          origin,
          {
            questionId: id,
            answerId,
          },
        );
        broadcast(question._id, 'answers');
        notifyInBackground(async () => {
          const recipients = new Map<string, ObjectId>();
          for (const candidate of [answer.author.id, question.author.id]) {
            if (candidate.toHexString() !== actor.userId) recipients.set(candidate.toHexString(), candidate);
          }
          return [...recipients.values()].map((userId) =>
            notification(
              userId,
              'precedent_comment',
              question,
              `New follow-up on “${question.title}”`,
              plainText(comment.body),
              publicActor(question, actor),
            ),
          );
        });
      }
      return presentComment(comment, question, viewer(actor, decision));
    },

    async deleteComment(
      actor: Actor,
      id: string,
      answerId: string,
      commentId: string,
      origin: RequestOrigin,
    ): Promise<Comment> {
      const { question, decision } = await load(actor, id);
      const comment = await repo.comments.findById(toObjectId(answerId), toObjectId(commentId));
      if (!comment || comment.deletedAt || !comment.questionId.equals(question._id))
        throw notFound('Comment');
      if (!canEditOwn(decision, actor, comment.author.id.toHexString())) {
        throw forbidden('Only the author can withdraw a comment');
      }
      const updated = await repo.comments.update(comment.answerId, comment._id, { deletedAt: now() });
      if (!updated) throw notFound('Comment');
      await record(
        actor,
        'precedent.comment_withdrawn',
        { type: 'precedent_comment', id: commentId },
        origin,
        {
          questionId: id,
        },
      );
      broadcast(question._id, 'answers');
      return presentComment(updated, question, viewer(actor, decision));
    },

    // ---- the co-edited summary ----

    /** Created on first use by someone who may edit it; two first uses at once keep the first. */
    async startSummary(actor: Actor, id: string, origin: RequestOrigin): Promise<Question> {
      const { question, decision } = await load(actor, id);
      if (question.summaryDocumentId) return full(actor, question, decision);
      if (!decision.editSummary) throw refuseWriting(actor, question, 'start the summary');
      const document = await deps.documents.createDocument({
        kind: 'thread_summary',
        owner: { type: QUESTION_DOCUMENT_OWNER, id },
        title: question.title,
        createdBy: { id: actor.userId, name: actor.displayName },
      });
      const updated = await repo.questions.setSummaryDocument(question._id, document._id);
      if (!updated) throw notFound('Question');
      await record(actor, 'precedent.summary_started', { type: 'precedent_question', id }, origin, {
        documentId: (updated.summaryDocumentId ?? document._id).toHexString(),
      });
      broadcast(question._id, 'question');
      return full(actor, updated, decision);
    },

    // ---- the library ----

    async library(actor: Actor, input: LibraryQuery): Promise<LibraryPage> {
      const query = LibraryQuerySchema.parse(input);
      const settings = await deps.settings.get();
      const visible: Filter<QuestionDoc>[] = [
        scopeFilter(readableScope(actor, settings)),
        { status: 'resolved', hidden: null },
      ];
      const filters = [...visible];
      if (query.jurisdiction) filters.push({ jurisdictions: query.jurisdiction });
      if (query.topic) filters.push({ topics: query.topic });
      if (query.court) filters.push({ 'libraryFacets.courts': query.court } as Filter<QuestionDoc>);
      if (query.year) filters.push({ 'libraryFacets.years': query.year } as Filter<QuestionDoc>);
      if (query.outcome) filters.push({ 'libraryFacets.outcomes': query.outcome } as Filter<QuestionDoc>);
      const offset = parseOffsetCursor(query.cursor);
      const filter = { $and: filters } as Filter<QuestionDoc>;
      const text = query.q?.trim();
      const [docs, courts] = await Promise.all([
        text
          ? repo.questions.search(text, filter, offset, query.limit + 1)
          : repo.questions.pageByResolved(filter, offset, query.limit + 1),
        repo.questions.distinctCourts({ $and: visible } as Filter<QuestionDoc>),
      ]);
      const page = docs.slice(0, query.limit);
      const accepted = await repo.answers.acceptedFor(page.map((question) => question._id));
      return {
        items: page.map((question) =>
          presentLibraryItem(
            question,
            accepted.filter((answer) => answer.questionId.equals(question._id)),
            viewer(actor, decideQuestion(actor, factsOf(question), settings)),
          ),
        ),
        nextCursor: docs.length > query.limit ? encodeCursor({ offset: offset + query.limit }) : null,
        courts: courts.sort((a, b) => a.localeCompare(b)),
      };
    },

    /** Every answer the reader may see that cites this decision. */
    async citation(actor: Actor, key: string): Promise<CitationPage> {
      const answers = await repo.answers.citing(key, 200);
      const questions = await repo.questions.findByIds([
        ...new Set(answers.map((answer) => answer.questionId)),
      ]);
      const settings = await deps.settings.get();
      const readable = new Map(
        questions
          .filter((question) => decideQuestion(actor, factsOf(question), settings).read && !question.hidden)
          .map((question) => [question._id.toHexString(), question]),
      );
      const usages: CitationUsage[] = [];
      let found: StoredCitation | null = null;
      for (const answer of answers) {
        const question = readable.get(answer.questionId.toHexString());
        const cited = answer.citations.find((citation) => citation.key === key);
        if (!question || !cited) continue;
        if (!found || answer.accepted) found = cited;
        usages.push({
          questionId: question._id.toHexString(),
          questionTitle: question.title,
          questionStatus: question.status,
          answerId: answer._id.toHexString(),
          answeredBy: presentPerson(answer.author),
          accepted: answer.accepted !== null,
          citedAt: answer.createdAt.toISOString(),
        });
      }
      if (!found) throw notFound('Citation');
      const { attachment: _attachment, url: _url, ...citation } = presentCitation(found);
      return { citation, usages };
    },

    // ---- files (judgment excerpts) ----

    async uploadFile(
      actor: Actor,
      input: { fileName: string; declaredType: string; bytes: Buffer },
      origin: RequestOrigin,
    ): Promise<PrecedentFile> {
      if (!contributesToDesk(actor, await deps.settings.get())) {
        throw forbidden('Your role does not allow contributing to the precedent desk');
      }
      if (input.bytes.length === 0) throw new AppError('BAD_REQUEST', 'The file is empty');
      if (input.bytes.length > PRECEDENT_LIMITS.fileMaxBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', 'Judgment excerpts are limited to 10 MB');
      }
      const filename = cleanFilename(input.fileName, 160);
      const sniffed = sniffAttachment(input.bytes, input.declaredType, filename);
      if (!sniffed.ok) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          sniffed.reason === 'mismatch'
            ? 'The file’s content does not match its name or type'
            : 'Only PDF, Word, text and image files can be attached',
        );
      }
      const stored = await repo.files.store(input.bytes, filename, {
        uploaderId: toObjectId(actor.userId),
        contentType: sniffed.mime,
      });
      await record(
        actor,
        'precedent.file_uploaded',
        { type: 'precedent_file', id: stored.id.toHexString() },
        origin,
        {
          contentType: sniffed.mime,
          bytes: stored.size,
        },
      );
      return { id: stored.id.toHexString(), filename, contentType: sniffed.mime, size: stored.size };
    },

    /** Readable by the uploader until cited, then by whoever can read the answer citing it. */
    async openFile(actor: Actor, fileId: string) {
      const file = await repo.files.find(toObjectId(fileId));
      if (!file) throw notFound('File');
      const mine = file.metadata.uploaderId.toHexString() === actor.userId;
      if (!file.metadata.answerId || !file.metadata.questionId) {
        if (!mine) throw notFound('File');
      } else {
        const { question, decision } = await load(actor, file.metadata.questionId.toHexString());
        const answer = await repo.answers.findById(question._id, file.metadata.answerId);
        const visible = answer && !answer.deletedAt && (!answer.hidden || decision.moderate || mine);
        if (!visible) throw notFound('File');
      }
      return { file, stream: repo.files.open(file.id) };
    },

    // ---- exports ----

    async exportData(actor: Actor, id: string) {
      const { question, decision } = await load(actor, id);
      const answers = (await repo.answers.forQuestion(question._id)).filter(
        (answer) => answer.accepted && !answer.hidden && !answer.deletedAt,
      );
      const summary = question.summaryDocumentId
        ? await deps.documents.currentState(question.summaryDocumentId)
        : null;
      return { question, decision, answers, summary };
    },

    async recordExport(actor: Actor, id: string, format: string, bytes: number, origin: RequestOrigin) {
      await record(actor, 'precedent.question_exported', { type: 'precedent_question', id }, origin, {
        format,
        bytes,
      });
    },

    // ---- reports and moderation ----

    async report(actor: Actor, id: string, input: PrecedentReportBody, origin: RequestOrigin): Promise<void> {
      const body = PrecedentReportBodySchema.parse(input);
      const { question, decision } = await load(actor, id);
      if (!decision.report) throw forbidden('You cannot report this');
      const excerpt = await excerptOf(question, body.target);
      const inserted = await repo.reports.insert({
        _id: new ObjectId(),
        questionId: question._id,
        target: { type: body.target.type, id: toObjectId(body.target.id) },
        excerpt,
        reporter: person(actor),
        reason: body.reason,
        note: body.note,
        status: 'open',
        createdAt: now(),
        resolution: null,
      });
      if (!inserted) return;
      await record(
        actor,
        'precedent.reported',
        { type: `precedent_${body.target.type}`, id: body.target.id },
        origin,
        {
          questionId: id,
          reason: body.reason,
        },
      );
      notifyInBackground(async () => {
        const moderators = await deps.users.activeMatching(
          { roles: ['admin', 'moderator'], excludeIds: [toObjectId(actor.userId)] },
          MODERATORS_MAX,
        );
        return moderators.map((moderator) =>
          notification(
            moderator._id,
            'precedent_report',
            question,
            `A ${body.target.type} on “${question.title}” was reported`,
            excerpt,
            null,
          ),
        );
      });
    },

    async hide(actor: Actor, id: string, target: PrecedentTarget, reason: string, origin: RequestOrigin) {
      const { question, decision } = await load(actor, id);
      assertModerator(decision);
      await setHidden(actor, question, target, true, reason, origin);
    },

    async unhide(actor: Actor, id: string, target: PrecedentTarget, reason: string, origin: RequestOrigin) {
      const { question, decision } = await load(actor, id);
      assertModerator(decision);
      await setHidden(actor, question, target, false, reason, origin);
    },

    async lock(actor: Actor, id: string, body: LockQuestionBody, origin: RequestOrigin): Promise<Question> {
      const { question, decision } = await load(actor, id);
      assertModerator(decision);
      const updated = await lock(actor, question, body.locked, body.reason, origin);
      return full(actor, updated, await decide(actor, updated));
    },

    /** Files the question under other topics and jurisdictions ("move" on the desk). */
    async move(actor: Actor, id: string, body: MoveQuestionBody, origin: RequestOrigin): Promise<Question> {
      const { question, decision } = await load(actor, id);
      assertModerator(decision);
      const updated = await repo.questions.update(question._id, {
        topics: body.topics,
        jurisdictions: body.jurisdictions,
      });
      if (!updated) throw notFound('Question');
      await logAction(actor, question, 'question.move', { type: 'question', id }, body.reason, origin, {
        fromTopics: question.topics.join(','),
        toTopics: body.topics.join(','),
        fromJurisdictions: question.jurisdictions.join(','),
        toJurisdictions: body.jurisdictions.join(','),
      });
      broadcast(question._id, 'question');
      return full(actor, updated, await decide(actor, updated));
    },

    async close(actor: Actor, id: string, reason: string, origin: RequestOrigin): Promise<Question> {
      const { question, decision } = await load(actor, id);
      assertModerator(decision);
      const updated = await close(actor, question, reason, origin);
      return full(actor, updated, await decide(actor, updated));
    },

    async reopen(actor: Actor, id: string, reason: string, origin: RequestOrigin): Promise<Question> {
      const { question, decision } = await load(actor, id);
      assertModerator(decision);
      if (question.status !== 'closed') return full(actor, question, decision);
      await repo.questions.update(question._id, { status: 'open', closed: null });
      const updated = await refreshDerived(question._id);
      await logAction(actor, question, 'question.reopen', { type: 'question', id }, reason, origin, {
        to: updated.status,
      });
      broadcast(question._id, 'question');
      await revalidateWatchers(updated);
      return full(actor, updated, await decide(actor, updated));
    },

    async reports(
      actor: Actor,
      status: ReportStatus,
      cursor: string | undefined,
    ): Promise<{ items: PrecedentReport[]; nextCursor: string | null }> {
      if (!moderatesDesk(actor)) throw forbidden('Only moderators see the moderation queue');
      const limit = PRECEDENT_LIMITS.pageSize;
      const docs = await repo.reports.page(status, parseTimeCursor(cursor), limit + 1);
      const page = docs.slice(0, limit);
      const titles = new Map(
        (await repo.questions.findByIds(page.map((report) => report.questionId))).map((question) => [
          question._id.toHexString(),
          question.title,
        ]),
      );
      const last = page.at(-1);
      return {
        items: page.map((report) => presentReport(report, titles.get(report.questionId.toHexString()) ?? '')),
        nextCursor: docs.length > limit && last ? encodeTimeCursor(last.createdAt, last._id) : null,
      };
    },

    async resolveReport(
      actor: Actor,
      reportId: string,
      action: PrecedentReportAction,
      note: string,
      origin: RequestOrigin,
    ): Promise<PrecedentReport> {
      return closeReport(actor, reportId, action, note, origin);
    },

    async dismissReport(actor: Actor, reportId: string, note: string, origin: RequestOrigin) {
      return closeReport(actor, reportId, null, note, origin);
    },

    async moderationLog(
      actor: Actor,
      questionId: string | undefined,
      cursor: string | undefined,
    ): Promise<{ items: PrecedentModerationLogEntry[]; nextCursor: string | null }> {
      if (!moderatesDesk(actor)) throw forbidden('Only moderators read the moderation log');
      const limit = PRECEDENT_LIMITS.pageSize;
      const docs = await repo.log.page(
        questionId ? toObjectId(questionId) : null,
        parseTimeCursor(cursor),
        limit + 1,
      );
      const page = docs.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(presentLogEntry),
        nextCursor: docs.length > limit && last ? encodeTimeCursor(last.at, last._id) : null,
      };
    },

    // ---- live ----

    /** A socket may watch a question it can read. */
    async watch(actor: Actor, id: string): Promise<void> {
      await load(actor, id);
    },

    dispose(): void {
      clearInterval(notifySweep);
      clearInterval(purge);
    },
  };
  return service;
}

export type PrecedentsService = ReturnType<typeof createPrecedentsService>;
