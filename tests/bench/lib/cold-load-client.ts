// One cold load, measured in a clean process: an unmodified y-websocket client opens a document the
// server does not hold in memory, and the same stored bytes are decoded with plain Yjs beside it.
// Both sides get the same warm JIT (decodes first) and a collected heap (gc() before each
// measurement); the decodes are timed both before and after the load and their median is kept,
// because a single decode of this document varies by 2× with V8's tiering.
// Started by bench/collab.ts with --expose-gc; prints one JSON line and exits.
import { readFileSync } from 'node:fs';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { webSocketWithHeaders } from '../../helpers/collab';
import { median, timeDecode, traceText } from './yjs-timing';

interface ColdLoadJob {
  collabUrl: string;
  documentId: string;
  /** Another, small document opened first, so the client's own code paths are warm too. */
  warmDocumentId: string;
  cookie: string;
  origin: string;
  snapshotFile: string;
  endContentFile: string;
}

const WARM_DECODES = 10;
/** Timed decodes on each side of the load. */
const DECODES_EACH_SIDE = 3;

function readJob(): ColdLoadJob {
  const raw = process.env.COLD_LOAD_JOB;
  if (!raw) throw new Error('COLD_LOAD_JOB is not set');
  return JSON.parse(raw) as ColdLoadJob;
}

function gcFunction(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start with --expose-gc');
  return gc;
}

const job = readJob();
const collect = gcFunction();
const snapshot = new Uint8Array(readFileSync(job.snapshotFile));
const endContent = readFileSync(job.endContentFile, 'utf8');

function connect(documentId: string, doc: Y.Doc): WebsocketProvider {
  return new WebsocketProvider(job.collabUrl, documentId, doc, {
    WebSocketPolyfill: webSocketWithHeaders({ cookie: job.cookie, origin: job.origin }),
    disableBc: true,
  });
}

async function openWarm(): Promise<void> {
  const doc = new Y.Doc();
  const provider = connect(job.warmDocumentId, doc);
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  provider.destroy();
  doc.destroy();
}

async function coldLoad(): Promise<{ coldMs: number; openMs: number; applyStartMs: number; text: string }> {
  const doc = new Y.Doc();
  let openedAt = 0;
  let applyStartedAt = 0;
  doc.once('beforeTransaction', () => {
    applyStartedAt = performance.now();
  });
  const started = performance.now();
  const provider = connect(job.documentId, doc);
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') openedAt = performance.now();
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const coldMs = performance.now() - started;
  const text = traceText(doc, endContent.length) ?? '';
  provider.destroy();
  doc.destroy();
  return { coldMs, openMs: openedAt - started, applyStartMs: applyStartedAt - started, text };
}

async function main(): Promise<void> {
  for (let warm = 0; warm < WARM_DECODES; warm += 1) {
    timeDecode(snapshot);
    timeDecode(snapshot, true);
  }
  await openWarm();
  const plain: number[] = [];
  const listened: number[] = [];
  const decodes = () => {
    for (let run = 0; run < DECODES_EACH_SIDE; run += 1) {
      collect();
      plain.push(timeDecode(snapshot));
      collect();
      listened.push(timeDecode(snapshot, true));
    }
  };
  decodes();
  collect();
  const load = await coldLoad();
  decodes();
  process.stdout.write(
    `${JSON.stringify({
      coldMs: load.coldMs,
      openMs: load.openMs,
      applyStartMs: load.applyStartMs,
      textMatches: load.text === endContent,
      plainMs: median(plain),
      listenedMs: median(listened),
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `cold load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
