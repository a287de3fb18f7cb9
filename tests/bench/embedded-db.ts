// Benchmark of the embedded MongoDB-compatible server through the official driver over loopback,
// next to a plain in-process Map doing the same logical work, so the ratio is visible.
//
//   pnpm --filter @serantau/tests exec tsx bench/embedded-db.ts
//
// Bounded (fixed operation counts), writes only to a temp dir, exits on its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { fileURLToPath } from 'node:url';
import { startEmbeddedMongo } from '@serantau/server/db/embedded/index';

const here = path.dirname(fileURLToPath(import.meta.url));

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

/** Median of a few trials: the machine is shared, so single runs are noisy. */
async function median(trials: number, fn: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < trials; i++) xs.push(await fn());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)] ?? 0;
}

const TRIALS = 3;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
/** ours/baseline, with enough digits to read whether it is 1/50 or 1/500. */
function ratio(ours: number, baseline: number): string {
  if (!(baseline > 0) || !Number.isFinite(ours)) return 'n/a';
  const r = ours / baseline;
  return r >= 10 ? `${r.toFixed(0)}x` : r >= 1 ? `${r.toFixed(2)}x` : `${r.toPrecision(2)}x`;
}

function dirSize(dir: string): number {
  return fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

/** Starts the server in a child process (both cores in use: one for the driver, one for the server). */
async function startChild(dbPath: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'lib', 'embedded-server-child.ts'), dbPath],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: path.join(here, '..'),
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.on('exit', (code) => reject(new Error(`server child exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

type Mode = 'in-process' | 'separate process';

async function withServer<T>(mode: Mode, dbPath: string, fn: (url: string) => Promise<T>): Promise<T> {
  if (mode === 'in-process') {
    const mongo = await startEmbeddedMongo({ dbPath });
    try {
      return await fn(mongo.url);
    } finally {
      await mongo.close();
    }
  }
  const child = await startChild(dbPath);
  try {
    return await fn(child.url);
  } finally {
    await child.stop();
  }
}

async function insertRate(url: string): Promise<number> {
  const client = new MongoClient(url, { maxPoolSize: CONCURRENCY });
  try {
    const coll = client.db('bench').collection('inserts');
    await coll.insertOne({ warmup: true });
    return await runConcurrent(INSERTS, (i) => coll.insertOne(payload(i)));
  } finally {
    await client.close();
  }
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % COLLECTION_DOCS;
  };
}

async function findRate(url: string): Promise<{ rate: number; residentMb: number }> {
  const client = new MongoClient(url, { maxPoolSize: CONCURRENCY });
  try {
    const coll = client.db('bench').collection('people');
    const rnd = lcg(12345);
    for (let i = 0; i < 2_000; i++) await coll.findOne({ email: `user${rnd()}@example.org` });
    let misses = 0;
    const rate = await runConcurrent(FINDS, async () => {
      const d = await coll.findOne({ email: `user${rnd()}@example.org` });
      if (!d) misses++;
    });
    if (misses > 0) throw new Error(`findOne missed ${misses} documents`);
    const status = await client.db('admin').command({ serverStatus: 1 });
    return { rate, residentMb: Number(status.mem?.resident ?? 0) };
  } finally {
    await client.close();
  }
}

/**
 * The cheapest round trip (`ping`) through the same driver settings: what one driver process can
 * issue at all, whatever the server does. It bounds the findOne and insertOne figures above.
 */
async function pingRate(url: string): Promise<number> {
  const client = new MongoClient(url, { maxPoolSize: CONCURRENCY });
  try {
    const admin = client.db('admin');
    for (let i = 0; i < 2_000; i++) await admin.command({ ping: 1 });
    return await runConcurrent(FINDS, () => admin.command({ ping: 1 }));
  } finally {
    await client.close();
  }
}

/** Resident memory of a fresh process holding the same 100k documents in a Map (the baseline). */
function mapResidentBytes(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: path.join(here, '..'),
      env: { ...process.env, EMBEDDED_BENCH_MAP_RSS: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const bytes = Number(out.trim());
      if (code === 0 && bytes > 0) resolve(bytes);
      else reject(new Error(`Map baseline process exited with ${code}: ${out}`));
    });
  });
}

/** Child mode for mapResidentBytes: build the Map, report RSS, exit. */
function mapResidentChild(): void {
  const people = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < COLLECTION_DOCS; i++) people.set(`user${i}@example.org`, payload(i));
  if (people.size !== COLLECTION_DOCS) throw new Error('baseline map incomplete');
  process.stdout.write(`${process.memoryUsage().rss}\n`);
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'serantau-bench-'));
  console.log(
    `${'operation'.padEnd(68)} ${'embedded'.padStart(12)}   ${'Map baseline'.padStart(14)}   ${'ours/Map'.padStart(9)}   target`,
  );
  const report = (what: string, ours: string, baseline: string, r: string, target: string): void => {
    console.log(
      `${what.padEnd(68)} ${ours.padStart(12)}   ${baseline.padStart(14)}   ${r.padStart(9)}   ${target}`,
    );
  };
  try {
    // 1. insertOne, each acknowledged only after its journal fsync (group commit).
    const map = new Map<number, Record<string, unknown>>();
    const insertBaseline = await runConcurrent(INSERTS, async (i) => {
      map.set(i, payload(i));
    });
    for (const mode of ['in-process', 'separate process'] as const) {
      let trial = 0;
      const rate = await median(TRIALS, () =>
        withServer(mode, path.join(root, `inserts-${mode}-${trial++}`), insertRate),
      );
      report(
        `insertOne x${INSERTS}, ${CONCURRENCY} concurrent, fsync'd (${mode})`,
        `${fmt(rate)}/s`,
        `${fmt(insertBaseline)}/s`,
        ratio(rate, insertBaseline),
        '>= 3,000/s',
      );
    }

    // 2. findOne by a unique indexed field in a 100,000-document collection.
    const dbPath = path.join(root, 'large');
    await withServer('in-process', dbPath, async (url) => {
      const client = new MongoClient(url);
      const coll = client.db('bench').collection('people');
      await coll.createIndex({ email: 1 }, { unique: true });
      for (let i = 0; i < COLLECTION_DOCS; i += 2_000) {
        await coll.insertMany(Array.from({ length: 2_000 }, (_, k) => payload(i + k)));
      }
      await client.close();
    });
    const people = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < COLLECTION_DOCS; i++) people.set(`user${i}@example.org`, payload(i));
    const rndB = lcg(12345);
    const findBaseline = await runConcurrent(FINDS, async () => {
      if (!people.get(`user${rndB()}@example.org`)) throw new Error('baseline miss');
    });
    let childResident = 0;
    for (const mode of ['in-process', 'separate process'] as const) {
      const rate = await median(TRIALS, async () => {
        const r = await withServer(mode, dbPath, findRate);
        if (mode === 'separate process') childResident = r.residentMb;
        return r.rate;
      });
      report(
        `findOne by unique field, 100k docs, ${CONCURRENCY} concurrent (${mode})`,
        `${fmt(rate)}/s`,
        `${fmt(findBaseline)}/s`,
        ratio(rate, findBaseline),
        '>= 8,000/s',
      );
    }

    // The driver's own ceiling: on this machine it, not the server, limits the rates above.
    const ceiling = await median(TRIALS, () =>
      withServer('separate process', path.join(root, 'ping'), pingRate),
    );
    report(
      `driver ceiling: ping, ${CONCURRENCY} concurrent (separate process; the most one client issues)`,
      `${fmt(ceiling)}/s`,
      '-',
      '-',
      'stated',
    );

    // 3. Cold start of the 100k-document directory (snapshot written at the clean close above).
    const size = dirSize(dbPath);
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
    const blob = Buffer.concat(Array.from({ length: COLLECTION_DOCS }, (_, i) => serialize(payload(i))));
    const t1 = performance.now();
    const decoded = new Map<string, unknown>();
    for (let off = 0; off < blob.length;) {
      const len = blob.readInt32LE(off);
      const d = deserialize(blob.subarray(off, off + len));
      decoded.set(String(d.email), d);
      off += len;
    }
    const baselineMs = performance.now() - t1;
    report(
      `cold start, ${fmt(COLLECTION_DOCS)} docs, ${mb(size)} data directory`,
      `${fmt(coldMs)} ms`,
      `${fmt(baselineMs)} ms`,
      ratio(coldMs, baselineMs),
      '< 3,000 ms',
    );
    const mapRss = await mapResidentBytes();
    report(
      `resident memory (RSS), server process alone, 100k docs loaded`,
      `${childResident} MB`,
      mb(mapRss),
      ratio(childResident * 1024 * 1024, mapRss),
      'stated',
    );
    report('resident memory (RSS), bench process (server + driver + Maps)', mb(rss), '-', '-', 'stated');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(
    `\n${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(2)} at the end; ` +
      `throughput = median of ${TRIALS} trials; Map = the same logical work on an in-process Map ` +
      `(memory: a fresh process holding the 100k documents in a Map); ours/Map < 1 for throughput ` +
      `and > 1 for time and memory mean the Map is ahead`,
  );
}

if (process.env.EMBEDDED_BENCH_MAP_RSS === '1') {
  mapResidentChild();
  process.exit(0);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
