// Catalog commands: collections and indexes.
import { ErrorCodes, MongoCommandError, UNSUPPORTED_HINT } from '../errors.js';
import { compileFilter } from '../query/mingo.js';
import { type Doc, isPlainObject, valueKey } from '../query/values.js';
import type { JournalOp } from '../storage/collection.js';
import { type IndexSpec, Index, defaultIndexName } from '../storage/indexes.js';
import { type CommandHandler, collectionName, docArray, optionalDoc } from './context.js';

const create: CommandHandler = async (db, body, ctx) => {
  const name = collectionName(body, 'create');
  if (body.viewOn !== undefined) {
    throw new MongoCommandError(
      ErrorCodes.CommandNotSupported,
      `views are not supported by the embedded MongoDB-compatible server; ${UNSUPPORTED_HINT}`,
    );
  }
  if (body.capped === true || body.timeseries !== undefined || body.clusteredIndex !== undefined) {
    throw new MongoCommandError(
      ErrorCodes.CommandNotSupported,
      `capped, time-series and clustered collections are not supported by the embedded MongoDB-compatible server; ${UNSUPPORTED_HINT}`,
    );
  }
  const options: Doc = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'create' || k === '$db' || k === 'lsid' || k === 'writeConcern' || k.startsWith('$')) continue;
    options[k] = v;
  }
  const ops: JournalOp[] = [];
  ctx.engine.createCollection(db, name, options, ops);
  await ctx.engine.commit(ops);
  return { ok: 1 };
};

const drop: CommandHandler = async (db, body, ctx) => {
  const name = collectionName(body, 'drop');
  const ops: JournalOp[] = [];
  const dropped = ctx.engine.dropCollection(db, name, ops);
  await ctx.engine.commit(ops);
  // Since MongoDB 7.0 dropping a missing collection succeeds.
  return dropped ? { nIndexesWas: dropped.indexes.size, ns: `${db}.${name}`, ok: 1 } : { ok: 1 };
};

const dropDatabase: CommandHandler = async (db, _body, ctx) => {
  const ops: JournalOp[] = [];
  ctx.engine.dropDatabase(db, ops);
  await ctx.engine.commit(ops);
  return { dropped: db, ok: 1 };
};

const INDEX_OPTIONS = new Set([
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  'background',
  'hidden',
  'collation',
]);

/** Options that make two index definitions different (MongoDB's IndexOptionsConflict check). */
function comparableOptions(spec: IndexSpec): string {
  return valueKey({
    unique: spec.unique === true,
    sparse: spec.sparse === true,
    partialFilterExpression: spec.partialFilterExpression ?? null,
    expireAfterSeconds: spec.expireAfterSeconds ?? null,
  });
}

function normalizeSpec(raw: Doc): IndexSpec {
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new MongoCommandError(
      ErrorCodes.CannotCreateIndex,
      "Index key pattern must be a non-empty object ('key')",
    );
  }
  const name = typeof raw.name === 'string' && raw.name.length > 0 ? raw.name : defaultIndexName(key);
  const spec: IndexSpec = { v: 2, key, name };
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'key' || k === 'name' || k === 'v' || k === 'ns') continue;
    if (!INDEX_OPTIONS.has(k)) {
      throw new MongoCommandError(
        ErrorCodes.InvalidOptions,
        `The field '${k}' is not valid for an index specification.`,
      );
    }
    if (k === 'background' || v === undefined) continue;
    spec[k] = v;
  }
  if (spec.expireAfterSeconds !== undefined) {
    const s = Number(spec.expireAfterSeconds);
    if (!Number.isFinite(s) || s < 0) {
      throw new MongoCommandError(
        ErrorCodes.InvalidOptions,
        "TTL index 'expireAfterSeconds' option must be a non-negative number",
      );
    }
    if (Object.keys(key).length !== 1) {
      throw new MongoCommandError(
        ErrorCodes.CannotCreateIndex,
        'TTL indexes are single-field indexes, compound indexes do not support TTL.',
      );
    }
    spec.expireAfterSeconds = s;
  }
  if (spec.unique === true && Object.values(key).includes('hashed')) {
    throw new MongoCommandError(
      ErrorCodes.CannotCreateIndex,
      'Currently hashed indexes cannot guarantee uniqueness.',
    );
  }
  if (spec.partialFilterExpression !== undefined) {
    if (!isPlainObject(spec.partialFilterExpression))
      throw new MongoCommandError(ErrorCodes.BadValue, 'partialFilterExpression must be an object');
    compileFilter(spec.partialFilterExpression);
  }
  // Validates the key pattern (throws for unsupported index types).
  new Index({ ...spec, partialFilterExpression: undefined });
  if (spec.partialFilterExpression === undefined) delete spec.partialFilterExpression;
  return spec;
}

const createIndexes: CommandHandler = async (db, body, ctx) => {
  const name = collectionName(body, 'createIndexes');
  const raw = docArray(body, 'indexes');
  if (raw.length === 0)
    throw new MongoCommandError(ErrorCodes.BadValue, 'Must specify at least one index to create');
  const specs = raw.map(normalizeSpec);
  const ops: JournalOp[] = [];
  const existed = ctx.engine.getCollection(db, name) !== undefined;
  try {
    const coll = ctx.engine.ensureCollection(db, name, ops);
    const before = coll.indexes.size;
    for (const spec of specs) {
      const sameName = coll.indexes.get(spec.name);
      const sameKey = [...coll.indexes.values()].find((ix) => valueKey(ix.spec.key) === valueKey(spec.key));
      if (sameName) {
        if (valueKey(sameName.spec.key) !== valueKey(spec.key)) {
          throw new MongoCommandError(
            ErrorCodes.IndexKeySpecsConflict,
            `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
          );
        }
        if (comparableOptions(sameName.spec) !== comparableOptions(spec)) {
          throw new MongoCommandError(
            ErrorCodes.IndexOptionsConflict,
            `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
          );
        }
        continue;
      }
      if (sameKey) {
        throw new MongoCommandError(
          ErrorCodes.IndexOptionsConflict,
          comparableOptions(sameKey.spec) === comparableOptions(spec)
            ? `Index already exists with a different name: ${sameKey.name}`
            : `An existing index has the same key pattern but different options: ${sameKey.name}`,
        );
      }
      if (spec.key && Object.values(spec.key).includes('text') && coll.textIndex) {
        throw new MongoCommandError(
          ErrorCodes.IndexOptionsConflict,
          `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(coll.textIndex.spec)}`,
        );
      }
      ctx.engine.createIndex(coll, spec, ops);
    }
    const after = coll.indexes.size;
    const res: Doc = {
      numIndexesBefore: before,
      numIndexesAfter: after,
      createdCollectionAutomatically: !existed,
    };
    if (before === after) res.note = 'all indexes already exist';
    res.ok = 1;
    return res;
  } finally {
    await ctx.engine.commit(ops);
  }
};

const listIndexes: CommandHandler = (db, body, ctx) => {
  const name = collectionName(body, 'listIndexes');
  const coll = ctx.engine.getCollection(db, name);
  if (!coll) throw new MongoCommandError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${db}.${name}`);
  const cursor = optionalDoc(body, 'cursor');
  const batchSize = cursor && typeof cursor.batchSize === 'number' ? cursor.batchSize : undefined;
  return ctx.cursors.open(
    `${db}.${name}`,
    coll.indexSpecs().map((s) => ({ ...s })),
    batchSize !== undefined ? { batchSize } : {},
  );
};

const dropIndexes: CommandHandler = async (db, body, ctx) => {
  const name = collectionName(body, 'dropIndexes');
  const coll = ctx.engine.getCollection(db, name);
  if (!coll) throw new MongoCommandError(ErrorCodes.NamespaceNotFound, `ns not found ${db}.${name}`);
  const target = body.index;
  const nIndexesWas = coll.indexes.size;
  const names: string[] = [];
  if (target === '*') {
    for (const ix of coll.indexes.values()) if (ix.name !== '_id_') names.push(ix.name);
  } else if (typeof target === 'string') {
    names.push(target);
  } else if (Array.isArray(target)) {
    for (const t of target) names.push(String(t));
  } else if (isPlainObject(target)) {
    const ix = [...coll.indexes.values()].find((i) => valueKey(i.spec.key) === valueKey(target));
    if (!ix)
      throw new MongoCommandError(
        ErrorCodes.IndexNotFound,
        `can't find index with key: ${JSON.stringify(target)}`,
      );
    names.push(ix.name);
  } else {
    throw new MongoCommandError(ErrorCodes.TypeMismatch, "dropIndexes requires 'index'");
  }
  for (const n of names) {
    if (n === '_id_') throw new MongoCommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    if (!coll.indexes.has(n))
      throw new MongoCommandError(ErrorCodes.IndexNotFound, `index not found with name [${n}]`);
  }
  const ops: JournalOp[] = [];
  for (const n of names) ctx.engine.dropIndex(coll, n, ops);
  await ctx.engine.commit(ops);
  return { nIndexesWas, ok: 1 };
};

const listCollections: CommandHandler = (db, body, ctx) => {
  const filter = optionalDoc(body, 'filter');
  const nameOnly = body.nameOnly === true;
  let entries: Doc[] = ctx.engine.collections(db).map((c) => ({
    name: c.name,
    type: 'collection',
    options: c.options,
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  }));
  if (filter) {
    const m = compileFilter(filter);
    entries = entries.filter(m);
  }
  if (nameOnly) entries = entries.map((e) => ({ name: e.name, type: e.type }));
  const cursor = optionalDoc(body, 'cursor');
  const batchSize = cursor && typeof cursor.batchSize === 'number' ? cursor.batchSize : undefined;
  return ctx.cursors.open(
    `${db}.$cmd.listCollections`,
    entries,
    batchSize !== undefined ? { batchSize } : {},
  );
};

function splitNs(ns: unknown): [string, string] {
  if (typeof ns !== 'string' || !ns.includes('.'))
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${String(ns)}'`);
  const i = ns.indexOf('.');
  return [ns.slice(0, i), ns.slice(i + 1)];
}

const renameCollection: CommandHandler = async (_db, body, ctx) => {
  const [fromDb, fromC] = splitNs(body.renameCollection);
  const [toDb, toC] = splitNs(body.to);
  if (!ctx.engine.getCollection(fromDb, fromC)) {
    throw new MongoCommandError(
      ErrorCodes.NamespaceNotFound,
      `Source collection ${fromDb}.${fromC} does not exist`,
    );
  }
  const ops: JournalOp[] = [];
  if (ctx.engine.getCollection(toDb, toC)) {
    if (body.dropTarget !== true)
      throw new MongoCommandError(ErrorCodes.NamespaceExists, 'target namespace exists');
    ctx.engine.dropCollection(toDb, toC, ops);
  }
  ctx.engine.renameCollection(fromDb, fromC, toDb, toC, ops);
  await ctx.engine.commit(ops);
  return { ok: 1 };
};

const dbStats: CommandHandler = (db, _body, ctx) => {
  const colls = ctx.engine.collections(db);
  const objects = colls.reduce((n, c) => n + c.docs.size, 0);
  return {
    db,
    collections: colls.length,
    views: 0,
    objects,
    indexes: colls.reduce((n, c) => n + c.indexes.size, 0),
    ok: 1,
  };
};

export const ddlCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  listCollections,
  renameCollection,
  dbStats,
};
