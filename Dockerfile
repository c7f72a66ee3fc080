# Switchboard in two stages: the build stage installs everything and runs `npm run build` (console, widget, server);
# the runtime stage holds the production dependencies and the built output only, and runs the compiled server.
# The runtime stage's steps are README's "Production" steps without Docker: `npm ci --omit=dev`, then node dist/.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/server dist/server
COPY --from=build /app/web/build web/build
COPY --from=build /app/channels/widget/client/dist channels/widget/client/dist
COPY server/db/migrations server/db/migrations
# `npm run user:create` and `npm run kb:reindex` check the build first; with no sources in the image it is current.
COPY scripts/build.mjs scripts/build-state.mjs scripts/
# DATA_DIR holds the embedded database (without DATABASE_URL), attachments and the generated secret key.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/main.js"]
