# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, ship only dist/ and
# production node_modules on a slim Node image, running as the `node` user.

ARG NODE_VERSION=20.19

# ---- dependencies (better-sqlite3 compiles a native module when no prebuilt binary fits)
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci

# ---- compile TypeScript (src only)
FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts/clean.mjs ./scripts/clean.mjs
COPY src ./src
RUN npm run build

# ---- production dependencies only (keeps the compiled native module)
FROM deps AS prod-deps
RUN npm prune --omit=dev

# ---- runtime
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SWITCHYARD_DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness only: the load balancer decides membership from /health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains in-flight requests and streams (SWITCHYARD_SHUTDOWN_TIMEOUT_MS), then exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
