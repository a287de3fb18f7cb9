// Write commands: insert, update, delete, findAndModify. Each applies its changes to memory
// synchronously (atomic with respect to other writes) and replies only after the journal record
// for them is durable.
import { ObjectId } from 'bson';
import { ErrorCodes, MongoCommandError, failedToParse } from '../errors.js';
import { selectDocs } from '../query/executor.js';
import {
  applyOperatorUpdate,
  applyPipelineUpdate,
  applyReplacement,
  checkArrayFilters,
  isOperatorUpdate,
  seedFromQuery,
  sortDocs,
} from '../query/mingo.js';
import { type Doc, isPlainObject, typeRank, TypeRank } from '../query/values.js';
import type { Collection, JournalOp } from '../storage/collection.js';
import type { Engine } from '../storage/engine.js';
import { applyProjection } from './read.js';
import { type CommandHandler, collectionName, docArray, optionalDoc } from './context.js';

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [extra: string]: unknown;
}

function toWriteError(index: number, e: unknown): WriteError {
  if (e instanceof MongoCommandError) return { index, code: e.code, errmsg: e.message, ...e.extra };
  throw e;
}

/** MongoDB stores `_id` first and generates an ObjectId when the client did not send one. */
export function prepareForInsert(doc: Doc): Doc {
  if (!('_id' in doc) || doc._id === undefined) return { _id: new ObjectId(), ...doc };
  const id = doc._id;
  if (Array.isArray(id)) throw new MongoCommandError(ErrorCodes.BadValue, "can't use an array for _id");
  if (id instanceof RegExp || typeRank(id) === TypeRank.RegExp) {
    throw new MongoCommandError(ErrorCodes.BadValue, "can't use a regex for _id");
  }
  if (Object.keys(doc)[0] === '_id') return doc;
  const out: Doc = { _id: id };
  for (const [k, v] of Object.entries(doc)) if (k !== '_id') out[k] = v;
  return out;
}

/** Runs the mutation, then journals whatever it managed to apply before replying (or rethrowing). */
async function withCommit<T>(engine: Engine, ops: JournalOp[], fn: () => T): Promise<T> {
  let result: T;
  try {
    result = fn();
  } catch (e) {
    await engine.commit(ops);
    throw e;
  }
  await engine.commit(ops);
  return result;
}

const insert: CommandHandler = async (db, body, ctx) => {
  const name = collectionName(body, 'insert');
  const docs = docArray(body, 'documents');
  const ordered = body.ordered !== false;
  const ops: JournalOp[] = [];
  return withCommit(ctx.engine, ops, () => {
    const coll = ctx.engine.ensureCollection(db, name, ops);
    let n = 0;
    const writeErrors: WriteError[] = [];
    for (let i = 0; i < docs.length; i++) {
      try {
        coll.insert(prepareForInsert(docs[i] ?? {}), ops);
        n++;
      } catch (e) {
        writeErrors.push(toWriteError(i, e));
        if (ordered) break;
      }
    }
    return writeErrors.length > 0 ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
  });
};

type UpdateSpec = Doc | Doc[];

function parseUpdate(u: unknown): { kind: 'ops' | 'replace' | 'pipeline'; u: UpdateSpec } {
  if (Array.isArray(u)) {
    if (!u.every(isPlainObject)) throw failedToParse('pipeline-style update must be an array of documents');
    return { kind: 'pipeline', u };
  }
  if (!isPlainObject(u)) throw failedToParse('update must be a document or a pipeline');
  return { kind: isOperatorUpdate(u) ? 'ops' : 'replace', u };
}

function applyTo(
  doc: Doc,
  kind: 'ops' | 'replace' | 'pipeline',
  u: UpdateSpec,
  query: Doc,
  arrayFilters: Doc[] | undefined,
  inserting: boolean,
): { doc: Doc; changed: boolean } {
  if (kind === 'pipeline') return applyPipelineUpdate(doc, u as Doc[]);
  if (kind === 'replace') return applyReplacement(doc, u as Doc);
  return applyOperatorUpdate(doc, u as Doc, {
    query,
    inserting,
    ...(arrayFilters ? { arrayFilters } : {}),
  });
}

/** The document an upsert inserts when nothing matched. */
function buildUpsert(
  kind: 'ops' | 'replace' | 'pipeline',
  u: UpdateSpec,
  query: Doc,
  arrayFilters: Doc[] | undefined,
): Doc {
  const seed = seedFromQuery(query);
  let doc: Doc;
  if (kind === 'replace') {
    const base: Doc = '_id' in seed ? { _id: seed._id } : {};
    doc = applyReplacement(base, u as Doc).doc;
    if ('_id' in seed && !('_id' in doc)) doc = { _id: seed._id, ...doc };
  } else {
    doc = applyTo(seed, kind, u, query, arrayFilters, true).doc;
  }
  return prepareForInsert(doc);
}

/** Current stored version of a selected document (selection may return text-scored copies). */
function current(coll: Collection, doc: Doc): Doc | undefined {
  return coll.getById(doc._id);
}

function arrayFiltersOf(spec: Doc): Doc[] | undefined {
  const af = spec.arrayFilters;
  if (af === undefined || af === null) return undefined;
  if (!Array.isArray(af) || !af.every(isPlainObject))
    throw failedToParse('arrayFilters must be an array of documents');
  return af;
}

const update: CommandHandler = async (db, body, ctx) => {
  const name = collectionName(body, 'update');
  const updates = docArray(body, 'updates');
  const ordered = body.ordered !== false;
  const ops: JournalOp[] = [];
  return withCommit(ctx.engine, ops, () => {
    let n = 0;
    let nModified = 0;
    const upserted: Array<{ index: number; _id: unknown }> = [];
    const writeErrors: WriteError[] = [];
    for (let i = 0; i < updates.length; i++) {
      const spec = updates[i] ?? {};
      try {
        const q = isPlainObject(spec.q) ? spec.q : {};
        const { kind, u } = parseUpdate(spec.u);
        const multi = spec.multi === true;
        if (multi && kind === 'replace')
          throw failedToParse('multi update is not supported for replacement-style update');
        const arrayFilters = arrayFiltersOf(spec);
        checkArrayFilters(u, arrayFilters);
        let coll = ctx.engine.getCollection(db, name);
        const matched = selectDocs(coll, q, multi ? {} : { stopAfter: 1 }).docs;
        if (coll && matched.length > 0) {
          for (const m of matched) {
            const old = current(coll, m);
            if (!old) continue;
            n++;
            const r = applyTo(old, kind, u, q, arrayFilters, false);
            if (r.changed) {
              coll.replace(old, r.doc, ops);
              nModified++;
            }
          }
        } else if (spec.upsert === true) {
          const doc = buildUpsert(kind, u, q, arrayFilters);
          coll ??= ctx.engine.ensureCollection(db, name, ops);
          coll.insert(doc, ops);
          n++;
          upserted.push({ index: i, _id: doc._id });
        }
      } catch (e) {
        writeErrors.push(toWriteError(i, e));
        if (ordered) break;
      }
    }
    const res: Doc = { n, nModified };
    if (upserted.length > 0) res.upserted = upserted;
    if (writeErrors.length > 0) res.writeErrors = writeErrors;
    res.ok = 1;
    return res;
  });
};

const del: CommandHandler = async (db, body, ctx) => {
  const name = collectionName(body, 'delete');
  const deletes = docArray(body, 'deletes');
  const ordered = body.ordered !== false;
  const ops: JournalOp[] = [];
  return withCommit(ctx.engine, ops, () => {
    let n = 0;
    const writeErrors: WriteError[] = [];
    const coll = ctx.engine.getCollection(db, name);
    for (let i = 0; i < deletes.length; i++) {
      const spec = deletes[i] ?? {};
      try {
        const q = isPlainObject(spec.q) ? spec.q : {};
        const limit = Number(spec.limit ?? 0);
        if (limit !== 0 && limit !== 1)
          throw new MongoCommandError(
            ErrorCodes.BadValue,
            'The limit field in delete objects must be 0 or 1',
          );
        if (!coll) continue;
        const matched = selectDocs(coll, q, limit === 1 ? { stopAfter: 1 } : {}).docs;
        for (const m of matched) {
          const old = current(coll, m);
          if (!old) continue;
          coll.remove(old, ops);
          n++;
        }
      } catch (e) {
        writeErrors.push(toWriteError(i, e));
        if (ordered) break;
      }
    }
    return writeErrors.length > 0 ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
  });
};

const findAndModify: CommandHandler = async (db, body, ctx) => {
  const name =
    typeof body.findAndModify === 'string'
      ? collectionName(body, 'findAndModify')
      : collectionName(body, 'findandmodify');
  const query = optionalDoc(body, 'query') ?? {};
  const sort = optionalDoc(body, 'sort');
  const fields = optionalDoc(body, 'fields');
  const remove = body.remove === true;
  const returnNew = body.new === true;
  const upsert = body.upsert === true;
  if (remove && (body.update !== undefined || upsert || returnNew)) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true');
  }
  if (!remove && body.update === undefined) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      'Either an update or remove=true must be specified',
    );
  }
  const arrayFilters = arrayFiltersOf(body);
  // The update is parsed (and its arrayFilters checked) before any document is looked at.
  const parsed = remove ? undefined : parseUpdate(body.update);
  if (parsed) checkArrayFilters(parsed.u, arrayFilters);
  const ops: JournalOp[] = [];
  const project = (d: Doc | null): Doc | null =>
    d ? (applyProjection([d], fields, query)[0] ?? null) : null;
  return withCommit(ctx.engine, ops, () => {
    let coll = ctx.engine.getCollection(db, name);
    const hasSort = sort !== undefined && Object.keys(sort).length > 0;
    let found = selectDocs(coll, query, hasSort ? {} : { stopAfter: 1 }).docs;
    if (hasSort && sort) found = sortDocs(found, sort);
    const target = coll && found[0] ? current(coll, found[0]) : undefined;
    if (!parsed) {
      if (!coll || !target) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
      coll.remove(target, ops);
      return { lastErrorObject: { n: 1 }, value: project(target), ok: 1 };
    }
    const { kind, u } = parsed;
    if (coll && target) {
      const r = applyTo(target, kind, u, query, arrayFilters, false);
      if (r.changed) coll.replace(target, r.doc, ops);
      return {
        lastErrorObject: { n: 1, updatedExisting: true },
        value: project(returnNew ? r.doc : target),
        ok: 1,
      };
    }
    if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const doc = buildUpsert(kind, u, query, arrayFilters);
    coll ??= ctx.engine.ensureCollection(db, name, ops);
    coll.insert(doc, ops);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: returnNew ? project(doc) : null,
      ok: 1,
    };
  });
};

export const crudCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
};
