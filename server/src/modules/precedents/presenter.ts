import type {
  Answer,
  Citation,
  Comment,
  ContentState,
  LibraryItem,
  PrecedentModerationLogEntry,
  PrecedentPerson,
  PrecedentReport,
  Question,
  QuestionListItem,
} from '@serantau/shared';
import { PRECEDENT_LIMITS } from '@serantau/shared';
import type { Actor } from '../../policy/actor';
import {
  canEditOwn,
  canMarkHelpful,
  canSeeHiddenContent,
  type QuestionDecision,
} from '../../policy/precedents';
import { plainText, shorten } from '../../text/plain-text';
import type {
  AnswerDoc,
  CommentDoc,
  PrecedentLogDoc,
  PrecedentReportDoc,
  QuestionDoc,
  StoredCitation,
  StoredHidden,
  StoredPerson,
} from './repo';

/** Who reads, and what the rules let them do with this question. */
export interface Viewer {
  actor: Actor;
  decision: QuestionDecision;
  now: Date;
}

export function presentPerson(person: StoredPerson): PrecedentPerson {
  return { id: person.id.toHexString(), displayName: person.name, country: person.country };
}

/** The asker, unless the question is anonymous and the reader may not know who asked. */
function askerFor(question: QuestionDoc, viewer: Viewer): PrecedentPerson | null {
  if (question.anonymous && !viewer.decision.seeAuthor) return null;
  return presentPerson(question.author);
}

function stateOf(doc: { hidden: StoredHidden | null; deletedAt?: Date | null }): ContentState {
  if (doc.deletedAt) return 'deleted';
  return doc.hidden ? 'hidden' : 'visible';
}

function moderationFor(hidden: StoredHidden | null, viewer: Viewer, authorId: string) {
  if (!hidden) return null;
  const insider = canSeeHiddenContent(viewer.decision, viewer.actor, authorId);
  return {
    hiddenAt: hidden.at.toISOString(),
    hiddenBy: viewer.decision.moderate ? hidden.byName : null,
    reason: insider ? hidden.reason : null,
  };
}

export function isOverdue(question: QuestionDoc, now: Date): boolean {
  if (question.status !== 'open' && question.status !== 'answered') return false;
  return question.dueAt !== null && question.dueAt.getTime() < now.getTime();
}

export function presentCitation(citation: StoredCitation): Citation {
  return {
    key: citation.key,
    caseName: citation.caseName,
    court: citation.court,
    jurisdiction: citation.jurisdiction,
    year: citation.year,
    reference: citation.reference,
    outcome: citation.outcome,
    provision: citation.provision,
    url: citation.url,
    attachment: citation.attachment
      ? {
          id: citation.attachment.id.toHexString(),
          filename: citation.attachment.filename,
          contentType: citation.attachment.contentType,
          size: citation.attachment.size,
        }
      : null,
  };
}

function core(question: QuestionDoc, viewer: Viewer) {
  return {
    id: question._id.toHexString(),
    title: question.title,
    jurisdictions: question.jurisdictions,
    topics: question.topics,
    urgency: question.urgency,
    deadline: question.deadline,
    audience: question.audience,
    anonymous: question.anonymous,
    author: askerFor(question, viewer),
    askedByMe: question.author.id.toHexString() === viewer.actor.userId,
    status: question.status,
    state: stateOf(question),
    locked: question.locked,
    answerCount: question.answerCount,
    acceptedCount: question.acceptedCount,
    overdue: isOverdue(question, viewer.now),
    createdAt: question.createdAt.toISOString(),
    lastActivityAt: question.lastActivityAt.toISOString(),
  };
}

export function presentListItem(question: QuestionDoc, viewer: Viewer): QuestionListItem {
  const readable = !question.hidden || viewer.decision.seeAuthor;
  return {
    ...core(question, viewer),
    excerpt: readable ? shorten(plainText(question.situation), PRECEDENT_LIMITS.excerptLength) : '',
  };
}

export function presentLibraryItem(
  question: QuestionDoc,
  accepted: readonly AnswerDoc[],
  viewer: Viewer,
): LibraryItem {
  return {
    ...presentListItem(question, viewer),
    resolvedAt: question.resolvedAt?.toISOString() ?? null,
    citations: accepted.flatMap((answer) => answer.citations.map(presentCitation)),
    advice: shorten(plainText(accepted.map((answer) => answer.body).join('\n\n')), 400),
  };
}

export function presentComment(comment: CommentDoc, question: QuestionDoc, viewer: Viewer): Comment {
  const authorId = comment.author.id.toHexString();
  const byAsker = authorId === question.author.id.toHexString();
  const state = stateOf(comment);
  const showBody =
    state === 'visible' ||
    viewer.decision.moderate ||
    (state === 'hidden' && canSeeHiddenContent(viewer.decision, viewer.actor, authorId));
  return {
    id: comment._id.toHexString(),
    answerId: comment.answerId.toHexString(),
    // The asker of an anonymous question stays anonymous in their follow-ups too.
    author:
      byAsker && question.anonymous && !viewer.decision.seeAuthor ? null : presentPerson(comment.author),
    byAsker,
    mine: authorId === viewer.actor.userId,
    state,
    body: showBody ? comment.body : null,
    moderation: moderationFor(comment.hidden, viewer, authorId),
    createdAt: comment.createdAt.toISOString(),
  };
}

export function presentAnswer(
  answer: AnswerDoc,
  question: QuestionDoc,
  comments: readonly CommentDoc[],
  viewer: Viewer & { helpfulMarked: ReadonlySet<string> },
): Answer {
  const authorId = answer.author.id.toHexString();
  const state = stateOf(answer);
  const showBody =
    state === 'visible' ||
    viewer.decision.moderate ||
    (state === 'hidden' && canSeeHiddenContent(viewer.decision, viewer.actor, authorId));
  const id = answer._id.toHexString();
  const writable = state === 'visible';
  return {
    id,
    questionId: question._id.toHexString(),
    author: presentPerson(answer.author),
    mine: authorId === viewer.actor.userId,
    state,
    body: showBody ? answer.body : null,
    citations: showBody ? answer.citations.map(presentCitation) : [],
    helpfulCount: answer.helpfulCount,
    markedHelpfulByMe: viewer.helpfulMarked.has(id),
    accepted: answer.accepted
      ? { at: answer.accepted.at.toISOString(), byAsker: answer.accepted.byAsker }
      : null,
    moderation: moderationFor(answer.hidden, viewer, authorId),
    editedAt: answer.editedAt?.toISOString() ?? null,
    createdAt: answer.createdAt.toISOString(),
    comments: comments.map((comment) => presentComment(comment, question, viewer)),
    access: {
      edit: writable && canEditOwn(viewer.decision, viewer.actor, authorId),
      markHelpful: writable && canMarkHelpful(viewer.decision, viewer.actor, authorId),
      accept: writable && viewer.decision.accept,
      comment: writable && viewer.decision.comment,
      moderate: viewer.decision.moderate,
    },
  };
}

export function presentQuestion(
  question: QuestionDoc,
  answers: readonly AnswerDoc[],
  comments: readonly CommentDoc[],
  viewer: Viewer & { helpfulMarked: ReadonlySet<string> },
): Question {
  const askerId = question.author.id.toHexString();
  const commentsByAnswer = new Map<string, CommentDoc[]>();
  for (const comment of comments) {
    const key = comment.answerId.toHexString();
    commentsByAnswer.set(key, [...(commentsByAnswer.get(key) ?? []), comment]);
  }
  // Withdrawn answers stay in place for moderators only; readers see nothing of them.
  const shown = answers.filter((answer) => !answer.deletedAt || viewer.decision.moderate);
  return {
    ...core(question, viewer),
    situation:
      !question.hidden || canSeeHiddenContent(viewer.decision, viewer.actor, askerId)
        ? question.situation
        : null,
    personalDataRemoved: question.personalDataRemoved,
    answeredAt: question.answeredAt?.toISOString() ?? null,
    resolvedAt: question.resolvedAt?.toISOString() ?? null,
    closed: question.closed ? { at: question.closed.at.toISOString(), reason: question.closed.reason } : null,
    moderation: moderationFor(question.hidden, viewer, askerId),
    editedAt: question.editedAt?.toISOString() ?? null,
    summaryDocumentId: question.summaryDocumentId?.toHexString() ?? null,
    access: {
      answer: viewer.decision.answer,
      accept: viewer.decision.accept,
      edit: viewer.decision.edit,
      editSummary: viewer.decision.editSummary,
      report: viewer.decision.report,
      moderate: viewer.decision.moderate,
      seeAuthor: viewer.decision.seeAuthor,
    },
    answers: shown.map((answer) =>
      presentAnswer(answer, question, commentsByAnswer.get(answer._id.toHexString()) ?? [], viewer),
    ),
  };
}

export function presentReport(report: PrecedentReportDoc, questionTitle: string): PrecedentReport {
  return {
    id: report._id.toHexString(),
    questionId: report.questionId.toHexString(),
    questionTitle,
    target: { type: report.target.type, id: report.target.id.toHexString() },
    excerpt: report.excerpt,
    reporter: presentPerson(report.reporter),
    reason: report.reason,
    note: report.note,
    status: report.status,
    createdAt: report.createdAt.toISOString(),
    resolution: report.resolution
      ? {
          by: report.resolution.byName,
          at: report.resolution.at.toISOString(),
          action: report.resolution.action,
          note: report.resolution.note,
        }
      : null,
  };
}

export function presentLogEntry(entry: PrecedentLogDoc): PrecedentModerationLogEntry {
  return {
    id: entry._id.toHexString(),
    questionId: entry.questionId.toHexString(),
    questionTitle: entry.questionTitle,
    action: entry.action,
    moderator: { id: entry.moderator.id.toHexString(), displayName: entry.moderator.name },
    target: { type: entry.target.type, id: entry.target.id.toHexString() },
    reason: entry.reason,
    details: entry.details,
    at: entry.at.toISOString(),
  };
}
