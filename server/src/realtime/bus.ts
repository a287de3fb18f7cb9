import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
import type { Logger } from 'pino';

/**
 * Cross-process messages (collab updates, revocations). In one process an EventEmitter; with
 * REDIS_URL, Redis pub/sub so every process of a deployment hears every message, its own included.
 */
export interface MessageBus {
  publish(channel: string, payload: string): Promise<void>;
  subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function createLocalBus(): MessageBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(channel, payload) {
      emitter.emit(channel, payload);
    },
    async subscribe(channel, handler) {
      emitter.on(channel, handler);
      return async () => {
        emitter.off(channel, handler);
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisBus extends MessageBus {
  /** Connected clients for the Socket.IO adapter, closed with the bus. */
  adapterClients: { publisher: RedisClient; subscriber: RedisClient };
}

export async function createRedisBus(url: string, logger: Logger): Promise<RedisBus> {
  const publisher = createClient({ url });
  const subscriber = publisher.duplicate();
  const adapterPublisher = publisher.duplicate();
  const adapterSubscriber = publisher.duplicate();
  const clients = [publisher, subscriber, adapterPublisher, adapterSubscriber];
  for (const client of clients) {
    client.on('error', (error: unknown) => logger.error({ err: error }, 'redis connection error'));
  }
  await Promise.all(clients.map((client) => client.connect()));
  return {
    adapterClients: { publisher: adapterPublisher, subscriber: adapterSubscriber },
    async publish(channel, payload) {
      await publisher.publish(channel, payload);
    },
    async subscribe(channel, handler) {
      await subscriber.subscribe(channel, handler);
      return async () => {
        await subscriber.unsubscribe(channel, handler);
      };
    },
    async close() {
      // Listeners first: a request from another process arriving now would otherwise be answered
      // through a publisher that has already quit (the adapter does not catch that rejection).
      await Promise.allSettled([subscriber, adapterSubscriber].map((client) => client.quit()));
      await Promise.allSettled([publisher, adapterPublisher].map((client) => client.quit()));
    },
  };
}
