import { ObjectId, type Collection, type Db, type Filter, type OptionalUnlessRequiredId } from 'mongodb';
import type {
  Audience,
  CitationJurisdiction,
  CitationOutcome,
  JurisdictionCode,
  LegalTopic,
  MemberStateCode,
  PrecedentModerationAction,
  PrecedentReportAction,
  PrecedentTargetType,
  QuestionStatus,
  QuestionUrgency,
  ReportReason,
  ReportStatus,
} from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';
import { createFileBucket, sha256Hex, type StoredFile } from '../../db/file-bucket';
import type { ReadableScope } from '../../policy/precedents';
import type { TimeCursor } from '../../http/cursors';
import { isDuplicateKeyError } from '../../http/errors';

export interface StoredPerson {
  id: ObjectId;
  name: string;
  country: JurisdictionCode;
}

export interface StoredHidden {
  at: Date;
  byId: ObjectId;
  byName: string;
  reason: string;
}

export interface QuestionDoc {
  _id: ObjectId;
  clientRequestId: string;
  author: StoredPerson;
  anonymous: boolean;
  title: string;
  /** The situation after marked personal data was removed (the marked text is never stored). */
  situation: string;
  personalDataRemoved: number;
  jurisdictions: MemberStateCode[];
  topics: LegalTopic[];
  urgency: QuestionUrgency;
  /** `YYYY-MM-DD` as the asker chose it. */
  deadline: string | null;
  /** When the question counts as overdue if still unresolved: the deadline, or the urgency's window. */
  dueAt: Date | null;
  audience: Audience;
  status: QuestionStatus;
  answerCount: number;
  acceptedCount: number;
  locked: boolean;
  hidden: StoredHidden | null;
  closed: { at: Date; byId: ObjectId; byName: string; reason: string } | null;
  answeredAt: Date | null;
  resolvedAt: Date | null;
  editedAt: Date | null;
  createdAt: Date;
  lastActivityAt: Date;
  /** Set once the audience was told; questions left unnotified by a crash are picked up again. */
  notifiedAt: Date | null;
  summaryDocumentId: ObjectId | null;
  /** The accepted advice and its citations as text, for the library's search (derived). */
  adviceText: string;
  citationText: string;
  /** What the library filters on, from the accepted answers' citations (derived). */
  libraryFacets: { courts: string[]; years: number[]; outcomes: CitationOutcome[] };
}

export interface StoredCitation {
  key: string;
  caseName: string;
  court: string;
  jurisdiction: CitationJurisdiction;
  year: number;
  reference: string;
  outcome: CitationOutcome;
  provision: string;
  url: string | null;
  attachment: { id: ObjectId; filename: string; contentType: string; size: number } | null;
}

export interface AnswerDoc {
  _id: ObjectId;
  questionId: ObjectId;
  clientRequestId: string;
  author: StoredPerson;
  body: string;
  citations: StoredCitation[];
  helpfulCount: number;
  accepted: { at: Date; byId: ObjectId; byName: string; byAsker: boolean } | null;
  hidden: StoredHidden | null;
  deletedAt: Date | null;
  editedAt: Date | null;
  createdAt: Date;
}

export interface CommentDoc {
  _id: ObjectId;
  questionId: ObjectId;
  answerId: ObjectId;
  clientRequestId: string;
  author: StoredPerson;
  body: string;
  hidden: StoredHidden | null;
  deletedAt: Date | null;
  createdAt: Date;
}

/** One mark per member and answer: the `_id` is `<answerId>:<userId>`, so a second mark collides. */
interface HelpfulDoc {
  _id: string;
  answerId: ObjectId;
  userId: ObjectId;
  at: Date;
}

export interface PrecedentReportDoc {
  _id: ObjectId;
  questionId: ObjectId;
  target: { type: PrecedentTargetType; id: ObjectId };
  excerpt: string;
  reporter: StoredPerson;
  reason: ReportReason;
  note: string;
  status: ReportStatus;
  createdAt: Date;
  resolution: {
    byId: ObjectId;
    byName: string;
    at: Date;
    action: PrecedentReportAction | null;
    note: string;
  } | null;
}

export interface PrecedentLogDoc {
  _id: ObjectId;
  questionId: ObjectId;
  questionTitle: string;
  action: PrecedentModerationAction;
  moderator: { id: ObjectId; name: string };
  target: { type: PrecedentTargetType; id: ObjectId };
  reason: string | null;
  details: Record<string, string | number | boolean | null>;
  at: Date;
}

export interface PrecedentFileMetadata {
  uploaderId: ObjectId;
  contentType: string;
  sha256: string;
  /** Set when an answer cites the file; until then only its uploader may fetch it. */
  answerId: ObjectId | null;
  questionId: ObjectId | null;
}

export type StoredPrecedentFile = StoredFile<PrecedentFileMetadata>;

const FILE_BUCKET = 'precedent_files';

export const precedentIndexes: CollectionIndexes[] = [
  {
    collection: 'precedent_questions',
    indexes: [
      { key: { status: 1, lastActivityAt: -1, _id: -1 }, name: 'by_status_activity' },
      { key: { 'author.id': 1, lastActivityAt: -1 }, name: 'by_author' },
      { key: { 'author.id': 1, clientRequestId: 1 }, name: 'one_question_per_request', unique: true },
      { key: { topics: 1 }, name: 'by_topic' },
      { key: { dueAt: 1 }, name: 'by_due' },
      { key: { notifiedAt: 1, createdAt: 1 }, name: 'by_notified' },
      {
        key: { title: 'text', situation: 'text', adviceText: 'text', citationText: 'text' },
        name: 'question_text',
        weights: { title: 5, citationText: 3, adviceText: 2, situation: 1 },
      },
    ],
  },
  {
    collection: 'precedent_answers',
    indexes: [
      { key: { questionId: 1, createdAt: 1 }, name: 'by_question' },
      { key: { 'author.id': 1, clientRequestId: 1 }, name: 'one_answer_per_request', unique: true },
      { key: { 'citations.key': 1 }, name: 'by_citation' },
    ],
  },
  {
    collection: 'precedent_comments',
    indexes: [
      { key: { answerId: 1, createdAt: 1 }, name: 'by_answer' },
      { key: { questionId: 1 }, name: 'by_question' },
      { key: { 'author.id': 1, clientRequestId: 1 }, name: 'one_comment_per_request', unique: true },
    ],
  },
  { collection: 'precedent_helpful', indexes: [{ key: { answerId: 1 }, name: 'by_answer' }] },
  {
    collection: 'precedent_reports',
    indexes: [
      { key: { status: 1, createdAt: -1, _id: -1 }, name: 'by_status' },
      {
        key: { 'target.id': 1, 'reporter.id': 1, status: 1 },
        name: 'one_open_report_per_reporter',
        unique: true,
        partialFilterExpression: { status: 'open' },
      },
    ],
  },
  {
    collection: 'precedent_moderation_log',
    indexes: [
      { key: { at: -1, _id: -1 }, name: 'by_time' },
      { key: { questionId: 1, at: -1, _id: -1 }, name: 'by_question_time' },
    ],
  },
  {
    collection: `${FILE_BUCKET}.files`,
    indexes: [{ key: { 'metadata.answerId': 1, uploadDate: 1 }, name: 'by_answer_age' }],
  },
];

/** The reader's visibility (decided in `policy/precedents.ts`) as a query on questions. */
export function scopeFilter(scope: ReadableScope): Filter<QuestionDoc> {
  if (scope.kind === 'everything') return {};
  const own = { 'author.id': new ObjectId(scope.userId) };
  switch (scope.kind) {
    case 'asked_of_me':
      return {
        $or: [
          own,
          {
            hidden: null,
            $or: [{ 'audience.kind': { $ne: 'countries' } }, { 'audience.countries': scope.country }],
          },
        ],
      } as Filter<QuestionDoc>;
    case 'resolved_network':
      return {
        $or: [own, { hidden: null, status: 'resolved', 'audience.kind': { $ne: 'countries' } }],
      } as Filter<QuestionDoc>;
    case 'own':
      return own as Filter<QuestionDoc>;
  }
}

function before<T>(field: string, cursor: TimeCursor | null): Filter<T> {
  if (!cursor) return {};
  return {
    $or: [{ [field]: { $lt: cursor.at } }, { [field]: cursor.at, _id: { $lt: cursor.id } }],
  } as Filter<T>;
}

/** What every idempotent write carries: its author and the client's request id. */
interface Requested {
  _id: ObjectId;
  author: StoredPerson;
  clientRequestId: string;
}

/** Inserts unless the author already sent this request id; either way returns the stored doc. */
async function insertOnce<T extends Requested>(
  collection: Collection<T>,
  doc: T,
): Promise<{ doc: T; duplicate: boolean }> {
  try {
    await collection.insertOne(doc as OptionalUnlessRequiredId<T>);
    return { doc, duplicate: false };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Generic collections cannot type a dotted path; the unique index names the same two fields.
    const sameRequest = { 'author.id': doc.author.id, clientRequestId: doc.clientRequestId };
    const earlier = await collection.findOne(sameRequest as unknown as Filter<T>);
    if (!earlier) throw error;
    return { doc: earlier as T, duplicate: true };
  }
}

/** The only code touching the precedent desk's collections and its GridFS bucket. */
export function createPrecedentsRepo(db: Db) {
  const questions = db.collection<QuestionDoc>('precedent_questions');
  const answers = db.collection<AnswerDoc>('precedent_answers');
  const comments = db.collection<CommentDoc>('precedent_comments');
  const helpful = db.collection<HelpfulDoc>('precedent_helpful');
  const reports = db.collection<PrecedentReportDoc>('precedent_reports');
  const log = db.collection<PrecedentLogDoc>('precedent_moderation_log');
  const bucket = createFileBucket<PrecedentFileMetadata>(db, FILE_BUCKET);

  return {
    questions: {
      insertOnce: (doc: QuestionDoc) => insertOnce(questions, doc),

      findById(id: ObjectId): Promise<QuestionDoc | null> {
        return questions.findOne({ _id: id });
      },

      findByIds(ids: readonly ObjectId[]): Promise<QuestionDoc[]> {
        if (ids.length === 0) return Promise.resolve([]);
        return questions.find({ _id: { $in: [...ids] } }).toArray();
      },

      /** A page newest-activity first, within `scope` (the reader's visibility) and `filter` (the view). */
      page(filter: Filter<QuestionDoc>, cursor: TimeCursor | null, limit: number): Promise<QuestionDoc[]> {
        return questions
          .find(
            { $and: [filter, before<QuestionDoc>('lastActivityAt', cursor)] },
            { sort: { lastActivityAt: -1, _id: -1 }, limit },
          )
          .toArray();
      },

      /** Text search, best match first; `skip` pages through the ranked results. */
      search(
        text: string,
        filter: Filter<QuestionDoc>,
        skip: number,
        limit: number,
      ): Promise<(QuestionDoc & { score: number })[]> {
        return (
          questions
            // One $text per query, at the top level (where MongoDB and the embedded server both take it).
            .find({ $text: { $search: text }, $and: [filter] } as Filter<QuestionDoc>, {
              projection: { score: { $meta: 'textScore' } },
              sort: { score: { $meta: 'textScore' }, _id: -1 },
              skip,
              limit,
            })
            .toArray() as Promise<(QuestionDoc & { score: number })[]>
        );
      },

      /** Resolved questions newest-resolved first (the library without a search text). */
      pageByResolved(filter: Filter<QuestionDoc>, skip: number, limit: number): Promise<QuestionDoc[]> {
        return questions.find(filter, { sort: { resolvedAt: -1, _id: -1 }, skip, limit }).toArray();
      },

      distinctCourts(filter: Filter<QuestionDoc>): Promise<string[]> {
        return questions.distinct('libraryFacets.courts', filter) as Promise<string[]>;
      },

      update(id: ObjectId, set: Partial<QuestionDoc>): Promise<QuestionDoc | null> {
        return questions.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' });
      },

      /** Sets the summary document unless another first use won the race; returns the stored question. */
      async setSummaryDocument(id: ObjectId, documentId: ObjectId): Promise<QuestionDoc | null> {
        await questions.updateOne(
          { _id: id, summaryDocumentId: null },
          { $set: { summaryDocumentId: documentId } },
        );
        return questions.findOne({ _id: id });
      },

      markNotified(id: ObjectId, at: Date): Promise<unknown> {
        return questions.updateOne({ _id: id }, { $set: { notifiedAt: at } });
      },

      /** Questions whose audience was never told (the process stopped right after storing them). */
      unnotified(olderThan: Date, limit: number): Promise<QuestionDoc[]> {
        return questions
          .find({ notifiedAt: null, createdAt: { $lt: olderThan } }, { sort: { createdAt: 1 }, limit })
          .toArray();
      },
    },

    answers: {
      insertOnce: (doc: AnswerDoc) => insertOnce(answers, doc),

      findById(questionId: ObjectId, id: ObjectId): Promise<AnswerDoc | null> {
        return answers.findOne({ _id: id, questionId });
      },

      forQuestion(questionId: ObjectId): Promise<AnswerDoc[]> {
        return answers.find({ questionId }, { sort: { createdAt: 1, _id: 1 } }).toArray();
      },

      /** Accepted, visible answers of many questions (the library's cards). */
      acceptedFor(questionIds: readonly ObjectId[]): Promise<AnswerDoc[]> {
        if (questionIds.length === 0) return Promise.resolve([]);
        return answers
          .find(
            { questionId: { $in: [...questionIds] }, accepted: { $ne: null }, hidden: null, deletedAt: null },
            { sort: { createdAt: 1 } },
          )
          .toArray();
      },

      citing(key: string, limit: number): Promise<AnswerDoc[]> {
        return answers
          .find({ 'citations.key': key, hidden: null, deletedAt: null }, { sort: { createdAt: -1 }, limit })
          .toArray();
      },

      update(questionId: ObjectId, id: ObjectId, set: Partial<AnswerDoc>): Promise<AnswerDoc | null> {
        return answers.findOneAndUpdate({ _id: id, questionId }, { $set: set }, { returnDocument: 'after' });
      },

      /** Counts of what readers see: visible answers, and those accepted among them. */
      async counts(questionId: ObjectId): Promise<{ visible: number; accepted: number }> {
        const [visible, accepted] = await Promise.all([
          answers.countDocuments({ questionId, hidden: null, deletedAt: null }),
          answers.countDocuments({ questionId, hidden: null, deletedAt: null, accepted: { $ne: null } }),
        ]);
        return { visible, accepted };
      },
    },

    comments: {
      insertOnce: (doc: CommentDoc) => insertOnce(comments, doc),

      forQuestion(questionId: ObjectId): Promise<CommentDoc[]> {
        return comments.find({ questionId }, { sort: { createdAt: 1, _id: 1 } }).toArray();
      },

      findById(answerId: ObjectId, id: ObjectId): Promise<CommentDoc | null> {
        return comments.findOne({ _id: id, answerId });
      },

      update(answerId: ObjectId, id: ObjectId, set: Partial<CommentDoc>): Promise<CommentDoc | null> {
        return comments.findOneAndUpdate({ _id: id, answerId }, { $set: set }, { returnDocument: 'after' });
      },
    },

    helpful: {
      /** False when this member had already marked the answer. */
      async mark(answerId: ObjectId, userId: ObjectId, at: Date): Promise<boolean> {
        try {
          await helpful.insertOne({
            _id: `${answerId.toHexString()}:${userId.toHexString()}`,
            answerId,
            userId,
            at,
          });
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      },

      async unmark(answerId: ObjectId, userId: ObjectId): Promise<boolean> {
        const result = await helpful.deleteOne({ _id: `${answerId.toHexString()}:${userId.toHexString()}` });
        return result.deletedCount === 1;
      },

      count(answerId: ObjectId): Promise<number> {
        return helpful.countDocuments({ answerId });
      },

      /** Which of these answers the member has marked. */
      async markedBy(userId: ObjectId, answerIds: readonly ObjectId[]): Promise<Set<string>> {
        if (answerIds.length === 0) return new Set();
        const ids = answerIds.map((id) => `${id.toHexString()}:${userId.toHexString()}`);
        const found = await helpful.find({ _id: { $in: ids } }, { projection: { answerId: 1 } }).toArray();
        return new Set(found.map((doc) => doc.answerId.toHexString()));
      },

      async setCount(answerId: ObjectId, count: number): Promise<void> {
        await answers.updateOne({ _id: answerId }, { $set: { helpfulCount: count } });
      },
    },

    reports: {
      /** False when this member already has an open report on this item. */
      async insert(report: PrecedentReportDoc): Promise<boolean> {
        try {
          await reports.insertOne(report);
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      },

      findById(id: ObjectId): Promise<PrecedentReportDoc | null> {
        return reports.findOne({ _id: id });
      },

      page(status: ReportStatus, cursor: TimeCursor | null, limit: number): Promise<PrecedentReportDoc[]> {
        return reports
          .find(
            { $and: [{ status }, before<PrecedentReportDoc>('createdAt', cursor)] },
            { sort: { createdAt: -1, _id: -1 }, limit },
          )
          .toArray();
      },

      /** Closes an open report; null when another moderator already closed it. */
      close(
        id: ObjectId,
        status: Exclude<ReportStatus, 'open'>,
        resolution: NonNullable<PrecedentReportDoc['resolution']>,
      ): Promise<PrecedentReportDoc | null> {
        return reports.findOneAndUpdate(
          { _id: id, status: 'open' },
          { $set: { status, resolution } },
          { returnDocument: 'after' },
        );
      },

      countOpen(): Promise<number> {
        return reports.countDocuments({ status: 'open' });
      },
    },

    log: {
      async append(entry: Omit<PrecedentLogDoc, '_id'>): Promise<PrecedentLogDoc> {
        const doc = { ...entry, _id: new ObjectId() };
        await log.insertOne(doc);
        return doc;
      },

      page(
        questionId: ObjectId | null,
        cursor: TimeCursor | null,
        limit: number,
      ): Promise<PrecedentLogDoc[]> {
        return log
          .find(
            { $and: [questionId ? { questionId } : {}, before<PrecedentLogDoc>('at', cursor)] },
            { sort: { at: -1, _id: -1 }, limit },
          )
          .toArray();
      },
    },

    files: {
      /** Writes the whole file, then returns its record; a failed write leaves no visible file. */
      store(
        bytes: Buffer,
        filename: string,
        metadata: Pick<PrecedentFileMetadata, 'uploaderId' | 'contentType'>,
      ): Promise<StoredPrecedentFile> {
        return bucket.write(bytes, filename, {
          ...metadata,
          sha256: sha256Hex(bytes),
          answerId: null,
          questionId: null,
        });
      },

      find: bucket.find,

      /** Ties the uploader's unclaimed files (or files this answer already holds) to an answer. */
      async claim(ids: readonly ObjectId[], uploaderId: ObjectId, answerId: ObjectId, questionId: ObjectId) {
        if (ids.length === 0) return 0;
        const result = await bucket.files.updateMany(
          {
            _id: { $in: [...ids] },
            'metadata.uploaderId': uploaderId,
            'metadata.answerId': { $in: [null, answerId] },
          },
          { $set: { 'metadata.answerId': answerId, 'metadata.questionId': questionId } },
        );
        return result.matchedCount;
      },

      open: bucket.open,

      /** Uploads never cited within a day are dropped (abandoned drafts). */
      purgeAbandoned(olderThan: Date): Promise<number> {
        return bucket.purge({ 'metadata.answerId': null, uploadDate: { $lt: olderThan } });
      },
    },
  };
}

export type PrecedentsRepo = ReturnType<typeof createPrecedentsRepo>;
