// Kill -9 the embedded server at random (seeded) moments while a driver client writes through
// it; after every restart each acknowledged write must be there and the directory must open.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '@serantau/server/db/embedded/index';
import { tempDir } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = 8;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function runWriter(
  dbPath: string,
  round: number,
  killAfterMs: number,
): Promise<{ acked: Set<string>; updated: Set<string> }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'fixtures', 'crash-writer.ts'), dbPath, String(round)],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: path.join(here, '..', '..') },
    );
    const acked = new Set<string>();
    const updated = new Set<string>();
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'READY') timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (line.startsWith('ACK ')) acked.add(line.slice(4));
        else if (line.startsWith('UPD ')) updated.add(line.slice(4));
      }
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ acked, updated });
      else reject(new Error(`writer exited early (code ${code}): ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it(`every acknowledged write survives kill -9 (${ROUNDS} seeded rounds)`, async () => {
    const dbPath = tempDir('crash');
    dirs.push(dbPath);
    const rnd = prng(20240601);
    const allAcked = new Set<string>();
    const allUpdated = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = 150 + Math.floor(rnd() * 900);
      const { acked, updated } = await runWriter(dbPath, round, killAfter);
      expect(acked.size).toBeGreaterThan(0);
      for (const id of acked) allAcked.add(id);
      for (const id of updated) allUpdated.add(id);
      const mongo = await startEmbeddedMongo({ dbPath });
      const client = new MongoClient(mongo.url);
      try {
        const docs = await client
          .db('crash')
          .collection('writes')
          .find({}, { projection: { pad: 0 } })
          .toArray();
        const present = new Map(docs.map((d) => [String(d._id), d]));
        const missing = [...allAcked].filter((id) => !present.has(id));
        expect(missing, `round ${round}: acknowledged writes lost after kill -9`).toEqual([]);
        const lostUpdates = [...allUpdated].filter((id) => present.get(id)?.n === undefined);
        expect(lostUpdates, `round ${round}: acknowledged updates lost`).toEqual([]);
      } finally {
        await client.close();
        await mongo.close();
      }
    }
    expect(allAcked.size).toBeGreaterThan(ROUNDS * 20);
    console.log(
      `crash test: ${ROUNDS} kill -9 rounds, ${allAcked.size} acknowledged inserts and ${allUpdated.size} updates, none lost`,
    );
  }, 120_000);
});
