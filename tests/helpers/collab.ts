import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD } from '@serantau/shared';
import { TEST_ORIGIN } from './app';
import type { TestClient } from './http';

/**
 * y-websocket's provider takes a WebSocket class and calls `new WS(url, protocols)`. In Node the
 * browser would add the Cookie and Origin headers itself; this subclass adds them for it.
 */
export function webSocketWithHeaders(headers: Record<string, string>): typeof globalThis.WebSocket {
  class HeaderWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  // ws implements the browser WebSocket interface the provider uses (onopen, onmessage, binaryType…).
  return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Updates this client received from the server (origin = provider). */
  received: Uint8Array[];
  /** Resolves once the first sync completed. */
  synced: Promise<void>;
  /** Resolves with the close code/reason of the first permanent close (4400–4499). */
  closed: Promise<{ code: number; reason: string }>;
  /** Every close event the provider saw. */
  closes: { code: number; reason: string }[];
  text(): string;
  destroy(): void;
}

export interface ConnectDocOptions {
  origin?: string | null;
  doc?: Y.Doc;
  /** Skip the cookie (unauthenticated connection). */
  anonymous?: boolean;
  connect?: boolean;
}

/**
 * The unmodified npm `WebsocketProvider` against the app's `/collab/<id>` endpoint, authenticated
 * with the test client's session cookie. BroadcastChannel is disabled: providers in one test
 * process would otherwise talk to each other around the server.
 */
export function connectDoc(
  baseUrl: string,
  client: TestClient | null,
  documentId: string,
  options: ConnectDocOptions = {},
): DocClient {
  const headers: Record<string, string> = {};
  if (client?.cookie && !options.anonymous) headers.cookie = client.cookie;
  const origin = options.origin === undefined ? TEST_ORIGIN : options.origin;
  if (origin) headers.origin = origin;
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/collab`, documentId, doc, {
    WebSocketPolyfill: webSocketWithHeaders(headers),
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 300,
  });
  const received: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, updateOrigin: unknown) => {
    if (updateOrigin === provider) received.push(update);
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (state: boolean) => {
      if (state) resolve();
    });
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on('closed', (event) => resolve({ code: event.code, reason: event.reason }));
  });
  return {
    doc,
    provider,
    received,
    synced,
    closed,
    closes,
    text: () => fragmentText(doc),
    destroy() {
      provider.destroy();
    },
  };
}

/** The plain text of a document's rich-text fragment (paragraphs joined by newlines). */
export function fragmentText(doc: Y.Doc): string {
  const parts: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      parts.push(
        (node.toDelta() as { insert?: unknown }[])
          .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
          .join(''),
      );
    } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) walk(child);
      if (node instanceof Y.XmlElement) parts.push('\n');
    }
  };
  walk(doc.getXmlFragment(COLLAB_FRAGMENT_FIELD));
  return parts.join('').replace(/\n+$/, '');
}

/** Appends a paragraph with `text` (what typing a new line does in the editor). */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const fragment = doc.getXmlFragment(COLLAB_FRAGMENT_FIELD);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

/** Polls until `check` passes or the timeout expires (then throws with the last failure). */
export async function eventually(
  check: () => void | Promise<void>,
  timeoutMs = 5_000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw lastError instanceof Error ? lastError : new Error('condition not met in time');
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`${what} did not happen within ${timeoutMs} ms`)), timeoutMs),
    ),
  ]);
}

/** A raw WebSocket to the collab endpoint (for protocol-level tests: garbage frames, truncation…). */
export function rawCollabSocket(
  baseUrl: string,
  client: TestClient | null,
  documentId: string,
  origin: string | null = TEST_ORIGIN,
): WebSocket {
  const headers: Record<string, string> = {};
  if (client?.cookie) headers.cookie = client.cookie;
  if (origin) headers.origin = origin;
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/collab/${documentId}`, { headers });
  socket.binaryType = 'nodebuffer';
  return socket;
}

/** Resolves with the close code and reason (or the HTTP status when the upgrade was refused). */
export function socketOutcome(
  socket: WebSocket,
  timeoutMs = 5_000,
): Promise<{ code: number; reason: string; httpStatus: number | null; messages: Buffer[] }> {
  const messages: Buffer[] = [];
  socket.on('message', (data: Buffer) => messages.push(data));
  return withTimeout(
    new Promise((resolve) => {
      socket.on('unexpected-response', (_request, response) => {
        resolve({ code: 0, reason: '', httpStatus: response.statusCode ?? null, messages });
        socket.terminate();
      });
      socket.on('error', () => undefined);
      socket.on('close', (code: number, reason: Buffer) =>
        resolve({ code, reason: reason.toString(), httpStatus: null, messages }),
      );
    }),
    timeoutMs,
    'socket close',
  );
}
