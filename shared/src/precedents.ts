import { z } from 'zod';
import {
  CursorSchema,
  IdParamsSchema,
  IdSchema,
  IsoDateTimeSchema,
  OkSchema,
  blockText,
  lineText,
  pageOf,
} from './common';
import { defineRoute } from './http';
import { JurisdictionCodeSchema, MEMBER_STATE_CODES, MemberStateCodeSchema } from './jurisdictions';
import { LegalTopicSchema } from './taxonomy';
import {
  DismissReportBodySchema,
  ReportReasonSchema,
  ReportStatusSchema,
  THREAD_LIMITS,
  utf8Length,
} from './threads';

// ---- Limits ----------------------------------------------------------------------------------

export const PRECEDENT_LIMITS = {
  titleMaxLength: 200,
  /** The situation and answers are Markdown of at most this many UTF-8 bytes (as messages). */
  situationMaxBytes: 16 * 1024,
  situationMinLength: 20,
  answerMaxBytes: 16 * 1024,
  commentMaxBytes: 4 * 1024,
  citationsPerAnswerMax: 10,
  topicsMax: 6,
  /** The oldest judgment a citation may name. */
  citationYearMin: 1900,
  pageSize: 30,
  similarMax: 5,
  queryMaxLength: 200,
  reasonMaxLength: THREAD_LIMITS.reasonMaxLength,
  excerptLength: 240,
  /** Judgment excerpts: same limit as message attachments. */
  fileMaxBytes: THREAD_LIMITS.attachmentMaxBytes,
} as const;

function markdownText(maxBytes: number, minLength: number) {
  return blockText(maxBytes, minLength).refine(
    (value) => utf8Length(value) <= maxBytes,
    `must be at most ${maxBytes / 1024} KB`,
  );
}

/** Every item of a list at most once. */
function distinct<T extends z.ZodType>(item: T, min: number, max: number, what: string) {
  return z
    .array(item)
    .min(min, `choose at least ${min} ${what}`)
    .max(max, `choose at most ${max} ${what}`)
    .refine((values) => new Set(values).size === values.length, `each ${what.replace(/s$/, '')} only once`);
}

// ---- Vocabularies ----------------------------------------------------------------------------

export const QUESTION_URGENCIES = ['routine', 'this_week', 'urgent_hearing'] as const;
export const QuestionUrgencySchema = z.enum(QUESTION_URGENCIES);
export type QuestionUrgency = z.infer<typeof QuestionUrgencySchema>;

/**
 * open → answered (first visible answer) → resolved (an answer accepted); a moderator closes a
 * question at any stage (and may reopen it). Withdrawing the last acceptance goes back to answered.
 */
export const QUESTION_STATUSES = ['open', 'answered', 'resolved', 'closed'] as const;
export const QuestionStatusSchema = z.enum(QUESTION_STATUSES);
export type QuestionStatus = z.infer<typeof QuestionStatusSchema>;

/**
 * Who is asked. `network`: every member. `countries`: members of the chosen member states — and only
 * they (with the asker and the moderators) can read it: a country is set by an admin, so it can bound
 * confidentiality. `experts`: members whose stated expertise matches a topic are asked; everyone may
 * read it (expertise is self-declared, so it cannot be a confidentiality boundary).
 */
export const AUDIENCE_KINDS = ['network', 'countries', 'experts'] as const;
export const AudienceKindSchema = z.enum(AUDIENCE_KINDS);
export type AudienceKind = z.infer<typeof AudienceKindSchema>;

export const AudienceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('network') }),
  z.strictObject({
    kind: z.literal('countries'),
    countries: distinct(MemberStateCodeSchema, 1, MEMBER_STATE_CODES.length, 'countries'),
  }),
  z.strictObject({ kind: z.literal('experts') }),
]);
export type Audience = z.infer<typeof AudienceSchema>;

/** Where a cited decision comes from: a member state, an international court, or elsewhere. */
export const CITATION_JURISDICTIONS = [...MEMBER_STATE_CODES, 'INTL', 'OTHER'] as const;
export const CitationJurisdictionSchema = z.enum(CITATION_JURISDICTIONS);
export type CitationJurisdiction = z.infer<typeof CitationJurisdictionSchema>;

export const CITATION_OUTCOMES = [
  'convicted',
  'partly_convicted',
  'acquitted',
  'appeal_allowed',
  'appeal_dismissed',
  'dismissed',
  'pending',
  'guidance',
  'other',
] as const;
export const CitationOutcomeSchema = z.enum(CITATION_OUTCOMES);
export type CitationOutcome = z.infer<typeof CitationOutcomeSchema>;

// ---- Personal data in the situation ----------------------------------------------------------

/**
 * The asker marks personal data in the situation as `[[personal: …]]`; the marked text is removed
 * on the server before anything is stored, so it never reaches the database, an export or a
 * notification. The reminder and the hints below help them find what to mark.
 */
export const PERSONAL_DATA_MARK = /\[\[personal:([^\]]*)\]\]/g;
export const PERSONAL_DATA_REPLACEMENT = '[personal data removed]';

export function markPersonalData(text: string): string {
  return `[[personal:${text.replace(/[[\]]/g, '')}]]`;
}

export function removeMarkedPersonalData(text: string): { text: string; removed: number } {
  let removed = 0;
  const cleaned = text.replace(PERSONAL_DATA_MARK, () => {
    removed += 1;
    return PERSONAL_DATA_REPLACEMENT;
  });
  return { text: cleaned, removed };
}

export interface PersonalDataHint {
  kind: 'email' | 'phone' | 'document_number' | 'date_of_birth';
  text: string;
  index: number;
}

const HINT_PATTERNS: readonly { kind: PersonalDataHint['kind']; pattern: RegExp }[] = [
  { kind: 'email', pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  { kind: 'phone', pattern: /(?<![\w/])\+?\d[\d ()-]{7,}\d(?![\w/])/g },
  // Passport and identity numbers: a letter or two followed by six or more digits.
  { kind: 'document_number', pattern: /\b[A-Z]{1,2}\d{6,9}\b/g },
  {
    kind: 'date_of_birth',
    pattern: /\b(?:born|b\.|DOB|date of birth|lahir)\b[:\s]*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/gi,
  },
];

/**
 * Text that looks like personal data and is not marked yet: a hint for the asker, never a
 * guarantee (names cannot be found this way, which is why the reminder asks them to look).
 */
export function findPersonalDataHints(text: string): PersonalDataHint[] {
  const unmarked = text.replace(PERSONAL_DATA_MARK, (match) => ' '.repeat(match.length));
  const hints: PersonalDataHint[] = [];
  for (const { kind, pattern } of HINT_PATTERNS) {
    for (const match of unmarked.matchAll(pattern)) hints.push({ kind, text: match[0], index: match.index });
  }
  return hints.sort((a, b) => a.index - b.index);
}

// ---- Asking ----------------------------------------------------------------------------------

/** Chosen by the client; a retried ask or answer with the same id is stored once. */
export const ClientRequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _');

const DeadlineSchema = z.iso.date();

export const AskQuestionBodySchema = z.strictObject({
  clientRequestId: ClientRequestIdSchema,
  title: lineText(PRECEDENT_LIMITS.titleMaxLength, 5),
  situation: markdownText(PRECEDENT_LIMITS.situationMaxBytes, PRECEDENT_LIMITS.situationMinLength),
  jurisdictions: distinct(MemberStateCodeSchema, 1, MEMBER_STATE_CODES.length, 'jurisdictions'),
  topics: distinct(LegalTopicSchema, 1, PRECEDENT_LIMITS.topicsMax, 'topics'),
  urgency: QuestionUrgencySchema,
  deadline: DeadlineSchema.nullable().default(null),
  audience: AudienceSchema,
  anonymous: z.boolean().default(false),
});
export type AskQuestionBody = z.input<typeof AskQuestionBodySchema>;

export const UpdateQuestionBodySchema = z
  .strictObject({
    title: lineText(PRECEDENT_LIMITS.titleMaxLength, 5).optional(),
    situation: markdownText(
      PRECEDENT_LIMITS.situationMaxBytes,
      PRECEDENT_LIMITS.situationMinLength,
    ).optional(),
    urgency: QuestionUrgencySchema.optional(),
    deadline: DeadlineSchema.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');
export type UpdateQuestionBody = z.infer<typeof UpdateQuestionBodySchema>;

// ---- Answers and citations --------------------------------------------------------------------

const currentYear = () => new Date().getUTCFullYear();

export const CitationInputSchema = z.strictObject({
  caseName: lineText(300, 2),
  court: lineText(200, 2),
  jurisdiction: CitationJurisdictionSchema,
  year: z
    .number()
    .int('must be a whole year')
    .min(PRECEDENT_LIMITS.citationYearMin, `must be ${PRECEDENT_LIMITS.citationYearMin} or later`)
    .refine((year) => year <= currentYear(), 'must not be in the future'),
  /** The law-report citation or the court's reference number. */
  reference: lineText(200, 2),
  outcome: CitationOutcomeSchema,
  provision: lineText(300, 0).default(''),
  url: z
    .string()
    .trim()
    .max(2048)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        return false;
      }
    }, 'must be an http or https link')
    .nullable()
    .default(null),
  /** A judgment excerpt uploaded beforehand (POST /api/precedents/files). */
  attachmentId: IdSchema.nullable().default(null),
});
export type CitationInput = z.input<typeof CitationInputSchema>;

export const AnswerBodySchema = z.strictObject({
  clientRequestId: ClientRequestIdSchema,
  body: markdownText(PRECEDENT_LIMITS.answerMaxBytes, 10),
  citations: z.array(CitationInputSchema).max(PRECEDENT_LIMITS.citationsPerAnswerMax).default([]),
});
export type AnswerBody = z.input<typeof AnswerBodySchema>;

export const UpdateAnswerBodySchema = z.strictObject({
  body: markdownText(PRECEDENT_LIMITS.answerMaxBytes, 10),
  citations: z.array(CitationInputSchema).max(PRECEDENT_LIMITS.citationsPerAnswerMax),
});
export type UpdateAnswerBody = z.input<typeof UpdateAnswerBodySchema>;

export const CommentBodySchema = z.strictObject({
  clientRequestId: ClientRequestIdSchema,
  body: markdownText(PRECEDENT_LIMITS.commentMaxBytes, 1),
});
export type CommentBody = z.input<typeof CommentBodySchema>;

/**
 * One key per decision, so every answer citing it lists together ("where has this case been cited
 * in our network?"): jurisdiction, year and the reference, folded to letters and digits.
 */
export function citationKey(citation: { jurisdiction: string; year: number; reference: string }): string {
  const reference = citation.reference
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
  return `${citation.jurisdiction.toLowerCase()}-${citation.year}-${reference || 'unreferenced'}`;
}

export const CitationKeySchema = z.string().regex(/^[a-z0-9-]{6,140}$/u, 'invalid citation key');

export const PrecedentFileSchema = z.object({
  id: IdSchema,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
});
export type PrecedentFile = z.infer<typeof PrecedentFileSchema>;

export const CitationSchema = z.object({
  key: z.string(),
  caseName: z.string(),
  court: z.string(),
  jurisdiction: CitationJurisdictionSchema,
  year: z.number().int(),
  reference: z.string(),
  outcome: CitationOutcomeSchema,
  provision: z.string(),
  url: z.string().nullable(),
  attachment: PrecedentFileSchema.nullable(),
});
export type Citation = z.infer<typeof CitationSchema>;

// ---- What readers see ------------------------------------------------------------------------

export const PrecedentPersonSchema = z.object({
  id: IdSchema,
  displayName: z.string(),
  country: JurisdictionCodeSchema,
});
export type PrecedentPerson = z.infer<typeof PrecedentPersonSchema>;

export const ContentStateSchema = z.enum(['visible', 'hidden', 'deleted']);
export type ContentState = z.infer<typeof ContentStateSchema>;

/** Moderators see who hid something and why; authors see the reason; others only that it is hidden. */
export const PrecedentModerationSchema = z
  .object({
    hiddenAt: IsoDateTimeSchema,
    hiddenBy: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .nullable();

export const CommentSchema = z.object({
  id: IdSchema,
  answerId: IdSchema,
  /** Null when the asker of an anonymous question wrote it and the reader may not know who that is. */
  author: PrecedentPersonSchema.nullable(),
  byAsker: z.boolean(),
  mine: z.boolean(),
  state: ContentStateSchema,
  body: z.string().nullable(),
  moderation: PrecedentModerationSchema,
  createdAt: IsoDateTimeSchema,
});
export type Comment = z.infer<typeof CommentSchema>;

export const AnswerSchema = z.object({
  id: IdSchema,
  questionId: IdSchema,
  author: PrecedentPersonSchema,
  mine: z.boolean(),
  state: ContentStateSchema,
  body: z.string().nullable(),
  citations: z.array(CitationSchema),
  helpfulCount: z.number().int().nonnegative(),
  markedHelpfulByMe: z.boolean(),
  accepted: z.object({ at: IsoDateTimeSchema, byAsker: z.boolean() }).nullable(),
  moderation: PrecedentModerationSchema,
  editedAt: IsoDateTimeSchema.nullable(),
  createdAt: IsoDateTimeSchema,
  comments: z.array(CommentSchema),
  access: z.object({
    edit: z.boolean(),
    markHelpful: z.boolean(),
    accept: z.boolean(),
    comment: z.boolean(),
    moderate: z.boolean(),
  }),
});
export type Answer = z.infer<typeof AnswerSchema>;

export const QuestionAccessSchema = z.object({
  answer: z.boolean(),
  accept: z.boolean(),
  edit: z.boolean(),
  editSummary: z.boolean(),
  report: z.boolean(),
  moderate: z.boolean(),
  /** Moderators, and the asker: who may see who asked. */
  seeAuthor: z.boolean(),
});
export type QuestionAccess = z.infer<typeof QuestionAccessSchema>;

const QuestionCoreSchema = z.object({
  id: IdSchema,
  title: z.string(),
  jurisdictions: z.array(MemberStateCodeSchema),
  topics: z.array(LegalTopicSchema),
  urgency: QuestionUrgencySchema,
  deadline: z.string().nullable(),
  audience: AudienceSchema,
  anonymous: z.boolean(),
  /** Null when the question is anonymous and the reader is neither a moderator nor the asker. */
  author: PrecedentPersonSchema.nullable(),
  askedByMe: z.boolean(),
  status: QuestionStatusSchema,
  state: ContentStateSchema,
  locked: z.boolean(),
  answerCount: z.number().int().nonnegative(),
  acceptedCount: z.number().int().nonnegative(),
  /** Past its deadline (or its urgency's usual window) without being resolved. */
  overdue: z.boolean(),
  createdAt: IsoDateTimeSchema,
  lastActivityAt: IsoDateTimeSchema,
});

export const QuestionListItemSchema = QuestionCoreSchema.extend({
  excerpt: z.string(),
});
export type QuestionListItem = z.infer<typeof QuestionListItemSchema>;

export const QuestionSchema = QuestionCoreSchema.extend({
  /** Null when hidden and the reader is not a moderator or the asker. */
  situation: z.string().nullable(),
  personalDataRemoved: z.number().int().nonnegative(),
  answeredAt: IsoDateTimeSchema.nullable(),
  resolvedAt: IsoDateTimeSchema.nullable(),
  closed: z.object({ at: IsoDateTimeSchema, reason: z.string() }).nullable(),
  moderation: PrecedentModerationSchema,
  editedAt: IsoDateTimeSchema.nullable(),
  summaryDocumentId: IdSchema.nullable(),
  access: QuestionAccessSchema,
  answers: z.array(AnswerSchema),
});
export type Question = z.infer<typeof QuestionSchema>;

// ---- Lists, library, citations, similar --------------------------------------------------------

export const QUESTION_VIEWS = ['open', 'for_me', 'mine', 'urgent', 'unanswered', 'overdue', 'all'] as const;
export const QuestionViewSchema = z.enum(QUESTION_VIEWS);
export type QuestionView = z.infer<typeof QuestionViewSchema>;

export const QuestionListQuerySchema = z.strictObject({
  view: QuestionViewSchema.default('open'),
  topic: LegalTopicSchema.optional(),
  jurisdiction: MemberStateCodeSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(PRECEDENT_LIMITS.pageSize),
});
export type QuestionListQuery = z.input<typeof QuestionListQuerySchema>;

export const QuestionPageSchema = pageOf(QuestionListItemSchema);
export type QuestionPage = z.infer<typeof QuestionPageSchema>;

export const LibraryQuerySchema = z.strictObject({
  q: lineText(PRECEDENT_LIMITS.queryMaxLength, 0).optional(),
  jurisdiction: MemberStateCodeSchema.optional(),
  topic: LegalTopicSchema.optional(),
  court: lineText(200, 1).optional(),
  year: z.coerce.number().int().min(PRECEDENT_LIMITS.citationYearMin).max(2100).optional(),
  outcome: CitationOutcomeSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type LibraryQuery = z.input<typeof LibraryQuerySchema>;

export const LibraryItemSchema = QuestionListItemSchema.extend({
  resolvedAt: IsoDateTimeSchema.nullable(),
  /** The citations of its accepted answers. */
  citations: z.array(CitationSchema),
  /** Plain-text excerpt of the accepted advice. */
  advice: z.string(),
});
export type LibraryItem = z.infer<typeof LibraryItemSchema>;

export const LibraryPageSchema = pageOf(LibraryItemSchema).extend({
  /** Courts cited in the library the reader can see, for the court filter. */
  courts: z.array(z.string()),
});
export type LibraryPage = z.infer<typeof LibraryPageSchema>;

export const CitationUsageSchema = z.object({
  questionId: IdSchema,
  questionTitle: z.string(),
  questionStatus: QuestionStatusSchema,
  answerId: IdSchema,
  answeredBy: PrecedentPersonSchema,
  accepted: z.boolean(),
  citedAt: IsoDateTimeSchema,
});
export type CitationUsage = z.infer<typeof CitationUsageSchema>;

export const CitationPageSchema = z.object({
  citation: CitationSchema.omit({ attachment: true, url: true }),
  usages: z.array(CitationUsageSchema),
});
export type CitationPage = z.infer<typeof CitationPageSchema>;

export const SimilarQuerySchema = z.strictObject({
  q: lineText(PRECEDENT_LIMITS.queryMaxLength, 3),
});

export const SimilarQuestionSchema = z.object({
  id: IdSchema,
  title: z.string(),
  status: QuestionStatusSchema,
  topics: z.array(LegalTopicSchema),
  answerCount: z.number().int().nonnegative(),
});
export type SimilarQuestion = z.infer<typeof SimilarQuestionSchema>;

// ---- Moderation --------------------------------------------------------------------------------

export const PRECEDENT_TARGET_TYPES = ['question', 'answer', 'comment'] as const;
export const PrecedentTargetTypeSchema = z.enum(PRECEDENT_TARGET_TYPES);
export type PrecedentTargetType = z.infer<typeof PrecedentTargetTypeSchema>;

export const PrecedentTargetSchema = z.strictObject({ type: PrecedentTargetTypeSchema, id: IdSchema });
export type PrecedentTarget = z.infer<typeof PrecedentTargetSchema>;

export const PrecedentReasonBodySchema = z.strictObject({
  reason: lineText(PRECEDENT_LIMITS.reasonMaxLength, 3),
});
export type PrecedentReasonBody = z.infer<typeof PrecedentReasonBodySchema>;

export const LockQuestionBodySchema = z.strictObject({
  locked: z.boolean(),
  reason: lineText(PRECEDENT_LIMITS.reasonMaxLength, 3),
});
export type LockQuestionBody = z.infer<typeof LockQuestionBodySchema>;

/** "Move" on the desk: file the question under other topics and jurisdictions. */
export const MoveQuestionBodySchema = z.strictObject({
  topics: distinct(LegalTopicSchema, 1, PRECEDENT_LIMITS.topicsMax, 'topics'),
  jurisdictions: distinct(MemberStateCodeSchema, 1, MEMBER_STATE_CODES.length, 'jurisdictions'),
  reason: lineText(PRECEDENT_LIMITS.reasonMaxLength, 3),
});
export type MoveQuestionBody = z.infer<typeof MoveQuestionBodySchema>;

export const SetAcceptedBodySchema = z.strictObject({ accepted: z.boolean() });
export const SetHelpfulBodySchema = z.strictObject({ helpful: z.boolean() });

export const PrecedentReportBodySchema = z.strictObject({
  target: PrecedentTargetSchema,
  reason: ReportReasonSchema,
  note: blockText(PRECEDENT_LIMITS.reasonMaxLength).default(''),
});
export type PrecedentReportBody = z.input<typeof PrecedentReportBodySchema>;

export const PRECEDENT_REPORT_ACTIONS = [
  'content_hidden',
  'question_locked',
  'question_closed',
  'no_action',
] as const;
export const PrecedentReportActionSchema = z.enum(PRECEDENT_REPORT_ACTIONS);
export type PrecedentReportAction = z.infer<typeof PrecedentReportActionSchema>;

export const ResolvePrecedentReportBodySchema = z.strictObject({
  action: PrecedentReportActionSchema,
  note: lineText(PRECEDENT_LIMITS.reasonMaxLength, 3),
});
export type ResolvePrecedentReportBody = z.infer<typeof ResolvePrecedentReportBodySchema>;
export { DismissReportBodySchema as DismissPrecedentReportBodySchema };

export const PrecedentReportSchema = z.object({
  id: IdSchema,
  questionId: IdSchema,
  questionTitle: z.string(),
  target: z.object({ type: PrecedentTargetTypeSchema, id: IdSchema }),
  /** Plain-text excerpt of what was reported (moderators only see reports). */
  excerpt: z.string(),
  reporter: PrecedentPersonSchema,
  reason: ReportReasonSchema,
  note: z.string(),
  status: ReportStatusSchema,
  createdAt: IsoDateTimeSchema,
  resolution: z
    .object({
      by: z.string(),
      at: IsoDateTimeSchema,
      action: PrecedentReportActionSchema.nullable(),
      note: z.string(),
    })
    .nullable(),
});
export type PrecedentReport = z.infer<typeof PrecedentReportSchema>;

export const PRECEDENT_MODERATION_ACTIONS = [
  'question.hide',
  'question.unhide',
  'question.lock',
  'question.unlock',
  'question.move',
  'question.close',
  'question.reopen',
  'answer.hide',
  'answer.unhide',
  'comment.hide',
  'comment.unhide',
  'report.resolve',
  'report.dismiss',
] as const;
export const PrecedentModerationActionSchema = z.enum(PRECEDENT_MODERATION_ACTIONS);
export type PrecedentModerationAction = z.infer<typeof PrecedentModerationActionSchema>;

export const PrecedentModerationLogEntrySchema = z.object({
  id: IdSchema,
  questionId: IdSchema,
  questionTitle: z.string(),
  action: PrecedentModerationActionSchema,
  moderator: z.object({ id: IdSchema, displayName: z.string() }),
  target: z.object({ type: PrecedentTargetTypeSchema, id: IdSchema }),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  at: IsoDateTimeSchema,
});
export type PrecedentModerationLogEntry = z.infer<typeof PrecedentModerationLogEntrySchema>;

export const PrecedentReportQuerySchema = z.strictObject({
  status: ReportStatusSchema.default('open'),
  cursor: CursorSchema.optional(),
});

export const PrecedentLogQuerySchema = z.strictObject({
  questionId: IdSchema.optional(),
  cursor: CursorSchema.optional(),
});

// ---- Exports -----------------------------------------------------------------------------------

export const PRECEDENT_EXPORT_FORMATS = ['md', 'pdf'] as const;
export const PrecedentExportFormatSchema = z.enum(PRECEDENT_EXPORT_FORMATS);
export type PrecedentExportFormat = z.infer<typeof PrecedentExportFormatSchema>;

// ---- Live events -------------------------------------------------------------------------------

export const PRECEDENT_CHANGE_SCOPES = ['question', 'answers'] as const;
export type PrecedentChangeScope = (typeof PRECEDENT_CHANGE_SCOPES)[number];

/** Something on a watched question changed; the client refetches it (what each reader sees differs). */
export const PrecedentChangedEventSchema = z.object({
  questionId: IdSchema,
  scope: z.enum(PRECEDENT_CHANGE_SCOPES),
});
export type PrecedentChangedEvent = z.infer<typeof PrecedentChangedEventSchema>;

/** The question is no longer readable by this user (hidden, or otherwise out of reach). */
export const PrecedentRevokedEventSchema = z.object({ questionId: IdSchema });
export type PrecedentRevokedEvent = z.infer<typeof PrecedentRevokedEventSchema>;

/** What the signed-in user may do on the desk as a whole (the network's observer setting included). */
export const DeskAccessSchema = z.object({ contribute: z.boolean(), moderate: z.boolean() });
export type DeskAccess = z.infer<typeof DeskAccessSchema>;

export const PrecedentWatchPayloadSchema = z.strictObject({ questionId: IdSchema });
export type PrecedentWatchPayload = z.infer<typeof PrecedentWatchPayloadSchema>;

// ---- Routes ------------------------------------------------------------------------------------

const QuestionParams = IdParamsSchema;
const AnswerParams = z.strictObject({ id: IdSchema, answerId: IdSchema });
const CommentParams = z.strictObject({ id: IdSchema, answerId: IdSchema, commentId: IdSchema });
const ReportParams = z.strictObject({ reportId: IdSchema });
const CitationParams = z.strictObject({ key: CitationKeySchema });
const FileParams = z.strictObject({ fileId: IdSchema });

export const precedentRoutes = {
  access: defineRoute({
    method: 'GET',
    path: '/api/precedents/access',
    summary: 'What I may do on the precedent desk (ask and answer; moderate)',
    tag: 'precedents',
    auth: 'session',
    response: DeskAccessSchema,
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/precedents/questions',
    summary: 'Questions on the precedent desk, by view (open, for me, mine, urgent, unanswered, overdue)',
    tag: 'precedents',
    auth: 'session',
    query: QuestionListQuerySchema,
    response: QuestionPageSchema,
  }),
  ask: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions',
    summary: 'Ask the network for precedent advice',
    tag: 'precedents',
    auth: 'session',
    body: AskQuestionBodySchema,
    response: QuestionSchema,
    status: 201,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/precedents/questions/:id',
    summary: 'A question with its answers, citations and comments',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    response: QuestionSchema,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/precedents/questions/:id',
    summary: 'Edit my question',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: UpdateQuestionBodySchema,
    response: QuestionSchema,
  }),
  answer: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/answers',
    summary: 'Answer a question, with structured citations',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: AnswerBodySchema,
    response: AnswerSchema,
    status: 201,
  }),
  updateAnswer: defineRoute({
    method: 'PUT',
    path: '/api/precedents/questions/:id/answers/:answerId',
    summary: 'Edit my answer and its citations',
    tag: 'precedents',
    auth: 'session',
    params: AnswerParams,
    body: UpdateAnswerBodySchema,
    response: AnswerSchema,
  }),
  deleteAnswer: defineRoute({
    method: 'DELETE',
    path: '/api/precedents/questions/:id/answers/:answerId',
    summary: 'Withdraw my answer',
    tag: 'precedents',
    auth: 'session',
    params: AnswerParams,
    response: AnswerSchema,
  }),
  setAccepted: defineRoute({
    method: 'PUT',
    path: '/api/precedents/questions/:id/answers/:answerId/accepted',
    summary: 'Accept an answer, or withdraw the acceptance (the asker or a moderator)',
    tag: 'precedents',
    auth: 'session',
    params: AnswerParams,
    body: SetAcceptedBodySchema,
    response: QuestionSchema,
  }),
  setHelpful: defineRoute({
    method: 'PUT',
    path: '/api/precedents/questions/:id/answers/:answerId/helpful',
    summary: 'Mark an answer helpful, or take the mark back (one per member)',
    tag: 'precedents',
    auth: 'session',
    params: AnswerParams,
    body: SetHelpfulBodySchema,
    response: AnswerSchema,
  }),
  comment: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/answers/:answerId/comments',
    summary: 'A follow-up comment under an answer',
    tag: 'precedents',
    auth: 'session',
    params: AnswerParams,
    body: CommentBodySchema,
    response: CommentSchema,
    status: 201,
  }),
  deleteComment: defineRoute({
    method: 'DELETE',
    path: '/api/precedents/questions/:id/answers/:answerId/comments/:commentId',
    summary: 'Withdraw my comment',
    tag: 'precedents',
    auth: 'session',
    params: CommentParams,
    response: CommentSchema,
  }),
  startSummary: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/summary',
    summary: "Start the question's co-edited summary of the consolidated advice",
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    response: QuestionSchema,
  }),
  similar: defineRoute({
    method: 'GET',
    path: '/api/precedents/similar',
    summary: 'Questions like the one being typed (text search)',
    tag: 'precedents',
    auth: 'session',
    query: SimilarQuerySchema,
    response: z.object({ items: z.array(SimilarQuestionSchema) }),
  }),
  library: defineRoute({
    method: 'GET',
    path: '/api/precedents/library',
    summary: 'Resolved questions with their accepted answers: search and filters',
    tag: 'precedents',
    auth: 'session',
    query: LibraryQuerySchema,
    response: LibraryPageSchema,
  }),
  citation: defineRoute({
    method: 'GET',
    path: '/api/precedents/citations/:key',
    summary: 'Where a decision has been cited in the network',
    tag: 'precedents',
    auth: 'session',
    params: CitationParams,
    response: CitationPageSchema,
  }),
  uploadFile: defineRoute({
    method: 'POST',
    path: '/api/precedents/files',
    summary: 'Upload a judgment excerpt to cite (raw bytes, application/octet-stream)',
    tag: 'precedents',
    auth: 'session',
    query: z.strictObject({ fileName: lineText(THREAD_LIMITS.filenameMaxLength, 1) }),
    response: PrecedentFileSchema,
    status: 201,
  }),
  downloadFile: defineRoute({
    method: 'GET',
    path: '/api/precedents/files/:fileId',
    summary: 'Download a cited judgment excerpt (readable by whoever can read the answer citing it)',
    tag: 'precedents',
    auth: 'session',
    params: FileParams,
    response: z.unknown(),
  }),
  exportQuestion: defineRoute({
    method: 'GET',
    path: '/api/precedents/questions/:id/export',
    summary: 'The question with its accepted answers and citations, as Markdown or PDF',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    query: z.strictObject({ format: PrecedentExportFormatSchema }),
    response: z.unknown(),
  }),
  report: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/reports',
    summary: 'Report a question, answer or comment to the moderators',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: PrecedentReportBodySchema,
    response: OkSchema,
    status: 201,
  }),
  hide: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/moderation/hide',
    summary: 'Hide a question, answer or comment, with a reason (moderators)',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: PrecedentReasonBodySchema.extend({ target: PrecedentTargetSchema }),
    response: OkSchema,
  }),
  unhide: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/moderation/unhide',
    summary: 'Show a hidden question, answer or comment again (moderators)',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: PrecedentReasonBodySchema.extend({ target: PrecedentTargetSchema }),
    response: OkSchema,
  }),
  lock: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/moderation/lock',
    summary: 'Lock or unlock a question (no more answers or comments)',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: LockQuestionBodySchema,
    response: QuestionSchema,
  }),
  move: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/moderation/move',
    summary: 'File a question under other topics and jurisdictions',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: MoveQuestionBodySchema,
    response: QuestionSchema,
  }),
  close: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/moderation/close',
    summary: 'Close a question, with a reason (moderators)',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: PrecedentReasonBodySchema,
    response: QuestionSchema,
  }),
  reopen: defineRoute({
    method: 'POST',
    path: '/api/precedents/questions/:id/moderation/reopen',
    summary: 'Reopen a closed question (moderators)',
    tag: 'precedents',
    auth: 'session',
    params: QuestionParams,
    body: PrecedentReasonBodySchema,
    response: QuestionSchema,
  }),
  reports: defineRoute({
    method: 'GET',
    path: '/api/precedents/moderation/reports',
    summary: "The precedent desk's moderation queue",
    tag: 'precedents',
    auth: 'session',
    query: PrecedentReportQuerySchema,
    response: pageOf(PrecedentReportSchema),
  }),
  resolveReport: defineRoute({
    method: 'POST',
    path: '/api/precedents/moderation/reports/:reportId/resolve',
    summary: 'Resolve a report with the action taken',
    tag: 'precedents',
    auth: 'session',
    params: ReportParams,
    body: ResolvePrecedentReportBodySchema,
    response: PrecedentReportSchema,
  }),
  dismissReport: defineRoute({
    method: 'POST',
    path: '/api/precedents/moderation/reports/:reportId/dismiss',
    summary: 'Dismiss a report',
    tag: 'precedents',
    auth: 'session',
    params: ReportParams,
    body: DismissReportBodySchema,
    response: PrecedentReportSchema,
  }),
  moderationLog: defineRoute({
    method: 'GET',
    path: '/api/precedents/moderation/log',
    summary: 'Every moderation action on the precedent desk: who, what, when and why',
    tag: 'precedents',
    auth: 'session',
    query: PrecedentLogQuerySchema,
    response: pageOf(PrecedentModerationLogEntrySchema),
  }),
};
