// The one place the embedded server talks to mingo. Query matching, projection, update operators
// and aggregation come from mingo; the wrappers below fix the places where mingo's behaviour
// differs from MongoDB's for things applications rely on (each fix has a unit test).
import { Aggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import { Lazy, type Iterator as LazyIterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { AnyObject, Options } from 'mingo/types';
import { update as mingoUpdate } from 'mingo/updater';
import { ErrorCodes, MongoCommandError, failedToParse } from '../errors.js';
import {
  type Doc,
  bsonTypeName,
  cloneDoc,
  compareValues,
  formatValue,
  getPath,
  isPlainObject,
  setPath,
  sortKeyOf,
  typeRank,
  TypeRank,
  valueKey,
} from './values.js';

/** Hidden field carrying a document's $text score through find/aggregate. Stripped before replying. */
export const TEXT_SCORE_FIELD = '__embeddedTextScore';

export type SortSpec = Record<string, unknown>;

function isMetaTextScore(v: unknown): boolean {
  return isPlainObject(v) && v.$meta === 'textScore';
}

/** Comparator for a MongoDB sort specification using MongoDB's BSON order (mingo's differs across types). */
export function sortComparator(spec: SortSpec): (a: Doc, b: Doc) => number {
  const keys = Object.entries(spec).map(([path, dir]) => {
    if (isMetaTextScore(dir)) return { path: TEXT_SCORE_FIELD, dir: -1 };
    if (dir !== 1 && dir !== -1) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `$sort key ordering must be 1 (for ascending) or -1 (for descending)`,
      );
    }
    return { path, dir };
  });
  return (a, b) => {
    for (const { path, dir } of keys) {
      const c = compareValues(sortKeyOf(a, path, dir), sortKeyOf(b, path, dir));
      if (c !== 0) return dir * c;
    }
    return 0;
  };
}

export function sortDocs(docs: Doc[], spec: SortSpec): Doc[] {
  if (Object.keys(spec).length === 0) return docs;
  const cmp = sortComparator(spec);
  // Precompute keys once per document: sortKeyOf walks paths and is the hot part of the sort.
  const entries = Object.entries(spec);
  if (entries.length === 1) {
    const [path, dir] = entries[0] ?? ['', 1];
    if (!isMetaTextScore(dir)) {
      const d = dir === -1 ? -1 : 1;
      const keyed = docs.map((doc, i) => ({ doc, key: sortKeyOf(doc, path, d), i }));
      keyed.sort((x, y) => d * compareValues(x.key, y.key) || x.i - y.i);
      return keyed.map((k) => k.doc);
    }
  }
  return docs.slice().sort(cmp);
}

// $sort replacement so aggregation sorts exactly like find (MongoDB type order, array min/max keys).
function $sortStage(coll: LazyIterator, spec: AnyObject, _options: Options): LazyIterator {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
    throw new MongoCommandError(15976, '$sort stage must have at least one sort key');
  }
  return coll.transform((docs: Doc[]) => Lazy(sortDocs(docs, spec)));
}

const LOOKUP_MATCHES = '__embeddedLookupMatches';

/**
 * $lookup with localField/foreignField *and* a pipeline (MongoDB 5.0+) joins on the fields, then
 * runs the pipeline over the matching documents only. mingo ran the pipeline over the whole
 * foreign collection whenever anything matched. The equality join stays mingo's.
 */
function $lookupStage(coll: LazyIterator, spec: AnyObject, options: Options): LazyIterator {
  const { pipeline, let: letExpr, as, ...join } = spec;
  const concise =
    typeof join.localField === 'string' &&
    typeof join.foreignField === 'string' &&
    Array.isArray(pipeline) &&
    pipeline.length > 0;
  if (!concise) return pipelineOperators.$lookup(coll, spec as never, options);
  const field = String(as);
  // Stages receive mingo's ComputeOptions wrapper: the plain options (context, resolver, the
  // command's `let`) are in `.options`, variables of enclosing stages in `.local.variables`.
  const wrapper = options as { options?: Options; local?: { variables?: AnyObject } };
  const raw = wrapper.options ?? options;
  const outer = { ...(raw.variables ?? {}), ...(wrapper.local?.variables ?? {}) };
  const lets = isPlainObject(letExpr) ? letExpr : {};
  return pipelineOperators.$lookup(coll, { ...join, as: LOOKUP_MATCHES } as never, options).map((value) => {
    const { [LOOKUP_MATCHES]: matched, ...doc } = value as Doc;
    const docs = Array.isArray(matched) ? (matched as AnyObject[]) : [];
    if (docs.length === 0) return { ...doc, [field]: [] };
    const variables: AnyObject = { ...outer };
    for (const [name, expr] of Object.entries(lets)) variables[name] = evalExpr(doc, expr, options);
    const agg = new Aggregator(pipeline as AnyObject[], { ...raw, variables });
    return { ...doc, [field]: agg.run(docs) };
  });
}

const NOT_IN_FACET = new Set(['$out', '$merge', '$facet', '$changeStream', '$collStats', '$indexStats']);

// $facet sub-pipelines cannot write or nest facets (MongoDB 40600); mingo ran them, ignoring $out.
function $facetStage(coll: LazyIterator, spec: AnyObject, options: Options): LazyIterator {
  for (const sub of Object.values(spec)) {
    if (!Array.isArray(sub)) continue;
    for (const stage of sub) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (name !== undefined && NOT_IN_FACET.has(name)) {
        throw new MongoCommandError(40600, `${name} is not allowed to be used within a $facet stage`);
      }
    }
  }
  return pipelineOperators.$facet(coll, spec as Record<string, AnyObject[]>, options);
}

// `{$meta: "textScore"}` as an aggregation expression.
function $meta(obj: AnyObject, expr: unknown, _options: Options): unknown {
  if (expr === 'textScore') return obj[TEXT_SCORE_FIELD];
  throw new MongoCommandError(17308, `Unsupported argument to $meta: ${String(expr)}`);
}

type ExpressionOps = NonNullable<Parameters<typeof Context.init>[0]>['expression'];
type PipelineOps = NonNullable<Parameters<typeof Context.init>[0]>['pipeline'];

const CONTEXT = Context.init({
  accumulator: { ...accumulatorOperators },
  expression: { ...expressionOperators, $meta } as unknown as ExpressionOps,
  pipeline: {
    ...pipelineOperators,
    $sort: $sortStage,
    $lookup: $lookupStage,
    $facet: $facetStage,
  } as unknown as PipelineOps,
  projection: { ...projectionOperators },
  query: { ...queryOperators },
  window: { ...windowOperators },
});

const BASE_OPTIONS: Partial<Options> = { context: CONTEXT, useStrictMode: true };

function isMingoError(e: unknown): e is Error {
  return e instanceof Error && e.constructor.name === 'MingoError';
}

/** Runs a mingo call, turning mingo's errors into MongoDB-shaped ones. */
export function withMingo<T>(fn: () => T, code: number = ErrorCodes.BadValue): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MongoCommandError) throw e;
    if (isMingoError(e)) {
      const msg = e.message;
      if (/immutable field/i.test(msg)) throw new MongoCommandError(ErrorCodes.ImmutableField, msg);
      if (/would create a conflict/i.test(msg))
        throw new MongoCommandError(ErrorCodes.ConflictingUpdateOperators, msg);
      if (/unregistered pipeline operator/i.test(msg)) {
        const stage = /\$[\w$]+/.exec(msg.replace(/.*operator/, ''))?.[0] ?? '';
        throw new MongoCommandError(40324, `Unrecognized pipeline stage name: '${stage}'`);
      }
      throw new MongoCommandError(code, msg);
    }
    if (e instanceof Error) throw new MongoCommandError(code, e.message);
    throw e;
  }
}

export type Matcher = (doc: Doc) => boolean;

const MATCH_ALL: Matcher = () => true;

export function compileFilter(filter: Doc | undefined): Matcher {
  if (filter === undefined || Object.keys(filter).length === 0) return MATCH_ALL;
  const q = withMingo(() => new Query(filter, BASE_OPTIONS));
  return (doc) => withMingo(() => q.test(doc));
}

export type Projection = Doc;

/** Applies a find() projection. Returns new objects; `_id` comes first like MongoDB's output. */
export function projectDocs(docs: Doc[], projection: Projection | undefined, filter: Doc | undefined): Doc[] {
  if (projection === undefined || Object.keys(projection).length === 0 || docs.length === 0) return docs;
  const positional = Object.keys(projection).some((k) => k.endsWith('.$'));
  const q = withMingo(() => new Query(positional ? (filter ?? {}) : {}, BASE_OPTIONS));
  const out = withMingo(() => q.find<Doc>(docs, projection).all());
  return out.map(idFirst);
}

function idFirst(doc: Doc): Doc {
  if (!('_id' in doc)) return doc;
  const keys = Object.keys(doc);
  if (keys[0] === '_id') return doc;
  const out: Doc = { _id: doc._id };
  for (const k of keys) if (k !== '_id') out[k] = doc[k];
  return out;
}

export interface AggregateOptions {
  resolveCollection: (name: string) => Doc[];
  variables?: Doc;
}

export function runPipeline(docs: Doc[], pipeline: Doc[], opts: AggregateOptions): Doc[] {
  const agg = withMingo(
    () =>
      new Aggregator(pipeline, {
        ...BASE_OPTIONS,
        // Inputs are the store's immutable documents: let stages work on copies.
        processingMode: 1,
        collectionResolver: (name: string) => opts.resolveCollection(name),
        ...(opts.variables ? { variables: opts.variables } : {}),
      }),
  );
  return withMingo(() => agg.run<Doc>(docs));
}

const SUPPORTED_UPDATE_OPERATORS = new Set([
  '$addToSet',
  '$bit',
  '$currentDate',
  '$inc',
  '$max',
  '$min',
  '$mul',
  '$pop',
  '$pull',
  '$pullAll',
  '$push',
  '$rename',
  '$set',
  '$setOnInsert',
  '$unset',
]);

export function isOperatorUpdate(u: Doc): boolean {
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0 && ops.length !== keys.length) {
    throw failedToParse('Unknown modifier: mixing update operators and plain fields is not allowed');
  }
  return ops.length > 0;
}

function hasPositional(path: string): boolean {
  return path.split('.').some((p) => p.startsWith('$'));
}

// Operators that create the fields they name (their paths must be creatable in the document).
const CREATING_OPERATORS = new Set([
  '$set',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
  '$bit',
]);

const ARRAY_UPDATE_SEGMENT = /^\$\[([^\]]*)\]$/;

function notViable(field: string, parent: string, value: unknown): MongoCommandError {
  return new MongoCommandError(
    ErrorCodes.PathNotViable,
    `Cannot create field '${field}' in element {${parent}: ${formatValue(value)}}`,
  );
}

/**
 * MongoDB refuses to create a field below a value that cannot hold one (a number, null, a string,
 * or an array with a non-numeric key): PathNotViable (28). mingo skipped such writes silently, or
 * (for `$push`/`$addToSet` after the missing-array seeding) replaced the value in the way.
 */
function checkCreatable(doc: Doc, path: string): void {
  const segs = path.split('.');
  const positional = segs.findIndex((s) => s.startsWith('$'));
  const end = positional === -1 ? segs.length : positional;
  let cur: unknown = doc;
  let parent = '';
  for (let i = 0; i < end; i++) {
    const seg = segs[i] ?? '';
    if (cur === undefined) return;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) throw notViable(seg, parent, cur);
      cur = cur[Number(seg)];
    } else if (isPlainObject(cur)) {
      cur = Object.prototype.hasOwnProperty.call(cur, seg) ? cur[seg] : undefined;
    } else {
      throw notViable(seg, parent, cur);
    }
    parent = seg;
  }
}

/** The value at a dotted path as an update sees it (array elements only by index); undefined if absent. */
function updateTarget(doc: Doc, segs: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const seg of segs) {
    if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) cur = cur[seg];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** `$pull`/`$pullAll`/`$pop` on an existing non-array (mingo skipped them silently). */
function checkArrayOperand(doc: Doc, op: string, path: string): void {
  const segs = path.split('.');
  if (segs.some((s) => s.startsWith('$'))) return;
  const cur = updateTarget(doc, segs);
  if (cur === undefined || Array.isArray(cur)) return;
  if (op === '$pop') {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      `Path '${path}' contains an element of non-array type '${bsonTypeName(cur)}'`,
    );
  }
  throw new MongoCommandError(ErrorCodes.BadValue, `Cannot apply ${op} to a non-array value`);
}

/** `$[]` and `$[<id>]` need an existing array before them (BadValue otherwise, as MongoDB). */
function checkArrayUpdateTarget(doc: Doc, path: string): void {
  const segs = path.split('.');
  const k = segs.findIndex((s) => s.startsWith('$'));
  if (k === -1 || !ARRAY_UPDATE_SEGMENT.test(segs[k] ?? '')) return;
  const prefix = segs.slice(0, k);
  const cur = updateTarget(doc, prefix);
  if (cur === undefined) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
    );
  }
  if (!Array.isArray(cur)) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `Cannot apply array updates to non-array element ${prefix[prefix.length - 1] ?? ''}: ${formatValue(cur)}`,
    );
  }
}

function checkUpdatePaths(doc: Doc, modifier: Record<string, Doc>): void {
  for (const [op, arg] of Object.entries(modifier)) {
    for (const [path, value] of Object.entries(arg)) {
      checkArrayUpdateTarget(doc, path);
      if (CREATING_OPERATORS.has(op)) checkCreatable(doc, path);
      else if (op === '$rename' && typeof value === 'string') checkCreatable(doc, value);
      else if (op === '$pull' || op === '$pullAll' || op === '$pop') checkArrayOperand(doc, op, path);
    }
  }
}

function filterTopLevelNames(filter: Doc, names: Set<string>): void {
  for (const [k, v] of Object.entries(filter)) {
    if (!k.startsWith('$')) {
      names.add(k.split('.')[0] ?? k);
    } else if (Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) filterTopLevelNames(sub, names);
    } else if (isPlainObject(v)) {
      filterTopLevelNames(v, names);
    }
  }
}

/**
 * Checks an update's `arrayFilters` as MongoDB does when it parses the update, before any
 * document is looked at: one identifier per filter, each used by the update and each used
 * identifier defined (mingo let unused filters pass and failed obscurely on undefined ones).
 */
export function checkArrayFilters(update: Doc | Doc[], arrayFilters: Doc[] | undefined): void {
  if (Array.isArray(update)) {
    if (arrayFilters && arrayFilters.length > 0) {
      throw failedToParse('arrayFilters may not be specified for pipeline-style updates');
    }
    return;
  }
  const ids = new Set<string>();
  for (const filter of arrayFilters ?? []) {
    const names = new Set<string>();
    filterTopLevelNames(filter, names);
    const [id, other] = [...names];
    if (id === undefined) {
      throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
    }
    if (other !== undefined) {
      throw failedToParse(
        `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${id}' and '${other}'`,
      );
    }
    if (ids.has(id)) {
      throw failedToParse(`Found multiple array filters with the same top-level field name ${id}`);
    }
    ids.add(id);
  }
  const used = new Set<string>();
  for (const [op, arg] of Object.entries(update)) {
    if (!op.startsWith('$') || !isPlainObject(arg)) continue;
    for (const path of Object.keys(arg)) {
      for (const seg of path.split('.')) {
        const id = ARRAY_UPDATE_SEGMENT.exec(seg)?.[1];
        if (!id) continue;
        if (!ids.has(id)) {
          throw new MongoCommandError(
            ErrorCodes.BadValue,
            `No array filter found for identifier '${id}' in path '${path}'`,
          );
        }
        used.add(id);
      }
    }
  }
  for (const id of ids) {
    if (!used.has(id)) {
      throw failedToParse(
        `The array filter for identifier '${id}' was not used in the update ${formatValue(update)}`,
      );
    }
  }
}

export interface UpdateContext {
  arrayFilters?: Doc[];
  query: Doc;
  /** true when the update is being applied to a document an upsert is about to insert. */
  inserting: boolean;
}

/**
 * Applies an operator-style update to a copy of `doc`. Returns the new document and whether it
 * changed. Throws MongoCommandError with MongoDB's codes.
 */
export function applyOperatorUpdate(
  doc: Doc,
  update: Doc,
  ctx: UpdateContext,
): { doc: Doc; changed: boolean } {
  const modifier: Record<string, Doc> = {};
  for (const [op, arg] of Object.entries(update)) {
    if (!SUPPORTED_UPDATE_OPERATORS.has(op)) {
      throw failedToParse(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(arg)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${typeof arg} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(arg)}}`,
      );
    }
    if (Object.keys(arg).length === 0) continue;
    if (op === '$setOnInsert') {
      // mingo has no $setOnInsert: it is a $set that only happens when the upsert inserts.
      if (ctx.inserting) modifier.$set = { ...(modifier.$set ?? {}), ...arg };
      continue;
    }
    modifier[op] = op === '$set' && modifier.$set ? { ...modifier.$set, ...arg } : { ...arg };
  }
  const next = cloneDoc(doc);
  const idKey = valueKey(doc._id);

  // MongoDB allows $set of _id to its current value; mingo rejects any write to _id.
  const set = modifier.$set;
  if (set && '_id' in set) {
    if (valueKey(set._id) !== idKey || doc._id === undefined) {
      if (doc._id !== undefined) {
        throw new MongoCommandError(
          ErrorCodes.ImmutableField,
          `Performing an update on the path '_id' would modify the immutable field '_id'`,
        );
      }
    } else {
      const rest = { ...set };
      delete rest._id;
      modifier.$set = rest;
    }
  }

  checkUpdatePaths(doc, modifier);

  for (const op of ['$inc', '$mul'] as const) {
    const arg = modifier[op];
    if (!arg) continue;
    for (const [path, amount] of Object.entries(arg)) {
      if (typeRank(amount) !== TypeRank.Number) {
        throw new MongoCommandError(
          ErrorCodes.TypeMismatch,
          `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(amount)}}`,
        );
      }
      if (hasPositional(path)) continue;
      const current = getPath(doc, path);
      if (current !== undefined && typeRank(current) !== TypeRank.Number) {
        throw new MongoCommandError(
          ErrorCodes.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatValue(doc._id)}} has the field '${path}' of non-numeric type ${typeof current}`,
        );
      }
    }
  }

  for (const op of ['$push', '$addToSet'] as const) {
    const arg = modifier[op];
    if (!arg) continue;
    for (const path of Object.keys(arg)) {
      if (hasPositional(path)) continue;
      const current = getPath(next, path);
      if (current === undefined) {
        // mingo ignores $slice/$sort/$position when the array does not exist yet; MongoDB treats
        // a missing array as empty. Seed it so the modifiers apply.
        setPath(next, path, []);
      } else if (!Array.isArray(current)) {
        throw new MongoCommandError(
          ErrorCodes.BadValue,
          `The field '${path}' must be an array but is of type ${typeof current} in document {_id: ${formatValue(doc._id)}}`,
        );
      }
    }
  }

  // mingo re-tests its condition argument before updating; the document was already selected
  // by the query, so pass it only when the positional `$` operator needs it to find the element.
  const usesPositional = Object.values(modifier).some((arg) =>
    Object.keys(arg).some((p) => p.split('.').includes('$')),
  );
  let condition: Doc | undefined;
  if (usesPositional) {
    if (ctx.inserting) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        'The positional operator did not find the match needed from the query.',
      );
    }
    condition = { ...ctx.query };
    delete condition.$text;
  }
  const changedPaths = withMingo(() =>
    Object.keys(modifier).length === 0
      ? []
      : mingoUpdate(next, modifier, ctx.arrayFilters, condition, {
          cloneMode: 'copy',
          queryOptions: BASE_OPTIONS,
        }),
  );
  if (doc._id !== undefined && valueKey(next._id) !== idKey) {
    throw new MongoCommandError(
      ErrorCodes.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(next._id)}`,
    );
  }
  const seeded = valueKey(next) !== valueKey(doc);
  return { doc: next, changed: changedPaths.length > 0 || seeded };
}

/** Replacement-style update: keeps `_id`, rejects changing it. */
export function applyReplacement(doc: Doc, replacement: Doc): { doc: Doc; changed: boolean } {
  if ('_id' in replacement && doc._id !== undefined && valueKey(replacement._id) !== valueKey(doc._id)) {
    throw new MongoCommandError(
      ErrorCodes.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(replacement._id)}`,
    );
  }
  const next: Doc = doc._id === undefined ? {} : { _id: doc._id };
  for (const [k, v] of Object.entries(replacement)) if (k !== '_id') next[k] = cloneDoc(v);
  if (doc._id === undefined && '_id' in replacement)
    return { doc: idFirst({ ...next, _id: replacement._id }), changed: true };
  return { doc: next, changed: valueKey(next) !== valueKey(doc) };
}

const PIPELINE_UPDATE_STAGES = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

export function applyPipelineUpdate(doc: Doc, pipeline: Doc[]): { doc: Doc; changed: boolean } {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (!PIPELINE_UPDATE_STAGES.has(name)) {
      throw new MongoCommandError(
        ErrorCodes.InvalidOptions,
        `${name} is not allowed to be used within an update`,
      );
    }
  }
  const out = runPipeline([doc], pipeline, { resolveCollection: () => [] })[0] ?? {};
  if (doc._id !== undefined && valueKey(out._id) !== valueKey(doc._id)) {
    throw new MongoCommandError(
      ErrorCodes.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(out._id)}`,
    );
  }
  const next = idFirst(out);
  return { doc: next, changed: valueKey(next) !== valueKey(doc) };
}

/** The document an upsert starts from: the equality conditions of its query (MongoDB semantics). */
export function seedFromQuery(query: Doc): Doc {
  const seed: Doc = {};
  const visit = (q: Doc): void => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (v instanceof RegExp) continue;
      if (isPlainObject(v)) {
        const keys = Object.keys(v);
        if (keys.length > 0 && keys.every((x) => x.startsWith('$'))) {
          if (keys.length === 1 && keys[0] === '$eq') setPath(seed, k, cloneDoc(v.$eq));
          continue;
        }
      }
      setPath(seed, k, cloneDoc(v));
    }
  };
  visit(query);
  return seed;
}
