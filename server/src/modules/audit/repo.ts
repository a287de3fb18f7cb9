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

/** Where the chain ends: the entry the next append links to. */
type ChainTip = Pick<AuditHeadDoc, 'seq' | 'hash'>;

export interface AuditRepoOptions {
  /** Told when the head record could not be moved (the next append moves it again). */
  onHeadError?: (error: unknown) => void;
}

/**
 * Append-only, hash-chained audit log. Appends are serialised in this process, which remembers
 * the tip of the chain it last wrote; another process appending meanwhile (the admin CLI, a second
 * server) makes our insert lose the race on the `_id` unique key, and we retry on the new tip.
 */
export function createAuditRepo(db: Db, chainKey: Buffer, options: AuditRepoOptions = {}) {
  const log = db.collection<AuditDoc>('audit_log');
  const head = db.collection<AuditHeadDoc>('audit_meta');
  let queue: Promise<unknown> = Promise.resolve();
  /** Null until read, and again whenever an append's outcome is unknown. */
  let tip: ChainTip | null = null;

  async function readTip(): Promise<ChainTip> {
    const last = await log.find({}, { sort: { _id: -1 }, limit: 1 }).next();
    return last ? { seq: last._id, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  async function insertLinked(entry: NewAuditEntry): Promise<AuditDoc> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const linkTo = tip ?? (await readTip());
      const fields: ChainedFields = {
        ...entry,
        at: entry.at ?? new Date(),
        seq: linkTo.seq + 1,
        prevHash: linkTo.hash,
      };
      const doc: AuditDoc = { _id: fields.seq, ...fields, hash: hashEntry(fields, chainKey) };
      try {
        await log.insertOne(doc);
      } catch (error) {
        tip = null;
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      tip = { seq: doc._id, hash: doc.hash };
      return doc;
    }
    throw new Error('audit log: could not append after 20 attempts');
  }

  async function moveHead(doc: AuditDoc): Promise<void> {
    try {
      await head.updateOne(
        { _id: 'head', seq: { $lt: doc._id } },
        { $set: { seq: doc._id, hash: doc.hash } },
        { upsert: true },
      );
    } catch (error) {
      // A concurrent appender already moved the head past us: that is fine.
      if (!isDuplicateKeyError(error)) options.onHeadError?.(error);
    }
  }

  /** Resolves once every append begun so far has finished, head record included. */
  async function settled(): Promise<void> {
    await queue;
  }

  return {
    /**
     * Resolves once the entry itself is durably stored; callers await it before answering. The
     * head record follows before the next append starts, so it lags the log by at most the one
     * entry a crash between the two writes leaves behind (which `verify` allows).
     */
    append(entry: NewAuditEntry): Promise<AuditDoc> {
      const inserted = queue.then(() => insertLinked(entry));
      queue = inserted.then(moveHead, () => undefined);
      return inserted;
    },

    settled,

    async list(filter: Filter<AuditDoc>, beforeSeq: number | undefined, limit: number): Promise<AuditDoc[]> {
      const query: Filter<AuditDoc> = beforeSeq ? { ...filter, _id: { $lt: beforeSeq } } : filter;
      return log.find(query, { sort: { _id: -1 }, limit }).toArray();
    },

    /** Walks the whole chain in order and reports the first entry that does not fit. */
    async verify(): Promise<AuditVerificationResult> {
      await settled();
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
