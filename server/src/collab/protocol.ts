import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { COLLAB_SAVED_ACK } from '@serantau/shared';

/**
 * The y-websocket wire format (as spoken by the unmodified `WebsocketProvider`): every frame is a
 * varUint message type followed by its payload. Sync messages carry a sub-type (y-protocols/sync).
 * Decoding lives here, wrapped, so a malformed frame becomes a value the endpoint can refuse —
 * never an exception escaping into the socket's event handler.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export type IncomingMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  /** Step 2 and plain updates are both Yjs updates; the distinction only matters for logging. */
  | { kind: 'update'; update: Uint8Array; syncStep2: boolean }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'auth' };

export type ParseResult = { ok: true; message: IncomingMessage } | { ok: false; reason: string };

/** Parses one frame. Trailing bytes or unknown types are refused: the client must speak the protocol. */
export function parseMessage(frame: Uint8Array): ParseResult {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: IncomingMessage;
    switch (type) {
      case MESSAGE_SYNC: {
        const subType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (subType === SYNC_STEP_1) message = { kind: 'sync-step-1', stateVector: payload };
        else if (subType === SYNC_STEP_2) message = { kind: 'update', update: payload, syncStep2: true };
        else if (subType === SYNC_UPDATE) message = { kind: 'update', update: payload, syncStep2: false };
        else return { ok: false, reason: `unknown sync message type ${subType}` };
        break;
      }
      case MESSAGE_AWARENESS:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { kind: 'query-awareness' };
        break;
      case MESSAGE_AUTH:
        // The client never needs to send auth messages (the cookie authenticates); ignore the payload.
        return { ok: true, message: { kind: 'auth' } };
      default:
        return { ok: false, reason: `unknown message type ${type}` };
    }
    if (decoding.hasContent(decoder)) return { ok: false, reason: 'trailing bytes after the message' };
    return { ok: true, message };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'undecodable frame' };
  }
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SYNC_STEP_1, stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC_STEP_2, update);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC_UPDATE, update);
}

/** The "stored" acknowledgement (see COLLAB_SAVED_ACK in shared/src/collab.ts). */
export function encodeSavedAck(stateVector: Uint8Array, storedCount: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  encoding.writeVarUint(encoder, COLLAB_SAVED_ACK);
  encoding.writeVarUint8Array(encoder, stateVector);
  encoding.writeVarUint(encoder, storedCount);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeSync(subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

// ---- Awareness -------------------------------------------------------------------------------

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** Parsed JSON state; null means "this client left". */
  state: Record<string, unknown> | null;
}

/**
 * Decodes an awareness update (y-protocols/awareness layout: count, then clientID, clock and JSON
 * state per entry). Returns null when the bytes or the JSON are malformed.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > 1000) return null;
    const entries: AwarenessEntry[] = [];
    for (let index = 0; index < count; index += 1) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) return null;
      entries.push({ clientId, clock, state: parsed as Record<string, unknown> | null });
    }
    if (decoding.hasContent(decoder)) return null;
    return entries;
  } catch {
    return null;
  }
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}
