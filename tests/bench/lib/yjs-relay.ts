// The baseline for the collab benchmark: a minimal in-memory y-websocket relay built only from
// y-protocols (sync + awareness) and ws — no authentication, no storage, no limits. Prints its port
// on stdout and stops on SIGTERM. Never use this for anything but measuring.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { WebSocket, WebSocketServer } from 'ws';

interface Room {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  connections: Map<WebSocket, Set<number>>;
}

const rooms = new Map<string, Room>();

function send(socket: WebSocket, message: Uint8Array): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(message);
}

function room(name: string): Room {
  const existing = rooms.get(name);
  if (existing) return existing;
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const created: Room = { doc, awareness, connections: new Map() };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    for (const socket of created.connections.keys()) if (socket !== origin) send(socket, message);
  });
  awareness.on(
    'update',
    (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      const changed = [...added, ...updated, ...removed];
      const owner = origin instanceof WebSocket ? created.connections.get(origin) : undefined;
      if (owner) {
        for (const id of added) owner.add(id);
        for (const id of removed) owner.delete(id);
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, changed));
      const message = encoding.toUint8Array(encoder);
      for (const socket of created.connections.keys()) send(socket, message);
    },
  );
  rooms.set(name, created);
  return created;
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const current = room((request.url ?? '/').slice(1).split('?')[0] ?? '');
  current.connections.set(socket, new Set());
  socket.binaryType = 'arraybuffer';
  socket.on('message', (data: ArrayBuffer) => {
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const encoder = encoding.createEncoder();
      const type = decoding.readVarUint(decoder);
      if (type === 0) {
        encoding.writeVarUint(encoder, 0);
        syncProtocol.readSyncMessage(decoder, encoder, current.doc, socket);
        if (encoding.length(encoder) > 1) send(socket, encoding.toUint8Array(encoder));
      } else if (type === 1) {
        awarenessProtocol.applyAwarenessUpdate(
          current.awareness,
          decoding.readVarUint8Array(decoder),
          socket,
        );
      }
    } catch {
      socket.close();
    }
  });
  socket.on('close', () => {
    const owned = current.connections.get(socket);
    current.connections.delete(socket);
    if (owned && owned.size > 0) awarenessProtocol.removeAwarenessStates(current.awareness, [...owned], null);
  });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, current.doc);
  send(socket, encoding.toUint8Array(encoder));
});
server.on('listening', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});
