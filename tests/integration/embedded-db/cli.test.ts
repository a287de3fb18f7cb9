// `pnpm db:embedded --port <p> --dbpath <dir>`, run exactly as the README tells people to: the
// printed address works with the official driver, a second server on the same directory is
// refused while the first runs, and SIGTERM (what `kill <pid>` and process managers send to the
// process they started) stops the whole chain cleanly. Always exercises the embedded server.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Document, MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/ports';
import { REPO_ROOT } from '../../helpers/process';
import { sleep, tempDir } from './helpers';

interface Cli {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited and every process holding its stdout/stderr is gone. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Cli[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const cli of started) {
    // Whatever a failed assertion left running: the whole process group (the test starts each
    // command in its own group, as a shell does for a job).
    // (pnpm itself may be gone while what it started still runs.)
    if (cli.child.pid !== undefined) {
      try {
        process.kill(-cli.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function startCli(port: number, dbPath: string): Cli {
  const env = { ...process.env };
  delete env.INIT_CWD;
  const child = spawn('pnpm', ['db:embedded', '--port', String(port), '--dbpath', dbPath], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, like a job started from a terminal
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const cli = { child, output: () => output, closed };
  started.push(cli);
  return cli;
}

async function within<T>(p: Promise<T>, ms: number, what: string, cli: Cli): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms; output:\n${cli.output()}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for the line the README promises and returns the address printed in it. */
async function printedAddress(cli: Cli): Promise<string> {
  const found = (async () => {
    for (;;) {
      const m = /embedded MongoDB-compatible server listening on (mongodb:\/\/\S+)/.exec(cli.output());
      if (m?.[1]) return m[1];
      if (cli.child.exitCode !== null || cli.child.signalCode !== null) {
        throw new Error(`pnpm db:embedded exited before listening:\n${cli.output()}`);
      }
      await sleep(50);
    }
  })();
  return within(found, 45_000, 'pnpm db:embedded did not print its address', cli);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('pnpm db:embedded', () => {
  it('serves the printed address, refuses a second server on its directory, stops cleanly on SIGTERM', async () => {
    const dbPath = tempDir('cli');
    dirs.push(dbPath);
    const port = await freePort();
    const first = startCli(port, dbPath);
    const url = await printedAddress(first);
    expect(url).toBe(`mongodb://127.0.0.1:${port}/?directConnection=true`);
    expect(first.output()).toContain(`data directory: ${dbPath}`);

    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    let serverPid: number;
    try {
      const coll = client.db('cli').collection<Document>('notes');
      await coll.insertOne({ _id: 'n1', text: 'written through the CLI server' } as Document);
      expect(await coll.findOne({ _id: 'n1' } as Document)).toEqual({
        _id: 'n1',
        text: 'written through the CLI server',
      });
      serverPid = Number((await client.db('admin').command({ serverStatus: 1 })).pid);
      expect(serverPid).toBeGreaterThan(0);
      expect(fs.readFileSync(path.join(dbPath, 'mongod.lock'), 'utf8').split('\n')[0]).toBe(
        String(serverPid),
      );

      // A second server on the same directory (another port) is refused, naming the owner.
      const second = startCli(await freePort(), dbPath);
      const res = await within(second.closed, 45_000, 'the second server did not give up', second);
      expect(res.code).not.toBe(0);
      expect(second.output()).toMatch(
        new RegExp(`Data directory \\S+ is in use by process ${serverPid}\\b[^\\n]*mongod\\.lock`),
      );
      expect(second.output()).toContain('Stop that process, or use another --dbpath.');
      expect(second.output()).not.toMatch(/listening on/);
      // ...and the first one is untouched by the attempt.
      expect(await coll.countDocuments()).toBe(1);
      expect(fs.readFileSync(path.join(dbPath, 'mongod.lock'), 'utf8').split('\n')[0]).toBe(
        String(serverPid),
      );
    } finally {
      await client.close();
    }

    // SIGTERM to the process we started (pnpm), not to its whole group.
    first.child.kill('SIGTERM');
    await within(first.closed, 30_000, 'the server did not stop after SIGTERM', first);
    const out = first.output();
    expect(out).toMatch(/shutting down \(flush, snapshot, release lock\)/);
    expect(out).toMatch(/stopped cleanly/);
    expect(out).not.toMatch(/shutdown failed|ERROR/);
    expect(alive(serverPid)).toBe(false);
    expect(fs.existsSync(path.join(dbPath, 'mongod.lock'))).toBe(false);

    // The directory is free again and holds the write; Ctrl-C (SIGINT to the group) stops it too.
    const again = startCli(port, dbPath);
    const client2 = new MongoClient(await printedAddress(again), { serverSelectionTimeoutMS: 10_000 });
    try {
      expect(
        await client2
          .db('cli')
          .collection('notes')
          .findOne({ _id: 'n1' } as Document),
      ).toEqual({
        _id: 'n1',
        text: 'written through the CLI server',
      });
    } finally {
      await client2.close();
    }
    const group = again.child.pid;
    if (group === undefined) throw new Error('pnpm db:embedded has no pid');
    process.kill(-group, 'SIGINT');
    await within(again.closed, 30_000, 'the server did not stop after Ctrl-C', again);
    expect(again.output()).toMatch(/stopped cleanly/);
    expect(fs.existsSync(path.join(dbPath, 'mongod.lock'))).toBe(false);
  }, 180_000);
});
