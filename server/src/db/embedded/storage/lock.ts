// One process per data directory: a lock file naming its owner. A lock whose owner is gone is
// taken over (with a warning); a live owner is refused.
//
// A pid alone cannot tell "gone" from "live": in a container the server runs as PID 1 on every
// start, so after an unclean exit the next start finds a lock holding its own pid, and an
// unrelated process may have been given the dead owner's pid. So the lock also records a random
// per-process token and, on Linux, the owner's start time from /proc (with the boot id, as start
// times count from boot). Ownership is decided by the token and start time, not by the pid.
//
// Limitation: a live owner in another PID namespace (another container sharing the directory)
// cannot be seen from here; do not share one data directory between containers at the same time.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddedLogger } from '../logger.js';

export const LOCK_FILE = 'mongod.lock';

/** Who holds (or held) a lock. Every field but `pid` is absent in locks written by old versions. */
export interface LockOwner {
  pid: number;
  /** Random, chosen once per process start (per loaded copy of this module). */
  token?: string;
  /** Linux: /proc/sys/kernel/random/boot_id when the lock was written. */
  bootId?: string;
  /** Linux: the owner's start time in clock ticks since boot (/proc/<pid>/stat, field 22). */
  startTicks?: string;
  /** Approximate wall-clock start of the owner process in ms (where /proc is unavailable). */
  startedAt?: number;
  host?: string;
}

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number, detail: string) {
    super(
      `Data directory ${dir} is in use by process ${pid} (${detail}; lock file ${path.join(dir, LOCK_FILE)}). ` +
        'Stop that process, or use another --dbpath.',
    );
    this.name = 'DataDirLockedError';
  }
}

const TOKEN = crypto.randomBytes(16).toString('hex');

function readTrimmed(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Boot id and start time (clock ticks since boot) of a process, from /proc; undefined elsewhere. */
export function processStart(pid: number | 'self'): { bootId: string; startTicks: string } | undefined {
  const bootId = readTrimmed('/proc/sys/kernel/random/boot_id');
  const stat = readTrimmed(`/proc/${pid}/stat`);
  if (!bootId || !stat) return undefined;
  // Fields after the command name, which is in parentheses and may itself contain spaces or ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = rest[19]; // field 22 overall; `rest` starts at field 3
  return startTicks && /^\d+$/.test(startTicks) ? { bootId, startTicks } : undefined;
}

let self: LockOwner | undefined;

/** This process's identity as written into the lock. */
export function selfOwner(): LockOwner {
  self ??= {
    pid: process.pid,
    token: TOKEN,
    ...processStart('self'),
    startedAt: Math.round(Date.now() - process.uptime() * 1000),
    host: os.hostname(),
  };
  return self;
}

/** Line 1: the pid (as old versions wrote it, and for people); line 2: the whole owner record. */
function formatLock(owner: LockOwner): string {
  return `${owner.pid}\n${JSON.stringify(owner)}\n`;
}

export function parseLock(text: string): LockOwner | undefined {
  const [first, second] = text.split('\n');
  const pid = Number.parseInt(first?.trim() ?? '', 10);
  if (!Number.isFinite(pid) || pid <= 0) return undefined;
  const owner: LockOwner = { pid };
  if (!second?.trim()) return owner;
  try {
    const rec = JSON.parse(second) as Record<string, unknown>;
    if (typeof rec.token === 'string') owner.token = rec.token;
    if (typeof rec.bootId === 'string') owner.bootId = rec.bootId;
    if (typeof rec.startTicks === 'string') owner.startTicks = rec.startTicks;
    if (typeof rec.startedAt === 'number') owner.startedAt = rec.startedAt;
    if (typeof rec.host === 'string') owner.host = rec.host;
  } catch {
    // A damaged second line leaves what the first one says; the pid rules still apply.
  }
  return owner;
}

export interface ProcessProbe {
  isAlive(pid: number): boolean;
  start(pid: number): { bootId: string; startTicks: string } | undefined;
}

const systemProbe: ProcessProbe = {
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  start: processStart,
};

/** Wall-clock start estimates of one process agree to within clock adjustments. */
const SAME_START_TOLERANCE_MS = 2000;

/** Whether `owner` is still alive, and why: the whole decision, kept free of I/O for tests. */
export function judgeOwner(
  owner: LockOwner | undefined,
  me: LockOwner,
  probe: ProcessProbe,
): { live: boolean; reason: string } {
  if (!owner) return { live: false, reason: 'unreadable or empty lock file (a crash while writing it)' };
  if (owner.pid === me.pid) {
    if (owner.token !== undefined && owner.token === me.token) return { live: true, reason: 'this process' };
    // Another copy of this module in the same process (a worker thread, a second bundle): same
    // process start. Anything else with our pid is an earlier process that died without unlocking.
    const sameStart =
      owner.startTicks !== undefined && me.startTicks !== undefined
        ? owner.bootId === me.bootId && owner.startTicks === me.startTicks
        : owner.startedAt !== undefined &&
          me.startedAt !== undefined &&
          Math.abs(owner.startedAt - me.startedAt) <= SAME_START_TOLERANCE_MS;
    if (sameStart) return { live: true, reason: 'this process' };
    return {
      live: false,
      reason: 'left by an earlier process that had the same pid (e.g. PID 1 in a container)',
    };
  }
  if (!probe.isAlive(owner.pid)) return { live: false, reason: 'the owning process no longer exists' };
  if (owner.bootId !== undefined && owner.startTicks !== undefined && me.bootId !== undefined) {
    if (owner.bootId !== me.bootId) {
      // Start times only mean something within one boot; on the same host a different boot id
      // means the machine restarted since the lock was written, so its owner is gone.
      if (owner.host === me.host) return { live: false, reason: 'written before the machine restarted' };
      return { live: true, reason: 'lock written on another host; cannot check its owner' };
    }
    const now = probe.start(owner.pid);
    if (now && now.bootId === owner.bootId && now.startTicks !== owner.startTicks) {
      return { live: false, reason: 'its pid now belongs to an unrelated process' };
    }
  }
  return { live: true, reason: 'a running process' };
}

export interface DirLock {
  release(): void;
}

/** Lock files this process holds, with the exact content it wrote (released only if unchanged). */
const held = new Map<string, string>();

/**
 * Creates `file` with `content` only if it does not exist, and never visible half-written (a
 * competing starter must not mistake a lock being written for a crashed one): write a private
 * file, then hard-link it into place. Filesystems without hard links fall back to O_EXCL.
 */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${TOKEN}.new`;
  fs.writeFileSync(tmp, content);
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  try {
    const fd2 = fs.openSync(file, 'wx');
    fs.writeSync(fd2, content);
    fs.fsyncSync(fd2);
    fs.closeSync(fd2);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

export function acquireLock(dir: string, logger: EmbeddedLogger, probe: ProcessProbe = systemProbe): DirLock {
  const file = path.join(dir, LOCK_FILE);
  const me = selfOwner();
  if (held.has(file)) throw new DataDirLockedError(dir, me.pid, 'this process');
  const content = formatLock(me);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, content)) {
      held.set(file, content);
      return {
        release: () => {
          if (held.get(file) !== content) return;
          held.delete(file);
          if (readTrimmed(file) === content.trim()) fs.rmSync(file, { force: true });
        },
      };
    }
    const seen = readTrimmed(file);
    if (seen === undefined) continue; // removed meanwhile: try again
    const owner = parseLock(seen);
    const verdict = judgeOwner(owner, me, probe);
    if (verdict.live) throw new DataDirLockedError(dir, owner?.pid ?? 0, verdict.reason);
    // Take it over only if it still holds what we judged, so two starters cannot both remove a
    // fresh lock.
    if (readTrimmed(file) === seen) {
      logger.warn(
        { file, stalePid: owner?.pid ?? null, reason: verdict.reason },
        'taking over stale lock file',
      );
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not acquire lock file ${file}`);
}
