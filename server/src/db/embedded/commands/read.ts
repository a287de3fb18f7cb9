// Read commands: find, getMore, killCursors, count, distinct, aggregate, explain.
import { ObjectId } from 'bson';
import { ErrorCodes, MongoCommandError, UNSUPPORTED_HINT } from '../errors.js';
import { type ExecStats, hoistText, selectDocs, stripTextScore } from '../query/executor.js';
import { TEXT_SCORE_FIELD, projectDocs, runPipeline, sortDocs } from '../query/mingo.js';
import { type Doc, isPlainObject, valueKey, valuesAtPath } from '../query/values.js';
import type { Collection } from '../storage/collection.js';
import {
  type CommandContext,
  type CommandHandler,
  collectionName,
  docArray,
  optionalDoc,
  optionalNumber,
} from './context.js';

function isMeta(v: unknown): boolean {
  return isPlainObject(v) && v.$meta !== undefined;
}

/** find() projection including `{$meta: "textScore"}` fields. */
export function applyProjection(docs: Doc[], projection: Doc | undefined, filter: Doc): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs.map(stripTextScore);
  const meta: Array<[string, unknown]> = [];
  const rest: Doc = {};
  for (const [k, v] of Object.entries(projection)) {
    if (isMeta(v)) {
      if (!isPlainObject(v) || v.$meta !== 'textScore') {
        throw new MongoCommandError(ErrorCodes.BadValue, `unsupported $meta in projection for field ${k}`);
      }
      meta.push([k, v]);
    } else rest[k] = v;
  }
  const filterWithoutText = { ...hoistText(filter) };
  delete filterWithoutText.$text;
  const projected = Object.keys(rest).length > 0 ? projectDocs(docs, rest, filterWithoutText) : docs;
  return projected.map((p, i) => {
    const out = stripTextScore(p);
    if (meta.length === 0) return out;
    const copy = { ...out };
    for (const [k] of meta) copy[k] = docs[i]?.[TEXT_SCORE_FIELD];
    return copy;
  });
}

interface FindSpec {
  filter: Doc;
  sort: Doc | undefined;
  projection: Doc | undefined;
  skip: number;
  limit: number;
}

function parseFind(body: Doc): FindSpec {
  const skip = optionalNumber(body, 'skip') ?? 0;
  if (skip < 0) throw new MongoCommandError(ErrorCodes.BadValue, 'skip value must be non-negative');
  const limit = optionalNumber(body, 'limit') ?? 0;
  return {
    filter: optionalDoc(body, 'filter') ?? {},
    sort: optionalDoc(body, 'sort'),
    projection: optionalDoc(body, 'projection'),
    skip,
    limit: Math.abs(limit),
  };
}

function runFind(coll: Collection | undefined, spec: FindSpec): { docs: Doc[]; stats: ExecStats } {
  const hasSort = spec.sort !== undefined && Object.keys(spec.sort).length > 0;
  const stopAfter = !hasSort && spec.limit > 0 ? spec.skip + spec.limit : undefined;
  const { docs, stats } = selectDocs(coll, spec.filter, stopAfter !== undefined ? { stopAfter } : {});
  let result = hasSort && spec.sort ? sortDocs(docs, spec.sort) : docs;
  if (spec.skip > 0 || spec.limit > 0) {
    result = result.slice(spec.skip, spec.limit > 0 ? spec.skip + spec.limit : undefined);
  }
  return { docs: applyProjection(result, spec.projection, spec.filter), stats };
}

const find: CommandHandler = (db, body, ctx) => {
  const name = collectionName(body, 'find');
  const spec = parseFind(body);
  const { docs } = runFind(ctx.engine.getCollection(db, name), spec);
  const batchSize = optionalNumber(body, 'batchSize');
  const singleBatch = body.singleBatch === true || (optionalNumber(body, 'limit') ?? 0) < 0;
  return ctx.cursors.open(`${db}.${name}`, docs, {
    ...(batchSize !== undefined ? { batchSize } : {}),
    singleBatch,
  });
};

const getMore: CommandHandler = (db, body, ctx) => {
  const coll = body.collection;
  if (typeof coll !== 'string')
    throw new MongoCommandError(ErrorCodes.TypeMismatch, 'getMore requires collection');
  return ctx.cursors.getMore(body.getMore, `${db}.${coll}`, optionalNumber(body, 'batchSize'));
};

const killCursors: CommandHandler = (_db, body, ctx) => {
  const ids = body.cursors;
  if (!Array.isArray(ids))
    throw new MongoCommandError(ErrorCodes.TypeMismatch, 'killCursors requires cursors array');
  return ctx.cursors.kill(ids);
};

const count: CommandHandler = (db, body, ctx) => {
  const coll = ctx.engine.getCollection(db, collectionName(body, 'count'));
  const query = optionalDoc(body, 'query') ?? {};
  const skip = optionalNumber(body, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(body, 'limit') ?? 0);
  let n: number;
  if (!coll) n = 0;
  else if (Object.keys(query).length === 0) n = coll.docs.size;
  else n = selectDocs(coll, query, limit > 0 ? { stopAfter: skip + limit } : {}).docs.length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = (db, body, ctx) => {
  const key = body.key;
  if (typeof key !== 'string')
    throw new MongoCommandError(ErrorCodes.TypeMismatch, "distinct requires a string 'key'");
  const coll = ctx.engine.getCollection(db, collectionName(body, 'distinct'));
  const { docs } = selectDocs(coll, optionalDoc(body, 'query') ?? {});
  const seen = new Map<string, unknown>();
  for (const d of docs) {
    for (const v of valuesAtPath(d, key).values) {
      if (v === undefined) continue;
      const k = valueKey(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

function rejectChangeStream(pipeline: Doc[]): void {
  if (pipeline.some((s) => '$changeStream' in s)) {
    throw new MongoCommandError(
      ErrorCodes.Location40573,
      `The $changeStream stage is only supported on replica sets: change streams (watch()) are not supported by the embedded MongoDB-compatible server; ${UNSUPPORTED_HINT}`,
    );
  }
}

function collectionDocs(ctx: CommandContext, db: string, name: string): Doc[] {
  const c = ctx.engine.getCollection(db, name);
  return c ? [...c.docs.values()] : [];
}

export function runAggregate(
  ctx: CommandContext,
  db: string,
  collName: string | undefined,
  pipeline: Doc[],
  vars?: Doc,
): { docs: Doc[]; stats: ExecStats } {
  rejectChangeStream(pipeline);
  pipeline.forEach((stage, i) => {
    if (Object.keys(stage).length !== 1) {
      throw new MongoCommandError(
        40323,
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    const name = Object.keys(stage)[0];
    if ((name === '$out' || name === '$merge') && i < pipeline.length - 1) {
      throw new MongoCommandError(40601, `${name} can only be the final stage in the pipeline`);
    }
  });
  const coll = collName !== undefined ? ctx.engine.getCollection(db, collName) : undefined;
  let input: Doc[];
  let stats: ExecStats = { stage: 'COLLSCAN', docsExamined: 0, keysExamined: 0 };
  let stages = pipeline;
  const first = pipeline[0];
  if (collName === undefined) input = [];
  else if (first && isPlainObject(first.$match)) {
    // Let the leading $match use indexes (and $text), like MongoDB's planner does.
    const r = selectDocs(coll, first.$match);
    input = r.docs;
    stats = r.stats;
    stages = pipeline.slice(1);
  } else {
    input = coll ? [...coll.docs.values()] : [];
    stats = { stage: 'COLLSCAN', docsExamined: input.length, keysExamined: 0 };
    if (coll) coll.docsExamined += input.length;
  }
  const out =
    stages.length === 0
      ? input
      : runPipeline(input, stages, {
          resolveCollection: (name) => collectionDocs(ctx, db, name),
          ...(vars ? { variables: vars } : {}),
        });
  return { docs: out.map(stripTextScore), stats };
}

const aggregate: CommandHandler = async (db, body, ctx) => {
  const target = body.aggregate;
  const collName = typeof target === 'string' ? target : undefined;
  if (collName === undefined && target !== 1) {
    throw new MongoCommandError(ErrorCodes.TypeMismatch, "'aggregate' must be a collection name or 1");
  }
  const pipeline = docArray(body, 'pipeline');
  const cursorOpt = optionalDoc(body, 'cursor');
  if (!cursorOpt && body.explain !== true) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const last = pipeline[pipeline.length - 1];
  const outTarget = last && '$out' in last ? last.$out : undefined;
  if (last && '$merge' in last) {
    throw new MongoCommandError(
      ErrorCodes.NotImplemented,
      `$merge is not supported by the embedded MongoDB-compatible server; use $out, or ${UNSUPPORTED_HINT}`,
    );
  }
  const vars = optionalDoc(body, 'let');
  const { docs, stats } = runAggregate(
    ctx,
    db,
    collName,
    outTarget !== undefined ? pipeline.slice(0, -1) : pipeline,
    vars,
  );
  if (body.explain === true) return explainDoc(`${db}.${collName ?? '$cmd.aggregate'}`, stats, docs.length);
  if (outTarget !== undefined) {
    const outName =
      typeof outTarget === 'string' ? outTarget : isPlainObject(outTarget) ? String(outTarget.coll) : '';
    await writeOut(ctx, db, outName, docs);
    return ctx.cursors.open(`${db}.${collName ?? '$cmd.aggregate'}`, [], {});
  }
  const batchSize = cursorOpt ? optionalNumber(cursorOpt, 'batchSize') : undefined;
  return ctx.cursors.open(
    `${db}.${collName ?? '$cmd.aggregate'}`,
    docs,
    batchSize !== undefined ? { batchSize } : {},
  );
};

async function writeOut(ctx: CommandContext, db: string, name: string, docs: Doc[]): Promise<void> {
  const { engine } = ctx;
  const ops: Parameters<typeof engine.commit>[0] = [];
  const old = engine.getCollection(db, name);
  const specs = old ? [...old.indexes.values()].map((i) => i.spec).filter((s) => s.name !== '_id_') : [];
  try {
    engine.dropCollection(db, name, ops);
    const coll = engine.createCollection(db, name, old?.options ?? {}, ops);
    for (const spec of specs) engine.createIndex(coll, spec, ops);
    for (const d of docs) coll.insert('_id' in d ? d : { _id: new ObjectId(), ...d }, ops);
  } finally {
    await engine.commit(ops);
  }
}

export function explainDoc(ns: string, stats: ExecStats, nReturned: number): Doc {
  const scan: Doc =
    stats.stage === 'COLLSCAN' || stats.stage === 'EOF'
      ? { stage: stats.stage }
      : { stage: 'FETCH', inputStage: { stage: stats.stage, indexName: stats.indexName } };
  return {
    explainVersion: '1',
    queryPlanner: { namespace: ns, winningPlan: scan, rejectedPlans: [] },
    executionStats: {
      executionSuccess: true,
      nReturned,
      executionTimeMillis: 0,
      totalKeysExamined: stats.keysExamined,
      totalDocsExamined: stats.docsExamined,
      executionStages: scan,
    },
    serverInfo: { host: 'embedded', version: '7.0.0' },
    ok: 1,
  };
}

const explain: CommandHandler = (db, body, ctx) => {
  const inner = optionalDoc(body, 'explain');
  if (!inner) throw new MongoCommandError(ErrorCodes.BadValue, 'explain requires a command document');
  if (typeof inner.find === 'string') {
    const spec = parseFind(inner);
    const { docs, stats } = runFind(ctx.engine.getCollection(db, inner.find), spec);
    return explainDoc(`${db}.${inner.find}`, stats, docs.length);
  }
  if (typeof inner.aggregate === 'string') {
    const { docs, stats } = runAggregate(ctx, db, inner.aggregate, docArray(inner, 'pipeline'));
    return explainDoc(`${db}.${inner.aggregate}`, stats, docs.length);
  }
  if (typeof inner.count === 'string') {
    const { docs, stats } = selectDocs(
      ctx.engine.getCollection(db, inner.count),
      optionalDoc(inner, 'query') ?? {},
    );
    return explainDoc(`${db}.${inner.count}`, stats, docs.length);
  }
  throw new MongoCommandError(
    ErrorCodes.CommandNotSupported,
    `explain of '${Object.keys(inner)[0] ?? ''}' is not supported by the embedded MongoDB-compatible server`,
  );
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
  explain,
};
