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
import { createClientIpResolver } from './client-ip';
import { WriteRefused, type DocumentHub, type HubConnection, type LoadedDocument } from './hub';
import type { OwnerAccess, OwnerRegistry } from './owners';
import {
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  encodeSavedAck,
  encodeSyncStep1,
  parseMessage,
  type IncomingMessage as CollabMessage,
} from './protocol';
import {
  createRefusalThrottle,
  REFUSAL_AUDIT_DEFAULTS,
  type RefusalAuditOptions,
  type RefusalSummary,
} from './refusal-audit';

/**
 * What the endpoint needs to know about a document before letting anyone in. Ids only: the
 * title is case material and never goes into the audit trail, which admins outside the case read.
 */
export interface CollabDocumentInfo {
  id: ObjectId;
  owner: DocumentOwner;
}

export interface CollabLimits {
  maxUpdateBytes: number;
  maxAwarenessBytes: number;
  /**
   * How often every open connection's access is asked again, for features whose access changed
   * without calling `revalidate()` (a missed call, a change made by another system).
   */
  accessRecheckMs?: number;
  /** How refused upgrades are throttled before they reach the audit trail. */
  refusalAudit?: Partial<RefusalAuditOptions>;
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
/** Default for `accessRecheckMs`: revalidate() is the fast path; this is the safety net. */
const ACCESS_RECHECK_MS = 60_000;
/** Access checks the periodic sweep runs at once, so a sweep never floods the database. */
const SWEEP_CONCURRENCY = 4;
/** Hard cap on a frame, enforced by ws while reading it; either side of it a too-large update gets 4413. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Received frames not yet processed, per connection (a legitimate client sends one sync step 2). */
const MAX_QUEUED_BYTES = 2 * MAX_FRAME_BYTES;
const SERVER_ORIGIN = Symbol('server');

/**
 * ws refuses a frame over `maxPayload` itself, before we see it, with 1009 and no reason; clients
 * that retry on 1009 would resend the same change forever. Give it our permanent code and a reason.
 */
class CollabWebSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    if (code === 1009 && reason === undefined) {
      super.close(COLLAB_CLOSE_CODES.updateTooLarge, COLLAB_CLOSE_REASONS[COLLAB_CLOSE_CODES.updateTooLarge]);
      return;
    }
    super.close(code, reason);
  }
}

/**
 * An upgrade between its session check and its acceptance. It is registered (by user, and by
 * owner once the document is found) before access is decided, so that a revalidation, a sign-out
 * or a deleted document during that window is not lost: the open re-decides, or is refused.
 */
interface PendingOpen {
  readonly actor: Actor;
  readonly documentId: string;
  owner: DocumentOwner | null;
  /** Bumped by every revalidation that concerns this open; an access answer older than it is stale. */
  revalidations: number;
  /** Set when the open must not go ahead whatever the owner says (session ended, document deleted). */
  refuseWith: CollabCloseCode | null;
}

/**
 * One y-websocket connection to one document, authenticated and authorised before it was
 * accepted. Frames are processed strictly in order by a single pump; the listener is attached in
 * the same tick the socket is accepted so nothing the client sends is lost while the document loads.
 *
 * A connection starts unadmitted: it waits for the audit record of the open to be durable, and
 * access is asked once more after the socket is accepted (the first answer may predate a change
 * made during the handshake). Until both are in, nothing the client sends is processed and nothing of the document is sent (frames the
 * document broadcasts meanwhile wait in an outbox, dropped if the connection is refused).
 */
class CollabConnection implements HubConnection {
  readonly awarenessClients = new Set<number>();
  private readonly inbox: Uint8Array[] = [];
  private inboxBytes = 0;
  private pumping = false;
  private admitted = false;
  private outbox: Uint8Array[] = [];
  private outboxBytes = 0;
  private runningCheck: Promise<void> | null = null;
  private queuedCheck: Promise<void> | null = null;
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

  /** Queues a frame for the pump; false (and nothing queued) when the queue is full. */
  enqueue(frame: Uint8Array): boolean {
    if (this.closed) return true;
    // Frames wait here while the open is confirmed and the document loads; a client that keeps
    // sending meanwhile is not allowed to fill the server's memory.
    if (this.inboxBytes + frame.byteLength > MAX_QUEUED_BYTES) return false;
    this.inboxBytes += frame.byteLength;
    this.inbox.push(frame);
    if (this.admitted && !this.pumping) void this.pump();
    return true;
  }

  /** Access confirmed after acceptance: release what waited and start processing frames. */
  admit(): void {
    if (this.closed || this.admitted) return;
    this.admitted = true;
    const waiting = this.outbox;
    this.outbox = [];
    this.outboxBytes = 0;
    for (const frame of waiting) this.send(frame);
    if (this.inbox.length > 0 && !this.pumping) void this.pump();
  }

  /**
   * Runs access checks of this connection one at a time, so the answer applied last is always
   * the newest (two overlapping checks could otherwise resolve out of order and a stale "edit"
   * undo a fresh "none"). Requests made while a check runs coalesce into one more check after it.
   */
  scheduleAccessCheck(run: () => Promise<void>): Promise<void> {
    if (this.queuedCheck) return this.queuedCheck;
    if (!this.runningCheck) {
      const running: Promise<void> = run().finally(() => {
        if (this.runningCheck === running) this.runningCheck = null;
      });
      this.runningCheck = running;
      return running;
    }
    const next = (): Promise<void> => {
      this.queuedCheck = null;
      return this.scheduleAccessCheck(run);
    };
    this.queuedCheck = this.runningCheck.then(next, next);
    return this.queuedCheck;
  }

  /** Resolves once no access check is running or waiting (each check handles its own failures). */
  async accessSettled(): Promise<void> {
    for (let pending = this.queuedCheck ?? this.runningCheck; pending;) {
      await pending.catch(() => undefined);
      pending = this.queuedCheck ?? this.runningCheck;
    }
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.closed) {
        const frame = this.inbox.shift();
        if (!frame) break;
        this.inboxBytes -= frame.byteLength;
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
    if (!this.admitted) {
      this.send(frame);
      return Promise.resolve();
    }
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return Promise.resolve();
    return new Promise<void>((resolve) => this.ws.send(frame, () => resolve()));
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (!this.admitted) {
      this.outboxBytes += frame.byteLength;
      if (this.outboxBytes > MAX_BUFFERED_BYTES) {
        this.close(1013, 'Too far behind; reconnecting');
        return;
      }
      this.outbox.push(frame);
      return;
    }
    if (this.ws.readyState !== WebSocket.OPEN) return;
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
    this.inboxBytes = 0;
    this.outbox = [];
    this.outboxBytes = 0;
    try {
      this.ws.close(code, reason.slice(0, 120));
    } catch {
      this.ws.terminate();
    }
  }
}

/**
 * The collab endpoint: `/collab/<documentId>` speaking y-websocket (sync + awareness) on the app's
 * port. Access is decided before the upgrade completes, through the owner registry and `policy/`,
 * and asked again once the socket is accepted; refused connections are closed with a code from
 * `shared/src/collab.ts` before any document byte is sent, and every open (allowed or denied) is
 * audited (refusals within a per-address budget, see refusal-audit.ts).
 */
export function createCollabServer(deps: CollabServerDeps) {
  const { hub, logger } = deps;
  const wss = new WebSocketServer<typeof CollabWebSocket>({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    WebSocket: CollabWebSocket,
  });
  const byUser = new Map<string, Set<CollabConnection>>();
  const all = new Set<CollabConnection>();
  const pendingByUser = new Map<string, Set<PendingOpen>>();
  const clientIp = createClientIpResolver(deps.trustProxy);
  const refusalOptions: RefusalAuditOptions = { ...REFUSAL_AUDIT_DEFAULTS, ...deps.limits.refusalAudit };
  const refusals = createRefusalThrottle(refusalOptions);
  /** Tells this process's own revalidation messages apart from other processes'. */
  const processId = new ObjectId().toHexString();
  let shuttingDown = false;

  function originOf(request: IncomingMessage): RequestOrigin {
    const userAgent = request.headers['user-agent'];
    return {
      ip: clientIp(request),
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

  /**
   * Audits a refused open, unless its address has used up its budget of individual records: then
   * it is only counted, and written later as part of that address's summary. The individual
   * record is durable before the refusal is sent, as before.
   */
  async function auditRefusal(
    actor: Actor | null,
    documentId: string,
    caseId: string | null,
    origin: RequestOrigin,
    reason: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const verdict = refusals.note({ ip: origin.ip, reason, userId: actor?.userId ?? null, documentId });
    if (verdict === 'summarised') return;
    await audit(actor, 'document.open', documentId, caseId, 'denied', origin, { reason, ...details });
  }

  async function writeRefusalSummary(summary: RefusalSummary): Promise<void> {
    await deps.audit.record({
      actor: null,
      action: 'document.open_denied_summary',
      target: { type: 'document', id: null },
      caseId: null,
      outcome: 'denied',
      origin: { ip: summary.ip, userAgent: null },
      details: {
        count: summary.count,
        reasons: summary.reasons,
        userIds: summary.userIds,
        documentIds: summary.documentIds,
        firstAt: summary.firstAt.toISOString(),
        lastAt: summary.lastAt.toISOString(),
        windowMs: refusalOptions.windowMs,
      },
    });
  }

  async function flushRefusalSummaries(): Promise<void> {
    // One after another: the audit chain appends serially anyway, and this keeps a burst of
    // summaries from crowding out the audited requests of people at work.
    for (const summary of refusals.drain()) await writeRefusalSummary(summary);
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

  function trackPending(actor: Actor, documentId: string): PendingOpen {
    const pending: PendingOpen = { actor, documentId, owner: null, revalidations: 0, refuseWith: null };
    let mine = pendingByUser.get(actor.userId);
    if (!mine) pendingByUser.set(actor.userId, (mine = new Set()));
    mine.add(pending);
    return pending;
  }

  function untrackPending(pending: PendingOpen): void {
    const mine = pendingByUser.get(pending.actor.userId);
    mine?.delete(pending);
    if (mine?.size === 0) pendingByUser.delete(pending.actor.userId);
  }

  function* allPending(): Iterable<PendingOpen> {
    for (const mine of pendingByUser.values()) yield* mine;
  }

  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0] ?? '';
    const rawId = path.slice(COLLAB_PATH_PREFIX.length);
    if (!/^[a-f0-9]{24}$/.test(rawId)) {
      refuseHttp(socket, 404);
      return;
    }
    const documentId = rawId;
    const origin = originOf(request);
    // Cross-site WebSocket hijacking: a browser on another site sends our cookie but its own Origin.
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && !deps.allowedOrigins.includes(requestOrigin)) {
      await auditRefusal(null, documentId, null, origin, 'origin_not_allowed', {
        origin: requestOrigin.slice(0, 200),
      });
      refuseHttp(socket, 403);
      return;
    }
    if (shuttingDown) {
      refuseWithCode(request, socket, head, COLLAB_CLOSE_CODES.serverShuttingDown);
      return;
    }
    // Without a session cookie there is nothing to look up: refused without touching the database.
    const token = tokenFromCookieHeader(request.headers.cookie, deps.secureCookies);
    const auth = token ? await deps.auth.resolve(token) : null;
    const actor = auth?.actor ?? null;
    if (!actor) {
      await auditRefusal(null, documentId, null, origin, 'unauthenticated');
      refuseWithCode(request, socket, head, COLLAB_CLOSE_CODES.unauthenticated);
      return;
    }
    const pending = trackPending(actor, documentId);
    try {
      await openAuthorised(request, socket, head, actor, origin, pending);
    } finally {
      // ws accepts synchronously, so by now the connection (if any) is registered in `all`.
      untrackPending(pending);
    }
  }

  async function openAuthorised(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    actor: Actor,
    origin: RequestOrigin,
    pending: PendingOpen,
  ): Promise<void> {
    const { documentId } = pending;
    const info = await deps.findDocument(new ObjectId(documentId));
    if (!info) {
      await auditRefusal(actor, documentId, null, origin, 'not_found');
      refuseWithCode(request, socket, head, COLLAB_CLOSE_CODES.notFound);
      return;
    }
    pending.owner = info.owner;
    const asked = pending.revalidations;
    let decision = await decideDocumentAccess(deps.owners, actor, info.owner);
    // A revalidation arrived while the owner was deciding: its answer may predate the change.
    if (pending.revalidations !== asked)
      decision = await decideDocumentAccess(deps.owners, actor, info.owner);
    if (pending.refuseWith !== null) {
      await auditRefusal(actor, documentId, decision.caseId, origin, refusalReason(pending.refuseWith));
      refuseWithCode(request, socket, head, pending.refuseWith);
      return;
    }
    if (decision.access === 'none') {
      await auditRefusal(actor, documentId, decision.caseId, origin, 'not_permitted', {
        ownerType: info.owner.type,
      });
      refuseWithCode(request, socket, head, COLLAB_CLOSE_CODES.forbidden);
      return;
    }
    // Start reading the document while the open is being recorded. Ids only (no title).
    // (If the connection never attaches, the document unloads on its own.)
    hub.open(documentId, info.id).releaseIfIdle();
    const recorded = audit(actor, 'document.open', documentId, decision.caseId, 'allowed', origin, {
      access: decision.access,
      ownerType: info.owner.type,
    });
    // Awaited in admitConnection, before a single byte of the document leaves the server; the
    // handshake, the document read and the second access check overlap the write meanwhile.
    recorded.catch(() => undefined);
    const access = decision.access;
    wss.handleUpgrade(request, socket, head, (ws) =>
      accept(ws, actor, info, access, decision.caseId, origin, pending, recorded),
    );
  }

  function accept(
    ws: WebSocket,
    actor: Actor,
    info: CollabDocumentInfo,
    access: 'edit' | 'view',
    caseId: string | null,
    origin: RequestOrigin,
    pending: PendingOpen,
    recorded: Promise<void>,
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
    // The listener goes on first, in this tick: frames are queued until the connection is admitted
    // and the document is loaded.
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        connection.close(COLLAB_CLOSE_CODES.malformedMessage, 'Text frames are not part of the protocol');
        return;
      }
      const bytes = toBytes(data);
      if (!connection.enqueue(bytes)) {
        refuse(connection, COLLAB_CLOSE_CODES.tooMuchQueued, 'too_much_queued', { bytes: bytes.byteLength });
      }
    });
    ws.on('close', () => onClosed(connection));
    ws.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // ws is already closing the socket (see CollabWebSocket); this drops what is queued.
        refuse(connection, COLLAB_CLOSE_CODES.updateTooLarge, 'update_too_large', {
          bytes: `> ${MAX_FRAME_BYTES}`,
        });
        return;
      }
      logger.debug({ err: error, documentId }, 'collab socket error');
      connection.close(1011, 'Connection error');
    });
    if (shuttingDown) {
      connection.close(COLLAB_CLOSE_CODES.serverShuttingDown, COLLAB_CLOSE_REASONS[4503]);
      return;
    }
    // Registered in this tick, before the pending open is forgotten: from here on revalidation,
    // sign-out and document deletion reach the connection itself.
    all.add(connection);
    let mine = byUser.get(actor.userId);
    if (!mine) byUser.set(actor.userId, (mine = new Set()));
    mine.add(connection);
    doc.attach(connection);
    void admitConnection(connection, pending, recorded).catch((error: unknown) => {
      logger.error({ err: error, documentId }, 'collab admission failed');
      connection.close(1011, 'Your access could not be confirmed; reconnecting');
    });
  }

  /**
   * The second look after acceptance: the open is durably audited, the session is still live,
   * nothing refused the open while it was pending, and the owner still grants access (asked now,
   * after the handshake). Only then are frames processed and the document sent.
   */
  async function admitConnection(
    connection: CollabConnection,
    pending: PendingOpen,
    recorded: Promise<void>,
  ): Promise<void> {
    const { doc, documentId } = connection;
    if (pending.refuseWith !== null) {
      connection.close(pending.refuseWith, COLLAB_CLOSE_REASONS[pending.refuseWith]);
      return;
    }
    const [audited, live] = await Promise.all([
      recorded.then(
        () => true,
        (error: unknown) => {
          logger.error({ err: error, documentId }, 'document open could not be audited');
          return false;
        },
      ),
      deps.sessions.isLive(connection.actor.sessionId),
      checkAccess(connection),
    ]);
    if (!audited) {
      // An open nobody can account for is not allowed; y-websocket retries 1011 on its own.
      connection.close(1011, 'Your opening of this document could not be recorded; reconnecting');
      return;
    }
    // A revalidation that arrived during our check has queued one more; the newest answer decides.
    await connection.accessSettled();
    if (connection.closed) return;
    if (!live || pending.refuseWith !== null) {
      connection.close(COLLAB_CLOSE_CODES.unauthenticated, 'Your session ended; please sign in again');
      return;
    }
    connection.admit();
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

  /**
   * Asks the owner again about one connection and applies the answer: closed with 4410 when access
   * is gone, read-only when it narrowed. Checks of one connection run one at a time (see
   * `scheduleAccessCheck`). An owner that fails to answer is treated like a denial, but with a
   * retryable code: the client reconnects through the full check.
   */
  function checkAccess(connection: CollabConnection): Promise<void> {
    return connection.scheduleAccessCheck(async () => {
      if (connection.closed) return;
      let access: OwnerAccess;
      try {
        access = (await decideDocumentAccess(deps.owners, connection.actor, connection.owner)).access;
      } catch (error) {
        logger.warn({ err: error, documentId: connection.documentId }, 'collab access check failed');
        connection.close(1011, 'Your access could not be confirmed; reconnecting');
        return;
      }
      if (connection.closed) return;
      await applyAccess(connection, access);
    });
  }

  async function applyAccess(connection: CollabConnection, access: OwnerAccess): Promise<void> {
    if (access === 'none') {
      connection.close(COLLAB_CLOSE_CODES.accessRevoked, COLLAB_CLOSE_REASONS[4410]);
      await audit(
        connection.actor,
        'document.access_revoked',
        connection.documentId,
        connection.caseId,
        'allowed',
        connection.origin,
      ).catch((error: unknown) => logger.error({ err: error }, 'audit failed'));
      return;
    }
    if (access === connection.access) return;
    connection.access = access;
    if (access === 'view' && connection.awarenessClients.size > 0) {
      // A member demoted to viewer disappears from the carets along with their write access.
      awarenessProtocol.removeAwarenessStates(
        connection.doc.awareness,
        [...connection.awarenessClients],
        connection,
      );
      connection.awarenessClients.clear();
    }
  }

  async function revalidateLocal(userId: string, owner: DocumentOwner | undefined): Promise<void> {
    // Opens still being decided hear about it too: they ask the owner again before going ahead.
    for (const pending of pendingByUser.get(userId) ?? []) {
      if (!owner || !pending.owner || sameOwner(pending.owner, owner)) pending.revalidations += 1;
    }
    const mine = [...(byUser.get(userId) ?? [])].filter(
      (connection) => !owner || sameOwner(connection.owner, owner),
    );
    await Promise.all(mine.map(checkAccess));
  }

  function closeSessionsLocal(sessionIds: readonly string[]): void {
    const ended = new Set(sessionIds);
    for (const pending of allPending()) {
      if (ended.has(pending.actor.sessionId)) pending.refuseWith = COLLAB_CLOSE_CODES.unauthenticated;
    }
    for (const connection of all) {
      if (ended.has(connection.actor.sessionId)) {
        connection.close(COLLAB_CLOSE_CODES.unauthenticated, 'Your session ended; please sign in again');
      }
    }
  }

  const subscriptions: Promise<() => Promise<void>>[] = [
    deps.bus.subscribe('collab:revalidate', (payload) => {
      try {
        const message = JSON.parse(payload) as { p?: string; userId: string; owner?: DocumentOwner };
        if (message.p === processId) return; // checked already, before revalidate() returned
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

  // Access itself is asked again now and then: revalidate() is how features report a change at
  // once, this bounds how long a change that was never reported keeps a connection open.
  let accessSweepRunning = false;
  const accessSweep = setInterval(() => {
    if (accessSweepRunning) return;
    accessSweepRunning = true;
    const queue = [...all];
    const worker = async (): Promise<void> => {
      for (let connection = queue.shift(); connection; connection = queue.shift()) {
        await checkAccess(connection);
      }
    };
    void Promise.all(Array.from({ length: SWEEP_CONCURRENCY }, worker))
      .catch((error: unknown) => logger.warn({ err: error }, 'collab access sweep failed'))
      .finally(() => {
        accessSweepRunning = false;
      });
  }, deps.limits.accessRecheckMs ?? ACCESS_RECHECK_MS);
  accessSweep.unref();

  const refusalSummaries = setInterval(() => {
    void flushRefusalSummaries().catch((error: unknown) =>
      logger.error({ err: error }, 'could not audit refused collab upgrades'),
    );
  }, refusalOptions.windowMs);
  refusalSummaries.unref();

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
     * Opens still being decided ask the owner again. Every process hears it over the bus.
     */
    async revalidate(userId: string, owner?: DocumentOwner): Promise<void> {
      const message = JSON.stringify({ p: processId, userId, ...(owner ? { owner } : {}) });
      // This process's connections are re-checked before we return (so a removal is in force
      // when the request that made it is answered); the other processes hear it over the bus.
      const published = deps.bus.publish('collab:revalidate', message).catch((error: unknown) => {
        // The change itself stands; other processes catch up at their next access sweep.
        logger.error({ err: error, userId }, 'could not tell other processes to re-check access');
      });
      await Promise.all([revalidateLocal(userId, owner), published]);
    },

    /** Closes every connection to one document (e.g. the document was deleted). */
    closeDocument(documentId: string, code: CollabCloseCode): void {
      for (const pending of allPending()) {
        if (pending.documentId === documentId) pending.refuseWith = code;
      }
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
      clearInterval(accessSweep);
      clearInterval(refusalSummaries);
      stopListening();
      for (const connection of [...all]) {
        connection.close(COLLAB_CLOSE_CODES.serverShuttingDown, COLLAB_CLOSE_REASONS[4503]);
      }
      for (const subscription of subscriptions) {
        await (await subscription)().catch(() => undefined);
      }
      await hub.unloadAll();
      // Refusals counted but not yet summarised still reach the trail.
      await flushRefusalSummaries().catch((error: unknown) =>
        logger.error({ err: error }, 'could not audit refused collab upgrades'),
      );
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

function sameOwner(a: DocumentOwner, b: DocumentOwner): boolean {
  return a.type === b.type && a.id === b.id;
}

/** The audit reason for an open refused while it was pending. */
function refusalReason(code: CollabCloseCode): string {
  if (code === COLLAB_CLOSE_CODES.unauthenticated) return 'session_ended';
  if (code === COLLAB_CLOSE_CODES.notFound) return 'not_found';
  return `closed_${code}`;
}
