# One image for every subgraph and the gateway; the container's command picks which one runs:
#   node dist/scripts/start-subgraph.js <name>     a subgraph (reads <NAME>_PORT, <NAME>_DATABASE_URL or POSTGRES_URL)
#   node dist/gateway/src/main.js                  the gateway (reads PORT, <NAME>_URL)

FROM node:20-bookworm-slim AS build
WORKDIR /app
# `npm install`, not `npm ci`: the lock file lacks the non-Linux optional binaries the registry
# mirror does not carry, and `npm ci` refuses that.
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The gateway serves the committed supergraph; it is read at start-up, not compiled.
COPY --from=build --chown=node:node /app/schema ./schema
USER node
EXPOSE 4000
CMD ["node", "dist/gateway/src/main.js"]
