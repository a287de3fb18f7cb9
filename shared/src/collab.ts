/**
 * WebSocket close codes the collab endpoint uses (4000–4999 is the application range).
 * The client maps them to messages; the y-websocket provider reconnects on any close,
 * so codes that must not be retried are also reflected in the UI state.
 */
export const COLLAB_CLOSE_CODES = {
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  originNotAllowed: 4405,
  updateTooLarge: 4413,
  /** More received than it can hold before processing (SECURITY row 17). */
  tooMuchQueued: 4429,
  documentTooLarge: 4422,
  malformedMessage: 4400,
  accessRevoked: 4410,
  serverShuttingDown: 4503,
} as const;
export type CollabCloseCode = (typeof COLLAB_CLOSE_CODES)[keyof typeof COLLAB_CLOSE_CODES];

/** Path prefix of the collab WebSocket endpoint: `/collab/<documentId>`. */
export const COLLAB_PATH_PREFIX = '/collab/';

export function collabPath(documentId: string): string {
  return `${COLLAB_PATH_PREFIX}${encodeURIComponent(documentId)}`;
}

/** Limits the collab endpoint enforces; the client reads them to explain refusals. */
export const COLLAB_LIMITS = {
  /** A single Yjs update (one sync message) larger than this closes the connection. */
  maxUpdateBytes: 1024 * 1024,
  /** An awareness message (carets, names) larger than this closes the connection. */
  maxAwarenessBytes: 64 * 1024,
  /** Stored size (latest snapshot + later updates) past which a document refuses to grow. */
  maxDocumentBytes: 16 * 1024 * 1024,
} as const;

/**
 * Name of the `Y.XmlFragment` that holds a document's rich text. The client's Tiptap Collaboration
 * extension (`field`) and the server's export walker must use the same name.
 */
export const COLLAB_FRAGMENT_FIELD = 'default';

/** A short human reason for each close code (WebSocket close reasons are limited to 123 bytes). */
export const COLLAB_CLOSE_REASONS: Record<CollabCloseCode, string> = {
  4401: 'Please sign in again',
  4403: 'You do not have access to this document',
  4404: 'This document does not exist',
  4405: 'Connections from this origin are not allowed',
  4413: 'A change larger than 1 MB was refused',
  4429: 'Too much was sent before the document was ready',
  4422: 'This document has reached its size limit and refuses further changes',
  4400: 'The connection sent a malformed message',
  4410: 'Your access to this document was withdrawn',
  4503: 'The server is restarting; reconnecting',
};

/** Whether a close code means "do not reconnect" (y-websocket stops retrying on 4400–4499). */
export function isPermanentCollabClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** Caret colours (readable on white, distinct for colour-blind users as far as eight colours allow). */
export const COLLAB_USER_COLOURS = [
  '#0b6e4f',
  '#b3261e',
  '#1f4e9c',
  '#8a4b00',
  '#6a1b9a',
  '#00695c',
  '#ad1457',
  '#37474f',
] as const;

/** Each user's caret colour, the same on every screen: the server stamps it into awareness. */
export function collabColourFor(userId: string): string {
  let hash = 0;
  for (let index = 0; index < userId.length; index += 1) {
    hash = (hash * 31 + userId.charCodeAt(index)) >>> 0;
  }
  return COLLAB_USER_COLOURS[hash % COLLAB_USER_COLOURS.length] ?? '#37474f';
}

/** What the server writes into each client's awareness state under `user`. */
export interface CollabUser {
  id: string;
  name: string;
  color: string;
}

/**
 * "Stored" acknowledgements ride on the y-websocket auth message (type 2), whose sub-types other than
 * 0 ("permission denied") an unmodified provider ignores. After storing a connection's updates the
 * server sends `[2, COLLAB_SAVED_ACK, stateVector (varUint8Array), storedCount (varUint)]`: the
 * document's state vector and how many updates from this connection are stored. The editor uses it
 * to show "all changes saved" versus "unsaved changes".
 */
export const COLLAB_AUTH_MESSAGE = 2;
export const COLLAB_SAVED_ACK = 1;
