// The web UI (ui/dist, built by `npm run build:ui`) on the same origin as the API. Paths outside
// /api and /docs that are no file get index.html, so the single-page app can be opened at any address;
// /api and /docs keep Fastify's 404. Without a build the API runs as before and says so once.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const UI_DIST = fileURLToPath(new URL('../ui/dist', import.meta.url));

const isApiOrDocs = (url: string) => /^\/(api|docs)(\/|\?|$)/.test(url);

const plugin: FastifyPluginAsync<{ root?: string }> = async (app, { root = UI_DIST }) => {
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn('web UI not built (npm run build:ui): only the API is served');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    setHeaders: (res, path) => {
      // Hashed assets never change; index.html is checked on every load.
      res.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.header('x-content-type-options', 'nosniff');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !isApiOrDocs(request.url)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({ message: `Route ${request.method}:${request.url} not found`, error: 'Not Found', statusCode: 404 });
  });
};

// Not encapsulated: the not-found handler applies to the whole app.
export const webUi = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
