import type { Audience, QuestionStatus } from '@serantau/shared';
import type { Actor } from './actor';
import { can } from './global';

/** What the precedent desk's rules need to know about a question (no text, no database types). */
export interface QuestionFacts {
  authorId: string;
  audience: Audience;
  status: QuestionStatus;
  locked: boolean;
  hidden: boolean;
}

/** Network settings that widen the desk for partner observers. */
export interface DeskSettings {
  observersMayContribute: boolean;
}

export interface QuestionDecision {
  read: boolean;
  answer: boolean;
  /** Follow-up comments under answers. */
  comment: boolean;
  accept: boolean;
  /** Edit the question's own text (the asker). */
  edit: boolean;
  editSummary: boolean;
  report: boolean;
  moderate: boolean;
  /** See who asked an anonymous question. */
  seeAuthor: boolean;
}

const NOTHING: QuestionDecision = {
  read: false,
  answer: false,
  comment: false,
  accept: false,
  edit: false,
  editSummary: false,
  report: false,
  moderate: false,
  seeAuthor: false,
};

/** Admins and moderators run the desk: they see everything on it, hidden or restricted. */
export function moderatesDesk(actor: Actor): boolean {
  return can(actor, 'precedent.moderate');
}

/** Who may ask and answer: members and up; observers only when the network allows it. */
export function contributesToDesk(actor: Actor, settings: DeskSettings): boolean {
  if (can(actor, 'precedent.contribute')) return true;
  return actor.role === 'observer' && settings.observersMayContribute;
}

/**
 * Whether the actor is among those asked. A `countries` question is asked of (and readable by)
 * members of those member states only; `network` and `experts` questions are readable by all.
 */
export function inAudience(actor: Actor, audience: Audience): boolean {
  if (audience.kind !== 'countries') return true;
  return (audience.countries as readonly string[]).includes(actor.country);
}

/**
 * The precedent desk's rules for one question:
 * - moderators and admins read everything and moderate; the asker always reads their own question;
 * - contributors read questions asked of them (see `inAudience`) unless hidden;
 * - observers who may not contribute read resolved questions of the whole network, nothing else;
 * - answering and commenting need an unlocked question that is not closed; accepting is the
 *   asker's (or a moderator's) until the question is closed.
 */
export function decideQuestion(actor: Actor, facts: QuestionFacts, settings: DeskSettings): QuestionDecision {
  const moderator = moderatesDesk(actor);
  const asker = facts.authorId === actor.userId;
  const contributor = contributesToDesk(actor, settings);
  const visibleToReaders = !facts.hidden;
  const read =
    moderator ||
    asker ||
    (visibleToReaders && contributor && inAudience(actor, facts.audience)) ||
    (visibleToReaders &&
      !contributor &&
      actor.role === 'observer' &&
      facts.status === 'resolved' &&
      facts.audience.kind !== 'countries');
  if (!read) return NOTHING;
  const open = facts.status !== 'closed';
  const writable = open && !facts.locked && !facts.hidden;
  const participates = contributor || moderator;
  return {
    read,
    // The asker adds follow-ups under answers; answering their own question would unmask them.
    answer: participates && writable && !asker,
    comment: participates && writable,
    accept: (asker || moderator) && open,
    edit: asker && writable,
    editSummary: participates && writable,
    report: true,
    moderate: moderator,
    seeAuthor: moderator || asker,
  };
}

/** Marking an answer helpful: anyone who may take part, never on their own answer. */
export function canMarkHelpful(decision: QuestionDecision, actor: Actor, answerAuthorId: string): boolean {
  return decision.comment && answerAuthorId !== actor.userId;
}

/** Authors edit and withdraw their own answers and comments while the question is writable. */
export function canEditOwn(decision: QuestionDecision, actor: Actor, authorId: string): boolean {
  return decision.comment && authorId === actor.userId;
}

/** Who may see a hidden answer's or comment's text: moderators and its author. */
export function canSeeHiddenContent(decision: QuestionDecision, actor: Actor, authorId: string): boolean {
  return decision.moderate || authorId === actor.userId;
}

/**
 * What a reader may see across the desk, for list and search queries (the same rules as
 * `decideQuestion(...).read`, in a form a query can apply; a unit test keeps the two in step).
 */
export type ReadableScope =
  | { kind: 'everything' }
  | { kind: 'asked_of_me'; userId: string; country: string }
  | { kind: 'resolved_network'; userId: string }
  | { kind: 'own'; userId: string };

export function readableScope(actor: Actor, settings: DeskSettings): ReadableScope {
  if (moderatesDesk(actor)) return { kind: 'everything' };
  if (contributesToDesk(actor, settings)) {
    return { kind: 'asked_of_me', userId: actor.userId, country: actor.country };
  }
  if (actor.role === 'observer') return { kind: 'resolved_network', userId: actor.userId };
  return { kind: 'own', userId: actor.userId };
}
