# syntax=docker/dockerfile:1
# Serantau: one image serving the API, Socket.IO, the collab WebSocket and the built client.

FROM node:20-bookworm AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
# Manifests first so dependency layers are cached between source changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY tests/package.json tests/
RUN pnpm install --frozen-lockfile
COPY tsconfig.base.json ./
COPY shared shared
COPY server server
COPY client client
RUN pnpm --filter @serantau/client build && pnpm --filter @serantau/server build
# A self-contained server folder with production dependencies only.
RUN pnpm --filter @serantau/server deploy --prod --legacy /out/server \
 && rm -rf /out/server/dist && cp -r server/dist /out/server/dist \
 && mkdir -p /out/client && cp -r client/dist /out/client/dist

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    CLIENT_DIST_DIR=/app/client/dist
WORKDIR /app
# PDF exports draw Vietnamese, curly quotes etc. in DejaVu and Thai in TLWG Loma: without DejaVu
# they fall back to Latin-1 fonts and print "?", without Loma Thai prints as empty boxes.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-tlwg-loma-ttf \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/server /app/server
COPY --from=build /out/client /app/client
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server/dist/main.js"]
