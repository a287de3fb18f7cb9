import { describe, expect, it } from 'vitest';
import { type ProcStat, launcherChain, readProcStat, watchLaunchers } from './launcher.js';

/** A fake /proc: self (pid 50) <- 40 <- 30 <- 20 (another group: the interactive shell) <- 1. */
function fakeProc(): {
  table: Map<number | 'self', ProcStat>;
  read: (pid: number | 'self') => ProcStat | undefined;
} {
  const table = new Map<number | 'self', ProcStat>([
    ['self', { ppid: 40, pgrp: 30, startTicks: '500' }],
    [40, { ppid: 30, pgrp: 30, startTicks: '400' }],
    [30, { ppid: 20, pgrp: 30, startTicks: '300' }],
    [20, { ppid: 1, pgrp: 20, startTicks: '200' }],
  ]);
  return { table, read: (pid) => table.get(pid) };
}

describe('launcher watch', () => {
  it('reads this process from /proc on Linux', () => {
    const self = readProcStat('self');
    if (process.platform !== 'linux') return expect(self).toBeUndefined();
    expect(self?.ppid).toBe(process.ppid);
    expect(self?.startTicks).toMatch(/^\d+$/);
  });

  it('lists the ancestors in our process group, nearest first', () => {
    expect(launcherChain(fakeProc().read)).toEqual([
      { pid: 40, startTicks: '400' },
      { pid: 30, startTicks: '300' },
    ]);
    expect(launcherChain(() => undefined)).toEqual([]);
  });

  it('reports a launcher that exits, or whose pid now belongs to another process', async () => {
    for (const change of ['exit', 'reuse'] as const) {
      const proc = fakeProc();
      const gone: number[] = [];
      const stop = watchLaunchers((pid) => gone.push(pid), { intervalMs: 5, read: proc.read });
      try {
        await new Promise((r) => setTimeout(r, 30));
        expect(gone).toEqual([]);
        if (change === 'exit') proc.table.delete(30);
        else proc.table.set(30, { ppid: 1, pgrp: 99, startTicks: '999' });
        await new Promise((r) => setTimeout(r, 30));
        expect(gone).toEqual([30]); // once
      } finally {
        stop();
      }
    }
  });
});
