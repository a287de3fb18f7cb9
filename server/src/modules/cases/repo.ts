import { ObjectId, type Binary, type Db, type Filter } from 'mongodb';
import type {
  CaseRole,
  CaseStatus,
  JurisdictionCode,
  RequestStatus,
  RequestType,
  Sensitivity,
  TaskStatus,
} from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';
import type { HandlingDoc } from '../documents/handling';
import type { PersonRefDoc } from '../documents/repo';

export interface CaseDoc {
  _id: ObjectId;
  title: string;
  summary: string;
  references: { country: JurisdictionCode; reference: string }[];
  countries: JurisdictionCode[];
  status: CaseStatus;
  sensitivity: Sensitivity;
  createdBy: PersonRefDoc;
  createdAt: Date;
  updatedAt: Date;
  /** The case discussion thread (threads feature), once created. */
  threadId: ObjectId | null;
}

export interface CaseMemberDoc {
  _id: ObjectId;
  caseId: ObjectId;
  userId: ObjectId;
  role: CaseRole;
  addedBy: PersonRefDoc | null;
  addedAt: Date;
}

export interface TaskDoc {
  _id: ObjectId;
  caseId: ObjectId;
  title: string;
  description: string;
  assignee: PersonRefDoc | null;
  dueDate: string | null;
  status: TaskStatus;
  createdBy: PersonRefDoc;
  createdAt: Date;
  completedBy: PersonRefDoc | null;
  completedAt: Date | null;
  updatedAt: Date;
}

export interface RequestHistoryDoc {
  from: RequestStatus | null;
  to: RequestStatus;
  at: Date;
  by: PersonRefDoc;
  note: string | null;
}

export interface RequestDoc {
  _id: ObjectId;
  caseId: ObjectId;
  type: RequestType;
  title: string;
  fromCountry: JurisdictionCode;
  fromAuthority: string;
  toCountry: JurisdictionCode;
  toAuthority: string;
  status: RequestStatus;
  dueDate: string | null;
  history: RequestHistoryDoc[];
  draftDocumentId: ObjectId;
  sentVersionId: ObjectId | null;
  sentAt: Date | null;
  handling: HandlingDoc;
  createdBy: PersonRefDoc;
  createdAt: Date;
  updatedAt: Date;
}

export interface AttachmentDoc {
  _id: ObjectId;
  caseId: ObjectId;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  chunkCount: number;
  handling: HandlingDoc;
  uploadedBy: PersonRefDoc;
  uploadedAt: Date;
}

export interface AttachmentChunkDoc {
  _id: ObjectId;
  fileId: ObjectId;
  n: number;
  data: Binary;
}

export const caseIndexes: CollectionIndexes[] = [
  { collection: 'cases', indexes: [{ key: { updatedAt: -1 }, name: 'by_updated' }] },
  {
    collection: 'case_members',
    indexes: [
      { key: { caseId: 1, userId: 1 }, name: 'case_user_unique', unique: true },
      { key: { userId: 1 }, name: 'by_user' },
    ],
  },
  { collection: 'tasks', indexes: [{ key: { caseId: 1, createdAt: 1 }, name: 'by_case' }] },
  { collection: 'cooperation_requests', indexes: [{ key: { caseId: 1, createdAt: 1 }, name: 'by_case' }] },
  { collection: 'case_attachments', indexes: [{ key: { caseId: 1, uploadedAt: 1 }, name: 'by_case' }] },
  {
    collection: 'case_attachment_chunks',
    indexes: [{ key: { fileId: 1, n: 1 }, name: 'file_chunk_unique', unique: true }],
  },
];

/** The only code touching the cases feature's collections. */
export function createCasesRepo(db: Db) {
  const cases = db.collection<CaseDoc>('cases');
  const members = db.collection<CaseMemberDoc>('case_members');
  const tasks = db.collection<TaskDoc>('tasks');
  const requests = db.collection<RequestDoc>('cooperation_requests');
  const attachments = db.collection<AttachmentDoc>('case_attachments');
  const chunks = db.collection<AttachmentChunkDoc>('case_attachment_chunks');

  return {
    cases: {
      findById(id: ObjectId): Promise<CaseDoc | null> {
        return cases.findOne({ _id: id });
      },
      findByIds(ids: readonly ObjectId[]): Promise<CaseDoc[]> {
        if (ids.length === 0) return Promise.resolve([]);
        return cases.find({ _id: { $in: [...ids] } }, { sort: { updatedAt: -1 } }).toArray();
      },
      list(filter: Filter<CaseDoc>, limit = 500): Promise<CaseDoc[]> {
        return cases.find(filter, { sort: { updatedAt: -1 }, limit }).toArray();
      },
      async insert(doc: CaseDoc): Promise<CaseDoc> {
        await cases.insertOne(doc);
        return doc;
      },
      update(
        id: ObjectId,
        changes: Partial<Omit<CaseDoc, '_id' | 'createdAt' | 'createdBy'>>,
      ): Promise<CaseDoc | null> {
        return cases.findOneAndUpdate(
          { _id: id },
          { $set: { ...changes, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },
      /** Status changes only from the status the caller saw: two leads cannot both move it. */
      changeStatus(id: ObjectId, from: CaseStatus, to: CaseStatus): Promise<CaseDoc | null> {
        return cases.findOneAndUpdate(
          { _id: id, status: from },
          { $set: { status: to, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },
      /** Records the discussion thread once: a second opening (a retry, a race) keeps the first. */
      async setThreadId(id: ObjectId, threadId: ObjectId): Promise<CaseDoc | null> {
        await cases.updateOne({ _id: id, threadId: null }, { $set: { threadId } });
        return cases.findOne({ _id: id });
      },
      async touch(id: ObjectId): Promise<void> {
        await cases.updateOne({ _id: id }, { $set: { updatedAt: new Date() } });
      },
    },

    members: {
      find(caseId: ObjectId, userId: ObjectId): Promise<CaseMemberDoc | null> {
        return members.findOne({ caseId, userId });
      },
      list(caseId: ObjectId): Promise<CaseMemberDoc[]> {
        return members.find({ caseId }, { sort: { addedAt: 1 } }).toArray();
      },
      forUser(userId: ObjectId): Promise<CaseMemberDoc[]> {
        return members.find({ userId }).toArray();
      },
      async countByCase(caseIds: readonly ObjectId[]): Promise<Map<string, number>> {
        if (caseIds.length === 0) return new Map();
        const rows = await members
          .aggregate<{ _id: ObjectId; count: number }>([
            { $match: { caseId: { $in: [...caseIds] } } },
            { $group: { _id: '$caseId', count: { $sum: 1 } } },
          ])
          .toArray();
        return new Map(rows.map((row) => [row._id.toHexString(), row.count]));
      },
      /** Throws the duplicate-key error when the user is already on the team. */
      async insert(doc: CaseMemberDoc): Promise<CaseMemberDoc> {
        await members.insertOne(doc);
        return doc;
      },
      setRole(caseId: ObjectId, userId: ObjectId, role: CaseRole): Promise<CaseMemberDoc | null> {
        return members.findOneAndUpdate({ caseId, userId }, { $set: { role } }, { returnDocument: 'after' });
      },
      async remove(caseId: ObjectId, userId: ObjectId): Promise<boolean> {
        const result = await members.deleteOne({ caseId, userId });
        return result.deletedCount === 1;
      },
      countLeads(caseId: ObjectId): Promise<number> {
        return members.countDocuments({ caseId, role: 'lead' });
      },
    },

    tasks: {
      list(caseId: ObjectId): Promise<TaskDoc[]> {
        return tasks.find({ caseId }, { sort: { createdAt: 1 }, limit: 1000 }).toArray();
      },
      findById(caseId: ObjectId, id: ObjectId): Promise<TaskDoc | null> {
        return tasks.findOne({ _id: id, caseId });
      },
      async insert(doc: TaskDoc): Promise<TaskDoc> {
        await tasks.insertOne(doc);
        return doc;
      },
      update(
        caseId: ObjectId,
        id: ObjectId,
        changes: Partial<Omit<TaskDoc, '_id' | 'caseId'>>,
      ): Promise<TaskDoc | null> {
        return tasks.findOneAndUpdate(
          { _id: id, caseId },
          { $set: { ...changes, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },
      async remove(caseId: ObjectId, id: ObjectId): Promise<boolean> {
        return (await tasks.deleteOne({ _id: id, caseId })).deletedCount === 1;
      },
      countOpen(caseId: ObjectId): Promise<number> {
        return tasks.countDocuments({ caseId, status: 'open' });
      },
    },

    requests: {
      list(caseId: ObjectId): Promise<RequestDoc[]> {
        return requests.find({ caseId }, { sort: { createdAt: 1 }, limit: 500 }).toArray();
      },
      findById(caseId: ObjectId, id: ObjectId): Promise<RequestDoc | null> {
        return requests.findOne({ _id: id, caseId });
      },
      async insert(doc: RequestDoc): Promise<RequestDoc> {
        await requests.insertOne(doc);
        return doc;
      },
      update(
        caseId: ObjectId,
        id: ObjectId,
        changes: Partial<Omit<RequestDoc, '_id' | 'caseId' | 'history'>>,
      ): Promise<RequestDoc | null> {
        return requests.findOneAndUpdate(
          { _id: id, caseId },
          { $set: { ...changes, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },
      /** Moves the status only from the one the caller saw (no transactions: a compare-and-set). */
      transition(
        caseId: ObjectId,
        id: ObjectId,
        from: RequestStatus,
        entry: RequestHistoryDoc,
        extra: Partial<Pick<RequestDoc, 'sentVersionId' | 'sentAt'>>,
      ): Promise<RequestDoc | null> {
        return requests.findOneAndUpdate(
          { _id: id, caseId, status: from },
          { $set: { status: entry.to, updatedAt: entry.at, ...extra }, $push: { history: entry } },
          { returnDocument: 'after' },
        );
      },
    },

    attachments: {
      list(caseId: ObjectId): Promise<AttachmentDoc[]> {
        return attachments.find({ caseId }, { sort: { uploadedAt: 1 }, limit: 1000 }).toArray();
      },
      findById(caseId: ObjectId, id: ObjectId): Promise<AttachmentDoc | null> {
        return attachments.findOne({ _id: id, caseId });
      },
      /** Chunks first, metadata last: a crash in between leaves unreachable chunks, never a broken file. */
      async insert(doc: AttachmentDoc, parts: readonly Binary[]): Promise<AttachmentDoc> {
        if (parts.length > 0) {
          await chunks.insertMany(
            parts.map((data, n) => ({ _id: new ObjectId(), fileId: doc._id, n, data })),
            { ordered: true },
          );
        }
        await attachments.insertOne(doc);
        return doc;
      },
      async readChunks(fileId: ObjectId): Promise<Binary[]> {
        const rows = await chunks.find({ fileId }, { sort: { n: 1 } }).toArray();
        return rows.map((row) => row.data);
      },
      setHandling(caseId: ObjectId, id: ObjectId, handling: HandlingDoc): Promise<AttachmentDoc | null> {
        return attachments.findOneAndUpdate(
          { _id: id, caseId },
          { $set: { handling } },
          { returnDocument: 'after' },
        );
      },
    },
  };
}

export type CasesRepo = ReturnType<typeof createCasesRepo>;
