import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  COLLAB_CLOSE_CODES,
  COLLAB_CLOSE_REASONS,
  COLLAB_PATH_PREFIX,
  collabColourFor,
  type CollabCloseCode,
  type DocumentOwner,
  type SessionEndReason,
} from '@serantau/shared';
import { tokenFromCookieHeader } from '../modules/auth/cookie';
import type { AuthService } from '../modules/auth/service';
import type { SessionStore } from '../modules/auth/sessions';
import type { AuditService } from '../modules/audit/service';
import type { Actor, RequestOrigin } from '../policy/actor';
import { canWriteDocument, decideDocumentAccess } from '../policy/documents';
import type { MessageBus } from '../realtime/bus';
import { WriteRefused, type DocumentHub, type HubConnection, type LoadedDocument } from './hub';
import type { OwnerRegistry } from './owners';
import {
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  encodeSavedAck,
  encodeSyncStep1,
  parseMessage,
  type IncomingMessage as CollabMessage,
} from './protocol';

/** What the endpoint needs to know about a document before letting anyone in. */
export interface CollabDocumentInfo {
  id: ObjectId;
  owner: DocumentOwner;
  title: string;
}

export interface CollabLimits {
  maxUpdateBytes: number;
  maxAwarenessBytes: number;
}

export interface CollabServerDeps {
  allowedOrigins: readonly string[];
  secureCookies: boolean;
  trustProxy: boolean | string[];
  auth: AuthService;
  sessions: SessionStore;
  audit: AuditService;
  owners: OwnerRegistry;
  hub: DocumentHub;
  bus: MessageBus;
  logger: Logger;
  limits: CollabLimits;
  findDocument(id: ObjectId): Promise<CollabDocumentInfo | null>;
  /** How often open connections are checked against session expiry. */
  sweepIntervalMs?: number;
}

/** A slow reader whose outgoing buffer grows past this is disconnected (it will resync on reconnect). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Hard cap on a frame; frames between the update limit and this get a clear 4413 close. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;
const SERVER_ORIGIN = Symbol('server');

/**
 * One y-websocket connection to one document, authenticated and authorised before it was
 * accepted. Frames are processed strictly in order by a single pump; the listener is attached in
 * the same tick the socket is accepted so nothing the client sends is lost while the document loads.
 */
class CollabConnection implements HubConnection {
  readonly awarenessClients = new Set<number>();
  private readonly inbox: Uint8Array[] = [];
  private pumping = false;
  closed = false;
  edits = 0;
  editBytes = 0;
  editStartedAt: Date | null = null;
  writeDeniedAudited = false;
  private ackScheduled = false;
  readonly openedAt = new Date();

  constructor(
    readonly ws: WebSocket,
    readonly actor: Actor,
    readonly documentId: string,
    readonly owner: DocumentOwner,
    readonly caseId: string | null,
    public access: 'edit' | 'view',
    readonly origin: RequestOrigin,
    readonly doc: LoadedDocument,
    private readonly handle: (connection: CollabConnection, frame: Uint8Array) => Promise<void>,
  ) {}

  get userId(): string {
    return this.actor.userId;
  }

  enqueue(frame: Uint8Array): void {
    if (this.closed) return;
    this.inbox.push(frame);
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.closed) {
        const frame = this.inbox.shift();
        if (!frame) break;
        await this.handle(this, frame);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** One "stored" acknowledgement per group commit, however many of our updates it held. */
  scheduleSavedAck(): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    queueMicrotask(() => {
      this.ackScheduled = false;
      if (this.doc.state === 'ready') this.send(encodeSavedAck(this.doc.stateVector(), this.edits));
    });
  }

  /** Sends and resolves once the frame has been handed to the operating system (or failed). */
  sendFlushed(frame: Uint8Array): Promise<void> {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return Promise.resolve();
    return new Promise<void>((resolve) => this.ws.send(frame, () => resolve()));
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(1013, 'Too far behind; reconnecting');
      return;
    }
    this.ws.send(frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.inbox.length = 0;
    try {
      this.ws.close(code, reason.slice(0, 120));
    } catch {
      this.ws.terminate();
    }
  }
}

/**
 * The collab endpoint: `/collab/<documentId>` speaking y-websocket (sync + awareness) on the app's
 * port. Access is decided before the upgrade completes, through the owner registry and `policy/`;
 * refused connections are closed with a code from `shared/src/collab.ts` before any document byte
 * is sent, and every open (allowed or denied) is audited.
 */
export function createCollabServer(deps: CollabServerDeps) {
  const { hub, logger } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const byUser = new Map<string, Set<CollabConnection>>();
  const all = new Set<CollabConnection>();
  let shuttingDown = false;

  function originOf(request: IncomingMessage): RequestOrigin {
    const userAgent = request.headers['user-agent'];
    return {
      ip: clientIp(request, deps.trustProxy),
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 300) : null,
    };
  }

  async function audit(
    actor: Actor | null,
    action: string,
    documentId: string,
    caseId: string | null,
    outcome: 'allowed' | 'denied',
    origin: RequestOrigin | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await deps.audit.record({
      actor,
      action,
      target: { type: 'document', id: documentId },
      caseId,
      outcome,
      origin,
      details,
    });
  }

  function refuseHttp(socket: Duplex, status: 403 | 404): void {
    const text = status === 403 ? 'Forbidden' : 'Not Found';
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  /** Completes the handshake only to say why, with a code y-websocket will not retry. */
  function refuseWithCode(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    code: CollabCloseCode,
  ): void {
    wss.handleUpgrade(request, socket, head, (ws) => {
      // No message listener: nothing the client sends is read.
      ws.close(code, COLLAB_CLOSE_REASONS[code]);
    });
  }

  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0] ?? '';
    const rawId = path.slice(COLLAB_PATH_PREFIX.length);
    const origin = originOf(request);
    if (!/^[a-f0-9]{24}$/.test(rawId)) {
      refuseHttp(socket, 404);
      return;
    }
    const documentId = rawId;
    // Cross-site WebSocket hijacking: a browser on another site sends our cookie but its own Origin.
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && !deps.allowedOrigins.includes(requestOrigin)) {
      await audit(null, 'document.open', documentId, null, 'denied', origin, {
        reason: 'origin_not_allowed',
        origin: requestOrigin.slice(0, 200),
      });
      refuseHttp(socket, 403);
      return;
    }
    if (shuttingDown) {
      refuseWithCode(request, socket, head, COLLAB_CLOSE_CODES.serverShuttingDown);
      return;
    }
    const token = tokenFromCookieHeader(request.headers.cookie, deps.secureCookies);
    const auth = token ? await deps.auth.resolve(token) : null;
    const actor = auth?.actor ?? null;
    if (!actor) {
      await audit(null, 'document.open', documentId, null, 'denied', origin, { reason: 'unauthenticated' });
      refuseWithCode(request, socket, head, COLLAB_CLOSE_CODES.unauthenticated);
      return;
    }
    const info = await deps.findDocument(new ObjectId(documentId));
    if (!info) {
      await audit(actor, 'document.open', documentId, null, 'denied', origin, { reason: 'not_found' });
      refuseWithCode(request, socket, head, COLLAB_CLOSE_CODES.notFound);
      return;
    }
    const decision = await decideDocumentAccess(deps.owners, actor, info.owner);
    if (decision.access === 'none') {
      await audit(actor, 'document.open', documentId, decision.caseId, 'denied', origin, {
        reason: 'not_permitted',
        ownerType: info.owner.type,
      });
      refuseWithCode(request, socket, head, COLLAB_CLOSE_CODES.forbidden);
      return;
    }
    // Start reading the document while the open is being recorded: nothing is sent before the
    // record is durable, but the two database round trips overlap.
    // (If the connection never attaches, e.g. the audit write fails, the document unloads on its own.)
    hub.open(documentId, info.id).releaseIfIdle();
    // Recorded before a single byte of the document leaves the server.
    await audit(actor, 'document.open', documentId, decision.caseId, 'allowed', origin, {
      access: decision.access,
      title: info.title,
    });
    const access = decision.access;
    wss.handleUpgrade(request, socket, head, (ws) =>
      accept(ws, actor, info, access, decision.caseId, origin),
    );
  }

  function accept(
    ws: WebSocket,
    actor: Actor,
    info: CollabDocumentInfo,
    access: 'edit' | 'view',
    caseId: string | null,
    origin: RequestOrigin,
  ): void {
    const documentId = info.id.toHexString();
    const doc = hub.open(documentId, info.id);
    const connection = new CollabConnection(
      ws,
      actor,
      documentId,
      info.owner,
      caseId,
      access,
      origin,
      doc,
      handleFrame,
    );
    // The listener goes on first, in this tick: frames are queued until the document is loaded.
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        connection.close(COLLAB_CLOSE_CODES.malformedMessage, 'Text frames are not part of the protocol');
        return;
      }
      connection.enqueue(toBytes(data));
    });
    ws.on('close', () => onClosed(connection));
    ws.on('error', (error) => {
      logger.debug({ err: error, documentId }, 'collab socket error');
      connection.close(1011, 'Connection error');
    });
    if (shuttingDown) {
      connection.close(COLLAB_CLOSE_CODES.serverShuttingDown, COLLAB_CLOSE_REASONS[4503]);
      return;
    }
    all.add(connection);
    let mine = byUser.get(actor.userId);
    if (!mine) byUser.set(actor.userId, (mine = new Set()));
    mine.add(connection);
    doc.attach(connection);
    // Once decoded, ask the client for what it has that we lack (offline edits) and share presence.
    doc.ready.then(
      () => {
        if (connection.closed) return;
        connection.send(encodeSyncStep1(doc.stateVector()));
        const presence = doc.awarenessFrame();
        if (presence) connection.send(presence);
      },
      (error: unknown) => {
        logger.error({ err: error, documentId }, 'document failed to load');
        connection.close(1011, 'The document could not be loaded; retrying');
      },
    );
  }

  async function handleFrame(connection: CollabConnection, frame: Uint8Array): Promise<void> {
    const parsed = parseMessage(frame);
    if (!parsed.ok) {
      refuse(connection, COLLAB_CLOSE_CODES.malformedMessage, 'malformed_message', { detail: parsed.reason });
      return;
    }
    try {
      await handleMessage(connection, parsed.message);
    } catch (error) {
      logger.error({ err: error, documentId: connection.documentId }, 'collab message failed');
      connection.close(1011, 'The server could not process a message');
    }
  }

  async function handleMessage(connection: CollabConnection, message: CollabMessage): Promise<void> {
    const { doc } = connection;
    switch (message.kind) {
      case 'sync-step-1': {
        // Answered straight from storage while the document is still being decoded (cold load).
        await doc.rawReady;
        if (connection.closed) return;
        const frames = doc.syncStep2Frames(message.stateVector);
        frames.forEach((frame, index) => {
          if (index < frames.length - 1) connection.send(frame);
        });
        const last = frames.at(-1);
        if (last) doc.awaitRawFlush(connection.sendFlushed(last));
        return;
      }
      case 'update':
        await handleUpdate(connection, message.update);
        return;
      case 'awareness':
        await handleAwareness(connection, message.update);
        return;
      case 'query-awareness': {
        // Presence waits for the decode without hurrying it (see handleAwareness).
        await doc.ready;
        const presence = doc.awarenessFrame();
        if (presence && !connection.closed) connection.send(presence);
        return;
      }
      case 'auth':
        return;
    }
  }

  async function handleUpdate(connection: CollabConnection, update: Uint8Array): Promise<void> {
    if (update.byteLength > deps.limits.maxUpdateBytes) {
      refuse(connection, COLLAB_CLOSE_CODES.updateTooLarge, 'update_too_large', { bytes: update.byteLength });
      return;
    }
    if (isEmptyUpdate(update)) return;
    // Decode fully before anything else: a structurally broken update must never reach the log.
    try {
      Y.decodeUpdate(update);
    } catch (error) {
      refuse(connection, COLLAB_CLOSE_CODES.malformedMessage, 'malformed_update', {
        detail: error instanceof Error ? error.message.slice(0, 200) : 'undecodable',
      });
      return;
    }
    await connection.doc.whenReady();
    if (connection.closed) return;
    // A reconnecting client's step 2 repeats what we have: not an edit, nothing to store.
    if (connection.doc.isRedundant(update)) return;
    if (!canWriteDocument(connection.access)) {
      // Viewers: never applied, stored or broadcast. Audited once per connection (not per keystroke).
      if (!connection.writeDeniedAudited) {
        connection.writeDeniedAudited = true;
        await audit(
          connection.actor,
          'document.write_denied',
          connection.documentId,
          connection.caseId,
          'denied',
          connection.origin,
          { access: connection.access },
        );
      }
      return;
    }
    // Not awaited: the next frame may be queued behind this one in the document's group commit.
    connection.doc.submit(update, connection.userId, connection).then(
      () => {
        connection.edits += 1;
        connection.editBytes += update.byteLength;
        connection.scheduleSavedAck();
        if (connection.edits === 1) {
          connection.editStartedAt = new Date();
          void audit(
            connection.actor,
            'document.edit_session',
            connection.documentId,
            connection.caseId,
            'allowed',
            connection.origin,
          ).catch((error: unknown) => logger.error({ err: error }, 'audit failed'));
        }
      },
      (error: unknown) => {
        if (error instanceof WriteRefused && error.reason === 'document_too_large') {
          refuse(connection, COLLAB_CLOSE_CODES.documentTooLarge, 'document_too_large', {});
          return;
        }
        logger.warn({ err: error, documentId: connection.documentId }, 'collab update not stored');
        // The client still has its change and resends it on reconnect (sync step 2).
        connection.close(1011, 'Your change could not be saved yet; reconnecting');
      },
    );
  }

  async function handleAwareness(connection: CollabConnection, update: Uint8Array): Promise<void> {
    if (update.byteLength > deps.limits.maxAwarenessBytes) {
      refuse(connection, COLLAB_CLOSE_CODES.updateTooLarge, 'awareness_too_large', {
        bytes: update.byteLength,
      });
      return;
    }
    // Viewers' presence writes are dropped with their document writes (SECURITY row 2).
    if (!canWriteDocument(connection.access)) return;
    const entries = decodeAwarenessUpdate(update);
    if (!entries) {
      refuse(connection, COLLAB_CLOSE_CODES.malformedMessage, 'malformed_awareness', {});
      return;
    }
    const { doc } = connection;
    // Every client announces its presence right after its sync step 1: that must not start the
    // decode of a cold document before the stored bytes have reached the client.
    await doc.ready;
    if (connection.closed) return;
    const user = {
      id: connection.userId,
      name: connection.actor.displayName,
      color: collabColourFor(connection.userId),
    };
    const accepted = entries.flatMap((entry) => {
      const owner = doc.awarenessOwners.get(entry.clientId);
      // One connection cannot speak for (or remove) another user's caret.
      if (owner && owner !== connection && owner.userId !== connection.userId) return [];
      doc.awarenessOwners.set(entry.clientId, connection);
      connection.awarenessClients.add(entry.clientId);
      // The name and colour others see come from the session, not from what the client claims.
      return [{ ...entry, state: entry.state === null ? null : { ...entry.state, user } }];
    });
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(doc.awareness, encodeAwarenessUpdate(accepted), connection);
  }

  function refuse(
    connection: CollabConnection,
    code: CollabCloseCode,
    reason: string,
    details: Record<string, unknown>,
  ): void {
    connection.close(code, COLLAB_CLOSE_REASONS[code]);
    void audit(
      connection.actor,
      'document.connection_refused',
      connection.documentId,
      connection.caseId,
      'denied',
      connection.origin,
      { reason, ...details },
    ).catch((error: unknown) => logger.error({ err: error }, 'audit failed'));
  }

  function onClosed(connection: CollabConnection): void {
    connection.closed = true;
    all.delete(connection);
    const mine = byUser.get(connection.userId);
    mine?.delete(connection);
    if (mine?.size === 0) byUser.delete(connection.userId);
    connection.doc.detach(connection, [...connection.awarenessClients]);
    if (connection.edits > 0) {
      void audit(
        connection.actor,
        'document.edit_session_ended',
        connection.documentId,
        connection.caseId,
        'allowed',
        connection.origin,
        {
          updates: connection.edits,
          bytes: connection.editBytes,
          durationMs: Date.now() - (connection.editStartedAt ?? connection.openedAt).getTime(),
        },
      ).catch((error: unknown) => logger.error({ err: error }, 'audit failed'));
    }
  }

  // ---- revocation ----

  async function revalidateLocal(userId: string, owner: DocumentOwner | undefined): Promise<void> {
    const mine = [...(byUser.get(userId) ?? [])].filter(
      (connection) => !owner || (connection.owner.type === owner.type && connection.owner.id === owner.id),
    );
    await Promise.all(
      mine.map(async (connection) => {
        const decision = await decideDocumentAccess(deps.owners, connection.actor, connection.owner);
        if (connection.closed) return;
        if (decision.access === 'none') {
          connection.close(COLLAB_CLOSE_CODES.accessRevoked, COLLAB_CLOSE_REASONS[4410]);
          await audit(
            connection.actor,
            'document.access_revoked',
            connection.documentId,
            connection.caseId,
            'allowed',
            connection.origin,
          );
          return;
        }
        if (decision.access === connection.access) return;
        connection.access = decision.access;
        if (decision.access === 'view' && connection.awarenessClients.size > 0) {
          // A member demoted to viewer disappears from the carets along with their write access.
          awarenessProtocol.removeAwarenessStates(
            connection.doc.awareness,
            [...connection.awarenessClients],
            connection,
          );
          connection.awarenessClients.clear();
        }
      }),
    );
  }

  function closeSessionsLocal(sessionIds: readonly string[]): void {
    const ended = new Set(sessionIds);
    for (const connection of all) {
      if (ended.has(connection.actor.sessionId)) {
        connection.close(COLLAB_CLOSE_CODES.unauthenticated, 'Your session ended; please sign in again');
      }
    }
  }

  const subscriptions: Promise<() => Promise<void>>[] = [
    deps.bus.subscribe('collab:revalidate', (payload) => {
      try {
        const message = JSON.parse(payload) as { userId: string; owner?: DocumentOwner };
        void revalidateLocal(message.userId, message.owner).catch((error: unknown) =>
          logger.error({ err: error }, 'collab revalidation failed'),
        );
      } catch {
        // Bus messages come from our own processes.
      }
    }),
    deps.bus.subscribe('collab:sessions-ended', (payload) => {
      try {
        closeSessionsLocal(JSON.parse(payload) as string[]);
      } catch {
        // Bus messages come from our own processes.
      }
    }),
  ];

  const stopListening = deps.sessions.onSessionsEnded(({ sessionIds }, _reason: SessionEndReason) => {
    closeSessionsLocal(sessionIds);
    void deps.bus.publish('collab:sessions-ended', JSON.stringify(sessionIds)).catch(() => undefined);
  });

  // Idle and absolute session expiry apply to open documents too.
  const sweep = setInterval(() => {
    void (async () => {
      const sessionIds = new Set([...all].map((connection) => connection.actor.sessionId));
      for (const sessionId of sessionIds) {
        if (!(await deps.sessions.isLive(sessionId))) closeSessionsLocal([sessionId]);
      }
    })().catch((error: unknown) => logger.warn({ err: error }, 'collab session sweep failed'));
  }, deps.sweepIntervalMs ?? 30_000);
  sweep.unref();

  return {
    /** Upgrade handler for `built.upgrades.add('/collab/', …)`. */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      handleUpgrade(request, socket, head).catch((error: unknown) => {
        logger.error({ err: error }, 'collab upgrade failed');
        socket.destroy();
      });
    },

    /**
     * Re-checks a user's open connections (all, or those of one owner) after their access may have
     * changed: closes them with 4410 when access is gone, demotes them to read-only when it narrowed.
     * Every process hears it over the bus.
     */
    async revalidate(userId: string, owner?: DocumentOwner): Promise<void> {
      await deps.bus.publish('collab:revalidate', JSON.stringify(owner ? { userId, owner } : { userId }));
    },

    /** Closes every connection to one document (e.g. the document was deleted). */
    closeDocument(documentId: string, code: CollabCloseCode): void {
      for (const connection of all) {
        if (connection.documentId === documentId) connection.close(code, COLLAB_CLOSE_REASONS[code]);
      }
    },

    /** The current durable state of a document (loads it if nobody has it open). */
    async currentState(id: ObjectId): Promise<Uint8Array> {
      const doc = hub.open(id.toHexString(), id);
      try {
        return await doc.currentState();
      } finally {
        doc.releaseIfIdle();
      }
    },

    /**
     * Makes a change on the server (restore a version): computed on a copy, then stored, applied
     * and broadcast through the same path as a client's update — persist before broadcast.
     */
    async applyServerChange(id: ObjectId, userId: string, change: (copy: Y.Doc) => void): Promise<void> {
      const doc = hub.open(id.toHexString(), id);
      try {
        const current = await doc.currentState();
        const copy = new Y.Doc();
        Y.applyUpdate(copy, current);
        const updates: Uint8Array[] = [];
        copy.on('update', (update: Uint8Array) => updates.push(update));
        change(copy);
        copy.destroy();
        for (const update of updates) await doc.submit(update, userId, SERVER_ORIGIN);
      } finally {
        doc.releaseIfIdle();
      }
    },

    stats(): { loadedDocuments: number; connections: number } {
      return { loadedDocuments: hub.loadedCount(), connections: all.size };
    },

    /** Closes every connection with "server restarting" and persists loaded documents. */
    async close(): Promise<void> {
      shuttingDown = true;
      clearInterval(sweep);
      stopListening();
      for (const connection of [...all]) {
        connection.close(COLLAB_CLOSE_CODES.serverShuttingDown, COLLAB_CLOSE_REASONS[4503]);
      }
      for (const subscription of subscriptions) {
        await (await subscription)().catch(() => undefined);
      }
      await hub.unloadAll();
      wss.close();
    },
  };
}

export type CollabServer = ReturnType<typeof createCollabServer>;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** An update with no structs and an empty delete set (what an up-to-date client's step 2 carries). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

/** The client address for the audit trail, honouring X-Forwarded-For only behind a trusted proxy. */
function clientIp(request: IncomingMessage, trustProxy: boolean | string[]): string | null {
  const direct = request.socket.remoteAddress ?? null;
  if (trustProxy === false) return direct;
  const forwarded = request.headers['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  if (!first) return direct;
  if (trustProxy === true) return first;
  return direct && trustProxy.includes(direct) ? first : direct;
}
