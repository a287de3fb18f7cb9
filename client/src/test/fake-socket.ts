import type { AppSocket } from '../lib/socket';

type Listener = (...args: unknown[]) => void;

/**
 * A stand-in for a Socket.IO client socket: tests play the server by calling `serverEmit` and answer
 * acknowledged emits through `respond`.
 */
export class FakeSocket {
  connected = false;
  active = false;
  readonly emitted: { event: string; payload: unknown }[] = [];
  respond: (event: string, payload: unknown) => unknown = () => ({ ok: true });
  /** When false, acknowledged emits time out instead of answering. */
  answers = true;
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  serverEmit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  connect(): this {
    this.active = true;
    this.connected = true;
    this.serverEmit('connect');
    return this;
  }

  disconnect(): this {
    this.active = false;
    this.connected = false;
    this.serverEmit('disconnect', 'io client disconnect');
    return this;
  }

  timeout(_ms: number) {
    return {
      emit: (event: string, payload: unknown, ack: (error: Error | null, result?: unknown) => void) => {
        this.emitted.push({ event, payload });
        if (this.answers) queueMicrotask(() => ack(null, this.respond(event, payload)));
        else queueMicrotask(() => ack(new Error('operation has timed out')));
      },
    };
  }

  asSocket(): AppSocket {
    return this as unknown as AppSocket;
  }
}
