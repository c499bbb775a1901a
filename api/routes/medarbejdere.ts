// The kommune's people (medarbejdere): GET lists them (the therapists a forløb can be assigned to,
// by unit), PUT lets a leder enter a person before they have signed in, correct one, or take one off
// the list. People also come by themselves: every verified token's person is recorded
// (api/medarbejder-seen.ts) with the identity provider's name, role and unit.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app';
import { ErrorBody, Medarbejder, MedarbejderBody, MedarbejderListe, MedarbejderParams, MedarbejderQuery } from '../contract';
import { badRequest, HttpError } from '../errors';
import { identityOf } from '../identity';
import { listMedarbejdere, saveListed } from '../read-model/medarbejdere';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export const medarbejderRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { pool }) => {
  app.get(
    '/api/medarbejdere',
    {
      schema: {
        summary: 'Kommunens medarbejdere, fx terapeuterne et forløb kan tildeles, efter enhed',
        tags: ['medarbejdere'],
        querystring: MedarbejderQuery,
        response: { 200: MedarbejderListe, ...errors },
      },
    },
    async (request) => {
      const { kommune } = identityOf(request);
      const elementer = await listMedarbejdere(pool, kommune, request.query);
      const enheder = [...new Set(elementer.map((m) => m.enhed).filter((e): e is string => e !== null))].sort((a, b) => a.localeCompare(b, 'da'));
      return { elementer, enheder };
    },
  );

  app.put(
    '/api/medarbejdere/:userId',
    {
      schema: {
        summary: 'Opret, ret eller fjern en medarbejder på kommunens liste (kun leder)',
        description: 'userId is the person’s `sub` at the identity provider. A terapeut needs an enhed. `aktiv: false` takes the person off the list offered for assignment.',
        tags: ['medarbejdere'],
        params: MedarbejderParams,
        body: MedarbejderBody,
        response: { 200: Medarbejder, ...errors },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      if (identity.rolle !== 'leder') throw new HttpError(403, 'Kun en leder kan ændre listen over medarbejdere');
      const { navn, rolle, enhed, aktiv } = request.body;
      if (rolle === 'terapeut' && enhed === undefined) throw badRequest('enhed', 'skal angives for en terapeut');
      return saveListed(pool, identity.kommune, { userId: request.params.userId, navn, rolle, enhed: enhed ?? null, aktiv });
    },
  );
};
