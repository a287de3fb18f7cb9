import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built client (client/dist), found relative to this file whether run from source or bundle. */
export function defaultClientDist(): string | undefined {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const candidates = [path.resolve(here, '../../../client/dist'), path.resolve(here, '../../client/dist')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
}

/** Serves the single-page app: real files first, then index.html for client-side routes. */
export async function serveClient(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    // Hashed asset names never change content: cache them for a year; index.html never.
    setHeaders(res, filePath) {
      res.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
}
