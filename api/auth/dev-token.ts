// POST /api/dev/token: local tokens for the four case roles and the operations role (drift), in the development mode only (AUTH_DEV_MODE=1,
// which `npm start` sets unless AUTH_* is configured). Without the mode the route does not exist (404).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DEV_TOKEN_PATH, DevTokenAnswer, DevTokenBody, ErrorBody } from '../contract';
import { badRequest } from '../errors';
import type { Authenticator } from './verifier';

export const devTokenRoutes: FastifyPluginAsyncZod<{ authenticator: Authenticator }> = async (app, { authenticator }) => {
  const issue = authenticator.issueDevToken;
  if (!issue) return;
  app.post(
    DEV_TOKEN_PATH,
    {
      schema: {
        summary: 'Udviklingstilstand: et lokalt adgangstoken til en rolle',
        description: 'Findes kun med AUTH_DEV_MODE=1. Tokenet gælder i 12 timer og kun for denne proces.',
        tags: ['udvikling'],
        body: DevTokenBody,
        response: { 200: DevTokenAnswer, 400: ErrorBody },
      },
    },
    async (request) => {
      const { rolle, kommune, enhed, navn } = request.body;
      if (rolle === 'terapeut' && !enhed) throw badRequest('enhed', 'skal angives for rollen terapeut');
      if (rolle === 'drift' && enhed) throw badRequest('enhed', 'kan ikke angives for rollen drift');
      return { token: await issue({ rolle, kommune, enhed, navn }) };
    },
  );
};
