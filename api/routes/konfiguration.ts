// GET /api/konfiguration: how the web UI signs in, read by its sign-in page before anyone is signed
// in (no token needed). It names the OIDC provider and the UI's public client id (authorization code
// flow with PKCE: no secret), and whether the development sign-in (POST /api/dev/token) exists.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Konfiguration, KONFIGURATION_PATH } from '../contract';

/** The web UI's sign-in at the municipality's OIDC provider (OIDC_AUTHORITY, OIDC_CLIENT_ID, OIDC_SCOPE). */
export type OidcClientConfig = { authority: string; clientId: string; scope: string };

export { Konfiguration };

export const konfigurationRoutes: FastifyPluginAsyncZod<{ devMode: boolean; oidc: OidcClientConfig | null }> = async (app, { devMode, oidc }) => {
  app.get(
    KONFIGURATION_PATH,
    {
      schema: {
        summary: 'Webgrænsefladens login: OIDC-udbyderen og klient-id, og om udviklingslogin findes',
        description: 'Kræver intet adgangstoken. Klienten er offentlig (authorization code flow med PKCE), så her er ingen hemmeligheder.',
        tags: ['udvikling'],
        security: [],
        response: { 200: Konfiguration },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return { udviklingslogin: devMode, oidc: oidc ? { authority: oidc.authority, klientId: oidc.clientId, scope: oidc.scope } : null };
    },
  );
};
