# syntax=docker/dockerfile:1
# One image for both processes of the forløb engine; docker-compose.yml picks the command:
#   API:    node --import tsx api/server.ts   (the default below)
#   worker: node --import tsx worker/main.ts
# TypeScript runs directly through tsx: there is no build step.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- Dependencies: production only, from the lockfile ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# The postinstall script would install the Temporal CLI and test server for local development;
# the image talks to a real Temporal server and needs neither.
ENV SKIP_TEMPORAL_TOOLS=1 \
    NODE_ENV=production
COPY package.json package-lock.json ./
COPY scripts/install-tools.mjs scripts/install-tools.mjs
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- Runtime ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SKIP_TEMPORAL_TOOLS=1 \
    API_HOST=0.0.0.0 \
    API_PORT=3000
WORKDIR /app
# Owned by root and read-only to the `node` user that runs the processes; tsx keeps its
# compile cache in the temporary directory.
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/server.ts"]
