// One process per data directory: a lock file holding the owner's pid. A lock left by a process
// that no longer exists is taken over; a live owner (or this same process) is refused.
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedLogger } from '../logger.js';

export const LOCK_FILE = 'mongod.lock';

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `Data directory ${dir} is in use by process ${pid} (lock file ${path.join(dir, LOCK_FILE)}). ` +
        'Stop that process, or use another --dbpath.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | undefined {
  try {
    const n = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export interface DirLock {
  release(): void;
}

export function acquireLock(dir: string, logger: EmbeddedLogger): DirLock {
  const file = path.join(dir, LOCK_FILE);
  const held = new Set<string>();
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      held.add(file);
      return {
        release: () => {
          if (!held.delete(file)) return;
          if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = readPid(file);
    if (pid !== undefined && (pid === process.pid || isAlive(pid))) throw new DataDirLockedError(dir, pid);
    // Stale (dead owner or unreadable/empty file from a crash mid-write): take it over, but only
    // if it still holds what we inspected, so two starters cannot both remove a fresh lock.
    if (readPid(file) === pid) {
      logger.warn({ file, stalePid: pid ?? null }, 'taking over stale lock file');
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not acquire lock file ${file}`);
}
