import type { Db, Filter } from 'mongodb';
import type { CollectionIndexes } from '../../db/database';
import { isDuplicateKeyError } from '../../http/errors';
import { GENESIS_HASH, hashEntry, type ChainedFields } from './hash-chain';

export interface AuditDoc extends ChainedFields {
  /** The sequence number is the id: gaps and duplicates are impossible to hide. */
  _id: number;
  hash: string;
}

/** The newest hash, kept apart from the log so truncating the tail is detected too. */
interface AuditHeadDoc {
  _id: 'head';
  seq: number;
  hash: string;
}

export type NewAuditEntry = Omit<ChainedFields, 'seq' | 'prevHash' | 'at'> & { at?: Date };

export const auditIndexes: CollectionIndexes[] = [
  {
    collection: 'audit_log',
    indexes: [
      { key: { caseId: 1, _id: -1 }, name: 'by_case' },
      { key: { actorId: 1, _id: -1 }, name: 'by_actor' },
      { key: { targetType: 1, targetId: 1, _id: -1 }, name: 'by_target' },
    ],
  },
];

export interface AuditVerificationResult {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Append-only, hash-chained audit log. Appends are serialised in this process; another process
 * appending at the same time loses the race on the `_id` unique key and retries on the new head.
 */
export function createAuditRepo(db: Db, chainKey: Buffer) {
  const log = db.collection<AuditDoc>('audit_log');
  const head = db.collection<AuditHeadDoc>('audit_meta');
  let queue: Promise<unknown> = Promise.resolve();

  async function appendNow(entry: NewAuditEntry): Promise<AuditDoc> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const last = await log.find({}, { sort: { _id: -1 }, limit: 1 }).next();
      const seq = last ? last._id + 1 : 1;
      const fields: ChainedFields = {
        ...entry,
        at: entry.at ?? new Date(),
        seq,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const doc: AuditDoc = { _id: seq, ...fields, hash: hashEntry(fields, chainKey) };
      try {
        await log.insertOne(doc);
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      await head
        .updateOne({ _id: 'head', seq: { $lt: seq } }, { $set: { seq, hash: doc.hash } }, { upsert: true })
        .catch((error: unknown) => {
          // A concurrent appender already moved the head past us: that is fine.
          if (!isDuplicateKeyError(error)) throw error;
        });
      return doc;
    }
    throw new Error('audit log: could not append after 20 attempts');
  }

  return {
    /** Resolves once the entry is durably stored; callers await it before answering. */
    append(entry: NewAuditEntry): Promise<AuditDoc> {
      const next = queue.then(() => appendNow(entry));
      queue = next.catch(() => undefined);
      return next;
    },

    async list(filter: Filter<AuditDoc>, beforeSeq: number | undefined, limit: number): Promise<AuditDoc[]> {
      const query: Filter<AuditDoc> = beforeSeq ? { ...filter, _id: { $lt: beforeSeq } } : filter;
      return log.find(query, { sort: { _id: -1 }, limit }).toArray();
    },

    /** Walks the whole chain in order and reports the first entry that does not fit. */
    async verify(): Promise<AuditVerificationResult> {
      // The head may lag one entry behind after a crash between the two writes; it may never lead.
      const recorded = await head.findOne({ _id: 'head' });
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let checked = 0;
      const broken = (seq: number, reason: string): AuditVerificationResult => ({
        ok: false,
        checked,
        firstBrokenSeq: seq,
        reason,
      });
      for await (const doc of log.find({}, { sort: { _id: 1 } })) {
        if (doc._id !== expectedSeq) return broken(expectedSeq, `entry ${expectedSeq} is missing`);
        if (doc.seq !== doc._id) return broken(doc._id, `entry ${doc._id} has a rewritten sequence number`);
        if (doc.prevHash !== prevHash)
          return broken(doc._id, `entry ${doc._id} does not link to the entry before it`);
        const { _id: _ignored, hash, ...fields } = doc;
        if (hashEntry(fields, chainKey) !== hash) return broken(doc._id, `entry ${doc._id} was altered`);
        if (recorded && recorded.seq === doc._id && recorded.hash !== hash) {
          return broken(doc._id, `entry ${doc._id} differs from the recorded head`);
        }
        prevHash = hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (recorded && recorded.seq > checked) {
        return broken(checked + 1, `entries ${checked + 1}–${recorded.seq} were removed`);
      }
      return { ok: true, checked, firstBrokenSeq: null, reason: null };
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
