import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * One port serves REST, Socket.IO and the collab WebSocket. Engine.io answers its own path
 * (`destroyUpgrade: false` keeps it from killing the others); this router owns every other path
 * and refuses unknown ones at once instead of leaving sockets hanging.
 */
export function createUpgradeRouter(server: Server, ownedElsewhere: readonly string[]) {
  const routes = new Map<string, UpgradeHandler>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (ownedElsewhere.some((prefix) => path.startsWith(prefix))) return;
    for (const [prefix, handler] of routes) {
      if (path.startsWith(prefix)) {
        handler(request, socket, head);
        return;
      }
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  return {
    /** Route upgrades whose path starts with `prefix` to `handler`. */
    add(prefix: string, handler: UpgradeHandler): void {
      routes.set(prefix, handler);
    },
  };
}

export type UpgradeRouter = ReturnType<typeof createUpgradeRouter>;
