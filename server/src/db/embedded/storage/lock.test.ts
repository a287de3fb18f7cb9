import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedLogger } from '../logger';
import {
  DataDirLockedError,
  LOCK_FILE,
  type LockOwner,
  type ProcessProbe,
  acquireLock,
  judgeOwner,
  parseLock,
  processStart,
  selfOwner,
} from './lock';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-test-'));
  dirs.push(d);
  return d;
}

function recordingLogger(): EmbeddedLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    info: () => undefined,
    warn: (obj, msg) => warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
    error: () => undefined,
  };
}

/** A process that stays alive until the tests end, with the pid it reports itself. */
async function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((r) => child.once('spawn', r));
  return child.pid ?? 0;
}

const deadPid = (): number =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

const writeLock = (d: string, text: string): void => fs.writeFileSync(path.join(d, LOCK_FILE), text);
const lockText = (owner: LockOwner): string => `${owner.pid}\n${JSON.stringify(owner)}\n`;

describe('data directory lock', () => {
  it('takes over a stale lock holding our own pid (PID 1 in a container after a crash)', () => {
    for (const text of [
      `${process.pid}\n`, // written by an older version
      lockText({ ...selfOwner(), token: 'an-earlier-process', startTicks: '1', startedAt: 1 }),
    ]) {
      const d = dir();
      writeLock(d, text);
      const logger = recordingLogger();
      const lock = acquireLock(d, logger);
      expect(parseLock(fs.readFileSync(path.join(d, LOCK_FILE), 'utf8'))?.token).toBe(selfOwner().token);
      expect(logger.warnings.join('\n')).toMatch(/taking over stale lock file.*same pid/);
      lock.release();
      expect(fs.existsSync(path.join(d, LOCK_FILE))).toBe(false);
    }
  });

  it('refuses a lock held by a live process, in either format', async () => {
    const pid = await liveProcess();
    const start = processStart(pid);
    for (const text of [`${pid}\n`, lockText({ pid, token: 'other', ...start, host: os.hostname() })]) {
      const d = dir();
      writeLock(d, text);
      expect(() => acquireLock(d, recordingLogger())).toThrow(DataDirLockedError);
      expect(() => acquireLock(d, recordingLogger())).toThrow(new RegExp(`in use by process ${pid}`));
      expect(fs.readFileSync(path.join(d, LOCK_FILE), 'utf8')).toBe(text);
    }
  });

  it.runIf(processStart('self') !== undefined)(
    'takes over a lock whose pid now belongs to an unrelated process (Linux start times)',
    async () => {
      const pid = await liveProcess();
      const start = processStart(pid);
      const d = dir();
      writeLock(
        d,
        lockText({ pid, token: 'gone', bootId: start?.bootId, startTicks: '1', host: os.hostname() }),
      );
      const logger = recordingLogger();
      acquireLock(d, logger).release();
      expect(logger.warnings.join('\n')).toMatch(/unrelated process/);
    },
  );

  it('takes over a lock of a process that no longer exists, and refuses a second open in this process', () => {
    const d = dir();
    writeLock(d, `${deadPid()}\n`);
    const lock = acquireLock(d, recordingLogger());
    expect(() => acquireLock(d, recordingLogger())).toThrow(/this process/);
    lock.release();
    acquireLock(d, recordingLogger()).release();
  });
});

describe('judging a lock owner', () => {
  const me: LockOwner = { pid: 1, token: 'me', bootId: 'b', startTicks: '500', startedAt: 10_000, host: 'h' };
  const probe = (alive: boolean, startTicks?: string): ProcessProbe => ({
    isAlive: () => alive,
    start: () => (startTicks ? { bootId: 'b', startTicks } : undefined),
  });

  it.each<[string, LockOwner | undefined, ProcessProbe, boolean]>([
    ['unreadable file', undefined, probe(true), false],
    ['our own token', { pid: 1, token: 'me' }, probe(true), true],
    [
      'same pid, same start (another copy of the module)',
      { pid: 1, token: 'x', bootId: 'b', startTicks: '500' },
      probe(true),
      true,
    ],
    ['same pid, other start', { pid: 1, token: 'x', bootId: 'b', startTicks: '400' }, probe(true), false],
    ['same pid, old format', { pid: 1 }, probe(true), false],
    [
      'same pid, no /proc, same wall-clock start',
      { pid: 1, token: 'x', startedAt: 10_500 },
      probe(true),
      true,
    ],
    ['other pid, dead', { pid: 2, token: 'x', bootId: 'b', startTicks: '7' }, probe(false), false],
    [
      'other pid, alive, same start',
      { pid: 2, token: 'x', bootId: 'b', startTicks: '7' },
      probe(true, '7'),
      true,
    ],
    [
      'other pid, alive, reused',
      { pid: 2, token: 'x', bootId: 'b', startTicks: '7' },
      probe(true, '9'),
      false,
    ],
    ['other pid, alive, old format', { pid: 2 }, probe(true, '9'), true],
    [
      'other pid, alive, before a reboot',
      { pid: 2, bootId: 'old', startTicks: '7', host: 'h' },
      probe(true, '7'),
      false,
    ],
    [
      'other pid, alive, another host',
      { pid: 2, bootId: 'old', startTicks: '7', host: 'x' },
      probe(true, '7'),
      true,
    ],
  ])('%s', (_name, owner, p, live) => {
    expect(judgeOwner(owner, me, p).live).toBe(live);
  });
});
