// The foreground CLI must not outlive the command that launched it. `pnpm db:embedded` runs
// pnpm -> sh -c -> pnpm exec -> tsx -> node; a SIGTERM sent to the outer pnpm (what `kill <pid>`,
// an IDE or a process manager does) kills the `sh` wrapper, which does not pass it on, so the
// server kept running, holding its port and the data directory lock, with nobody left to stop it.
// (Ctrl-C is fine: the terminal signals the whole process group.)
//
// So the CLI watches the processes that launched it: its ancestors in its own process group (the
// job a shell or supervisor started; the interactive shell itself is in another group, so a
// `nohup ... &` job keeps running after the terminal closes). When one of them is gone it stops
// exactly as on SIGTERM. Linux only (it reads /proc); elsewhere only the direct parent is watched.
import fs from 'node:fs';

export interface ProcStat {
  ppid: number;
  pgrp: number;
  /** Start time in clock ticks since boot: tells a live process from a reused pid. */
  startTicks: string;
}

export function readProcStat(pid: number | 'self'): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which is in parentheses and may itself contain ' ' or ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(rest[1]);
  const pgrp = Number(rest[2]);
  const startTicks = rest[19];
  if (!Number.isInteger(ppid) || !Number.isInteger(pgrp) || !startTicks) return undefined;
  return { ppid, pgrp, startTicks };
}

export interface Launcher {
  pid: number;
  startTicks: string;
}

/** Ancestors of this process that belong to its process group, nearest first. */
export function launcherChain(read: typeof readProcStat = readProcStat): Launcher[] {
  const self = read('self');
  if (!self) return [];
  const chain: Launcher[] = [];
  let pid = self.ppid;
  while (pid > 1 && chain.length < 64) {
    const st = read(pid);
    if (!st || st.pgrp !== self.pgrp) break;
    chain.push({ pid, startTicks: st.startTicks });
    pid = st.ppid;
  }
  return chain;
}

/**
 * Calls `onGone` once when a launcher exits (or, without /proc, when the parent changes).
 * Returns a function that stops watching.
 */
export function watchLaunchers(
  onGone: (pid: number) => void,
  opts: { intervalMs?: number; read?: typeof readProcStat } = {},
): () => void {
  const read = opts.read ?? readProcStat;
  const chain = launcherChain(read);
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone = chain.find((l) => read(l.pid)?.startTicks !== l.startTicks);
    const lost = gone?.pid ?? (process.ppid !== parent ? parent : undefined);
    if (lost !== undefined) {
      clearInterval(timer);
      onGone(lost);
    }
  }, opts.intervalMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}
