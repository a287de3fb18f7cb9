import type { AckResult } from './events';
import type { ErrorCode } from './errors';
import type { Message, SendMessage } from './threads';

/** A message the member wrote, waiting to be stored by the server. */
export interface OutboxEntry {
  threadId: string;
  clientMessageId: string;
  body: string;
  replyToId?: string;
  attachmentIds?: string[];
  queuedAt: string;
}

export interface OutboxTransport {
  /** Whether a send can be attempted now. */
  isConnected(): boolean;
  /** Sends one message and resolves with the server's ack; rejects on timeout or a dropped connection. */
  send(payload: SendMessage): Promise<AckResult<{ message: Message }>>;
}

export interface OutboxStorage {
  load(): OutboxEntry[];
  save(entries: readonly OutboxEntry[]): void;
}

export interface OutboxEvents {
  /** Stored (or found already stored: a retry never makes a second copy). */
  onSent(entry: OutboxEntry, message: Message): void;
  /** Refused for good (not allowed, invalid): the text is handed back so it is not lost. */
  onRejected(entry: OutboxEntry, error: { code: ErrorCode; message: string }): void;
  /** The queue changed (for "n messages waiting to send" in the UI). */
  onChange?(entries: readonly OutboxEntry[]): void;
}

/** Refusals worth retrying later rather than giving up on. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set([
  'RATE_LIMITED',
  'SLOW_MODE',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
]);

/**
 * Messages typed while offline (or while a send is in flight) wait here and are sent one at a
 * time, in the order they were written. Each keeps its clientMessageId across retries, so an ack
 * lost with the connection only ever leads to the server answering "already stored".
 */
export class MessageOutbox {
  private entries: OutboxEntry[];
  private flushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly transport: OutboxTransport,
    private readonly events: OutboxEvents,
    private readonly storage?: OutboxStorage,
  ) {
    this.entries = storage?.load() ?? [];
  }

  get pending(): readonly OutboxEntry[] {
    return this.entries;
  }

  enqueue(entry: Omit<OutboxEntry, 'queuedAt'>): OutboxEntry {
    const queued = { ...entry, queuedAt: new Date().toISOString() };
    this.entries = [...this.entries, queued];
    this.persist();
    void this.flush();
    return queued;
  }

  /** Drops a waiting message (the member discarded it). */
  discard(clientMessageId: string): void {
    this.entries = this.entries.filter((entry) => entry.clientMessageId !== clientMessageId);
    this.persist();
  }

  /** Sends what waits, in order; stops at the first failure that a reconnection may cure. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.entries.length > 0 && this.transport.isConnected()) {
        const entry = this.entries[0];
        if (!entry) break;
        let ack: AckResult<{ message: Message }>;
        try {
          ack = await this.transport.send(wirePayload(entry));
        } catch {
          // Timed out or disconnected: keep it first in line; the next connection flushes again.
          break;
        }
        if (ack.ok) {
          this.remove(entry);
          this.events.onSent(entry, ack.message);
          continue;
        }
        if (RETRYABLE.has(ack.error.code)) {
          this.scheduleRetry((ack.error.retryAfterSeconds ?? 2) * 1000);
          break;
        }
        this.remove(entry);
        this.events.onRejected(entry, ack.error);
      }
    } finally {
      this.flushing = false;
    }
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleRetry(delayMs: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, delayMs);
  }

  private remove(entry: OutboxEntry): void {
    this.entries = this.entries.filter((candidate) => candidate.clientMessageId !== entry.clientMessageId);
    this.persist();
  }

  private persist(): void {
    this.storage?.save(this.entries);
    this.events.onChange?.(this.entries);
  }
}

/** Exactly the fields `message:send` accepts (the server refuses unknown keys). */
function wirePayload(entry: OutboxEntry): SendMessage {
  return {
    threadId: entry.threadId,
    clientMessageId: entry.clientMessageId,
    body: entry.body,
    ...(entry.replyToId ? { replyToId: entry.replyToId } : {}),
    ...(entry.attachmentIds && entry.attachmentIds.length > 0 ? { attachmentIds: entry.attachmentIds } : {}),
  };
}
