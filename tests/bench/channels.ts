// Channels live delivery benchmark.
//
//   pnpm --filter @serantau/tests exec tsx bench/channels.ts [receivers=500] [messagesPerSecond=50] [seconds=10]
//
// 500 socket.io-client connections on loopback subscribe to one channel; 5 senders post 50
// messages per second through the real send path (validate → authorise → store → broadcast). Every
// receiver timestamps every message: latency is send → receipt, at every client. The same load
// then runs against a bare Socket.IO broadcast server (no auth, no storage) as the baseline.
// Each server runs in a child process, so its CPU and RSS are its own. Bounded; exits on its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const RECEIVERS = Number(process.argv[2] ?? 500);
const RATE = Number(process.argv[3] ?? 50);
const SECONDS = Number(process.argv[4] ?? 10);
const SENDERS = 5;
const WARMUP_MESSAGES = RATE;
const DRAIN_MS = 3_000;
const CONNECT_BATCH = 50;

// A benchmark must stop on its own, whatever happens.
const deadline = setTimeout(() => {
  process.stderr.write('benchmark took too long: stopping\n');
  process.exit(2);
}, 300_000);
deadline.unref();

interface ServerInfo {
  url: string;
  threadId: string;
  channelId?: string;
  receiverCookies?: string[];
  senderCookies?: string[];
}

interface RunResult {
  label: string;
  latencies: Float64Array;
  delivered: number;
  expected: number;
  ackLatencies: number[];
  rssBeforeKb: number;
  rssConnectedKb: number;
  rssAfterRunKb: number;
  heapPerConnectionKb: number;
  serverCpuPercent: number;
  failedSends: number;
}

interface ServerHandle {
  child: ChildProcess;
  info: ServerInfo;
  /** Asks the server to collect garbage and report its memory (resident, and live JavaScript heap). */
  memory(): Promise<{ rss: number; heapUsed: number }>;
}

function startServer(mode: 'serantau' | 'baseline'): Promise<ServerHandle> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      '--expose-gc',
      '--import',
      'tsx',
      path.join(here, 'lib', 'channels-server-child.ts'),
      mode,
      String(RECEIVERS),
      String(SENDERS),
    ],
    // stdin stays open as a lifeline: the child exits when this process does, however it ends.
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: path.join(here, '..') },
  );
  const memoryWaiters: ((memory: { rss: number; heapUsed: number }) => void)[] = [];
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (let newline = out.indexOf('\n'); newline >= 0; newline = out.indexOf('\n')) {
        const line = out.slice(0, newline);
        out = out.slice(newline + 1);
        const parsed = JSON.parse(line) as ServerInfo & { memory?: { rss: number; heapUsed: number } };
        if (parsed.memory) {
          memoryWaiters.shift()?.(parsed.memory);
        } else if (!ready) {
          ready = true;
          resolve({
            child,
            info: parsed,
            memory: () =>
              new Promise((answer) => {
                memoryWaiters.push(answer);
                child.kill('SIGUSR1');
              }),
          });
        }
      }
    });
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`${mode} server exited with ${code}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** Resident memory of a process, from /proc (Linux). */
function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** User + system CPU time of a process in clock ticks (from /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}
const TICKS_PER_SECOND = 100;

function connect(url: string, cookie: string | undefined): Promise<Socket> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function inBatches<T>(count: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, (_, offset) => make(start + offset)),
    );
    out.push(...batch);
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(mode: 'serantau' | 'baseline'): Promise<RunResult> {
  const { child, info, memory } = await startServer(mode);
  const pid = child.pid ?? 0;
  await sleep(500);
  const idle = await memory();

  const receivers = await inBatches(RECEIVERS, async (index) => {
    const socket = await connect(info.url, info.receiverCookies?.[index]);
    if (mode === 'serantau') {
      const ack = (await socket.timeout(10_000).emitWithAck('container:subscribe', {
        container: { type: 'channel', id: info.channelId },
      })) as { ok: boolean };
      if (!ack.ok) throw new Error('subscription refused');
    }
    return socket;
  });
  const senders = await inBatches(SENDERS, (index) => connect(info.url, info.senderCookies?.[index]));
  const connected = await memory();

  const total = WARMUP_MESSAGES + RATE * SECONDS;
  const sentAt = new Float64Array(total).fill(Number.NaN);
  const latencies = new Float64Array((total - WARMUP_MESSAGES) * RECEIVERS);
  let delivered = 0;
  const prefix = `bench-${mode}-`;
  for (const socket of receivers) {
    socket.on('message:created', (event: { message: { body: string } }) => {
      const received = performance.now();
      const body = event.message.body;
      if (!body.startsWith(prefix)) return;
      const index = Number(body.slice(prefix.length, body.indexOf(' ', prefix.length)));
      if (index < WARMUP_MESSAGES) return;
      const sent = sentAt[index];
      if (sent === undefined || Number.isNaN(sent) || delivered >= latencies.length) return;
      latencies[delivered] = received - sent;
      delivered += 1;
    });
  }

  await sleep(1_000);
  await memory();
  const cpuBefore = cpuTicks(pid);
  const measureStart = performance.now();
  const ackLatencies: number[] = [];
  let failedSends = 0;
  const failureCodes = new Map<string, number>();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    // Paced on an absolute schedule, so a slow ack never slows the offered load.
    const due = started + (index * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const sender = senders[index % SENDERS];
    if (!sender) continue;
    const payload = {
      threadId: info.threadId,
      clientMessageId: `${prefix}${index}-${Date.now()}`,
      body: `${prefix}${index} position report: vessel sighted off the coast, crew of twelve, two minors aboard.`,
    };
    sentAt[index] = performance.now();
    pending.push(
      (sender.timeout(10_000).emitWithAck('message:send', payload) as Promise<{ ok: boolean }>).then(
        (ack) => {
          if (!ack.ok) {
            failedSends += 1;
            failureCodes.set(
              JSON.stringify((ack as { error?: unknown }).error),
              (failureCodes.get(JSON.stringify((ack as { error?: unknown }).error)) ?? 0) + 1,
            );
          } else if (index >= WARMUP_MESSAGES) ackLatencies.push(performance.now() - (sentAt[index] ?? 0));
        },
        () => {
          failedSends += 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  if (failureCodes.size > 0) process.stderr.write(`failures: ${JSON.stringify([...failureCodes])}\n`);
  await sleep(DRAIN_MS);
  const measuredSeconds = (performance.now() - measureStart) / 1000;
  const serverCpuPercent = ((cpuTicks(pid) - cpuBefore) / TICKS_PER_SECOND / measuredSeconds) * 100;
  const rssAfterRunKb = rssKb(pid);
  child.kill('SIGUSR2');
  await sleep(200);

  for (const socket of [...receivers, ...senders]) socket.disconnect();
  await stopServer(child);
  return {
    label: mode === 'serantau' ? 'Serantau (real send path)' : 'bare Socket.IO broadcast',
    latencies: latencies.subarray(0, delivered),
    delivered,
    expected: (total - WARMUP_MESSAGES) * RECEIVERS,
    ackLatencies,
    rssBeforeKb: idle.rss / 1024,
    rssConnectedKb: connected.rss / 1024,
    rssAfterRunKb,
    heapPerConnectionKb: (connected.heapUsed - idle.heapUsed) / 1024 / (RECEIVERS + SENDERS),
    serverCpuPercent,
    failedSends,
  };
}

function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function summarise(result: RunResult) {
  const sorted = Float64Array.from(result.latencies).sort();
  const acks = [...result.ackLatencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    perConnectionKb: (result.rssConnectedKb - result.rssBeforeKb) / (RECEIVERS + SENDERS),
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  process.stdout.write(
    `channels bench: ${RECEIVERS} receivers, ${SENDERS} senders, ${RATE} messages/s for ${SECONDS} s (+${WARMUP_MESSAGES} warm-up), loopback\n`,
  );
  const ours = await run('serantau');
  const baseline = await run('baseline');
  const rows = [ours, baseline].map((result) => ({ result, stats: summarise(result) }));
  for (const { result, stats } of rows) {
    process.stdout.write(
      [
        `\n${result.label}`,
        `  delivered         ${result.delivered.toLocaleString('en-US')} / ${result.expected.toLocaleString('en-US')} (failed sends: ${result.failedSends})`,
        `  latency p50       ${ms(stats.p50)}`,
        `  latency p90       ${ms(stats.p90)}`,
        `  latency p99       ${ms(stats.p99)}`,
        `  latency max       ${ms(stats.max)}`,
        `  send ack p50/p99  ${ms(stats.ackP50)} / ${ms(stats.ackP99)}`,
        `  server RSS        ${(result.rssBeforeKb / 1024).toFixed(1)} MB idle → ${(result.rssConnectedKb / 1024).toFixed(1)} MB connected → ${(result.rssAfterRunKb / 1024).toFixed(1)} MB after the run`,
        `  per connection    ${stats.perConnectionKb.toFixed(1)} KB resident, ${result.heapPerConnectionKb.toFixed(1)} KB live heap (after a full GC)`,
        `  server CPU        ${result.serverCpuPercent.toFixed(0)} % of one core during the run`,
      ].join('\n') + '\n',
    );
  }
  const [first, second] = rows;
  if (first && second) {
    process.stdout.write(
      `\nratio Serantau / baseline: p50 ${(first.stats.p50 / second.stats.p50).toFixed(2)}×, p99 ${(first.stats.p99 / second.stats.p99).toFixed(2)}×, live heap/connection ${(first.result.heapPerConnectionKb / second.result.heapPerConnectionKb).toFixed(2)}×\n`,
    );
    process.stdout.write(
      `target p99 < 50 ms: ${first.stats.p99 < 50 ? 'met' : 'NOT met'} (${ms(first.stats.p99)})\n`,
    );
  }
  clearTimeout(deadline);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
