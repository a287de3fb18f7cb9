// Benchmark of the embedded MongoDB-compatible server through the official driver over loopback,
// next to a plain in-process Map doing the same logical work, so the ratio is visible.
//
//   pnpm --filter @serantau/tests exec tsx bench/embedded-db.ts
//
// Bounded (fixed operation counts), writes only to a temp dir, exits on its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '@serantau/server/db/embedded/index';

const CONCURRENCY = 16;
const INSERTS = 6_000;
const COLLECTION_DOCS = 100_000;
const FINDS = 40_000;

function payload(i: number): Record<string, unknown> {
  return {
    email: `user${i}@example.org`,
    name: `User number ${i}`,
    jurisdiction: ['MY', 'ID', 'TH', 'PH', 'VN'][i % 5],
    createdAt: new Date(1_700_000_000_000 + i * 1000),
    tags: ['case', `t${i % 17}`, `g${i % 101}`],
    // ~400 bytes of text so 100k documents make a ~50 MB data directory.
    notes: `Case file ${i}: `.padEnd(400, 'lorem ipsum dolor sit amet '),
  };
}

async function runConcurrent(total: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function dirSize(dir: string): number {
  return fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'serantau-bench-'));
  const lines: string[] = [];
  const report = (what: string, ours: string, baseline: string, target: string): void => {
    const line = `${what.padEnd(46)} embedded: ${ours.padStart(14)}   Map baseline: ${baseline.padStart(14)}   target: ${target}`;
    lines.push(line);
    console.log(line);
  };
  try {
    // 1. insertOne, each acknowledged only after its journal fsync (group commit).
    {
      const mongo = await startEmbeddedMongo({ dbPath: path.join(root, 'inserts') });
      const client = new MongoClient(mongo.url, { maxPoolSize: CONCURRENCY });
      const coll = client.db('bench').collection('inserts');
      await coll.insertOne({ warmup: true });
      const ours = await runConcurrent(INSERTS, (i) => coll.insertOne(payload(i)));
      await client.close();
      await mongo.close();
      const map = new Map<number, Record<string, unknown>>();
      const baseline = await runConcurrent(INSERTS, async (i) => {
        map.set(i, payload(i));
      });
      report(
        `insertOne x${INSERTS}, ${CONCURRENCY} concurrent (fsync'd)`,
        `${fmt(ours)}/s`,
        `${fmt(baseline)}/s`,
        '>= 3,000/s',
      );
    }

    // 2. findOne by a unique indexed field in a 100,000-document collection.
    const dbPath = path.join(root, 'large');
    {
      const mongo = await startEmbeddedMongo({ dbPath });
      const client = new MongoClient(mongo.url, { maxPoolSize: CONCURRENCY });
      const coll = client.db('bench').collection('people');
      await coll.createIndex({ email: 1 }, { unique: true });
      for (let i = 0; i < COLLECTION_DOCS; i += 2_000) {
        await coll.insertMany(Array.from({ length: 2_000 }, (_, k) => payload(i + k)));
      }
      let seed = 12345;
      const rnd = (): number => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % COLLECTION_DOCS;
      };
      for (let i = 0; i < 2_000; i++) await coll.findOne({ email: `user${rnd()}@example.org` });
      let misses = 0;
      const ours = await runConcurrent(FINDS, async () => {
        const d = await coll.findOne({ email: `user${rnd()}@example.org` });
        if (!d) misses++;
      });
      await client.close();
      await mongo.close();
      if (misses > 0) throw new Error(`findOne missed ${misses} documents`);
      const map = new Map<string, Record<string, unknown>>();
      for (let i = 0; i < COLLECTION_DOCS; i++) {
        const d = payload(i);
        map.set(String(d.email), d);
      }
      const baseline = await runConcurrent(FINDS, async () => {
        const d = map.get(`user${rnd()}@example.org`);
        if (!d) misses++;
      });
      report(
        `findOne by unique field, 100k docs, ${CONCURRENCY} conc.`,
        `${fmt(ours)}/s`,
        `${fmt(baseline)}/s`,
        '>= 8,000/s',
      );
    }

    // 3. Cold start of the 100k-document directory (snapshot written at the clean close above).
    {
      const size = dirSize(dbPath);
      const rssBefore = process.memoryUsage().rss;
      const t0 = performance.now();
      const mongo = await startEmbeddedMongo({ dbPath });
      const coldMs = performance.now() - t0;
      const client = new MongoClient(mongo.url);
      const count = await client.db('bench').collection('people').countDocuments();
      await client.close();
      const rss = process.memoryUsage().rss;
      await mongo.close();
      if (count !== COLLECTION_DOCS) throw new Error(`cold start found ${count} documents`);
      // Baseline: decode the same documents from one BSON buffer into a Map.
      const docs = Array.from({ length: COLLECTION_DOCS }, (_, i) => serialize(payload(i)));
      const blob = Buffer.concat(docs);
      const t1 = performance.now();
      const map = new Map<string, unknown>();
      let off = 0;
      while (off < blob.length) {
        const len = blob.readInt32LE(off);
        const d = deserialize(blob.subarray(off, off + len));
        map.set(String(d.email), d);
        off += len;
      }
      const baselineMs = performance.now() - t1;
      report(
        `cold start, ${fmt(COLLECTION_DOCS)} docs, ${mb(size)} on disk`,
        `${fmt(coldMs)} ms`,
        `${fmt(baselineMs)} ms`,
        '< 3,000 ms',
      );
      report('resident memory after cold start (whole process)', mb(rss), mb(rssBefore), 'stated');
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`\n${os.cpus().length} cores, Node ${process.version}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
