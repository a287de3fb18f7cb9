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
