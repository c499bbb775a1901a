# syntax=docker/dockerfile:1
# One image for both processes of the forløb engine; docker-compose.yml picks the command:
#   API:    node --import tsx api/server.ts   (the default below)
#   worker: node --import tsx worker/main.ts
# TypeScript runs directly through tsx: there is no TypeScript build step. The web UI is built with
# Vite in the build stage; the runtime stage holds production dependencies and the built ui/dist.

# The Node release of the `node` dependency in package-lock.json, which runs every npm script outside
# the image (tests/deploy/node-version.unit.spec.ts keeps the two equal).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# --- Build: every dependency, to build ui/dist ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The postinstall script would install the Temporal CLI and test server for local development;
# no stage of the image needs them.
ENV SKIP_TEMPORAL_TOOLS=1
COPY package.json package-lock.json ./
COPY scripts/install-tools.mjs scripts/build-ui.mjs scripts/cli.ts scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:ui

# --- Dependencies: production only, from the lockfile ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV SKIP_TEMPORAL_TOOLS=1 \
    NODE_ENV=production
COPY package.json package-lock.json ./
COPY scripts/install-tools.mjs scripts/build-ui.mjs scripts/cli.ts scripts/
# The image's own Node (the same release) runs the processes, so the registry's copy of the Node
# binary (about 190 MB) is left out of the runtime stage.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/node node_modules/.bin/node \
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
COPY --from=build /app/ui/dist ./ui/dist
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/server.ts"]
