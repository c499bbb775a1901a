// /api/regelsaet: the regelsæt this installation runs (the built-in ones and the municipality's own
// files), and a deadline calculator: when does a deadline of a regelsæt fall due, counted from a date.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LocalDate } from '../../domain/calendar';
import { addPeriod, findRegelsaet } from '../../domain/regelsaet';
import type { AppDeps } from '../app';
import { BeregnetFrist, ErrorBody, FristQuery, Regelsaet, RegelsaetListe, RegelsaetParams } from '../contract';
import { badRequest, HttpError, notFound } from '../errors';

// A regelsæt's id is not echoed back: an id field may hold anything, a CPR number included.
const regelsaetNotFound = () => notFound('Regelsættet');

export const regelsaetRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/regelsaet',
    {
      schema: {
        summary: 'De regelsæt, systemet kører efter',
        tags: ['regelsæt'],
        response: { 200: RegelsaetListe },
      },
    },
    async () => deps.regelsaet.map(({ id, name, kommune, legalBasis, trigger }) => ({ id, name, kommune, legalBasis, trigger })),
  );

  app.get(
    '/api/regelsaet/:id',
    {
      schema: {
        summary: 'Et regelsæt med indsatser, frister og politikker',
        tags: ['regelsæt'],
        params: RegelsaetParams,
        response: { 200: Regelsaet, 404: ErrorBody },
      },
    },
    async (request) => {
      const regelsaet = findRegelsaet(request.params.id, deps.regelsaet);
      if (!regelsaet) throw regelsaetNotFound();
      return regelsaet;
    },
  );

  app.get(
    '/api/regelsaet/:id/frist',
    {
      schema: {
        summary: 'Beregn en frists forfaldsdato fra en dato',
        description:
          'Dag 1 er dagen efter `fra`. Hverdage er mandag–fredag uden helligdage og regelsættets lukkedage. ' +
          'Frister i måneder svares med enheden maaneder: en måned er ikke et fast antal dage. ' +
          'En opstartsdato i genoptræningsplanen (planStartOverrides) indgår ikke: beregningen tæller altid fra `fra`.',
        tags: ['regelsæt'],
        params: RegelsaetParams,
        querystring: FristQuery,
        response: { 200: BeregnetFrist, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { type, fra } = request.query;
      const regelsaet = findRegelsaet(request.params.id, deps.regelsaet);
      if (!regelsaet) throw regelsaetNotFound();
      const rule = regelsaet.deadlines.find((d) => d.type === type);
      if (!rule) throw new HttpError(404, `Regelsættet ${regelsaet.id} har ingen frist af typen '${type}'`);
      // Months stay months (enhed 'maaneder'): a month is not a fixed number of days, so converting
      // would be wrong for every month but one. addPeriod counts calendar months; a day missing in the
      // target month falls on its last day (30 Nov + 3 months = 28 Feb).
      let forfald: string;
      try {
        forfald = addPeriod(fra, rule.period, regelsaet.closedDays);
      } catch {
        throw badRequest('fra', 'fristen falder uden for kalenderen (år 0–9999)');
      }
      if (!LocalDate.safeParse(forfald).success) throw badRequest('fra', 'fristen falder uden for kalenderen (år 0–9999)');
      return { type, fra, forfald, antal: rule.period.amount, enhed: rule.period.unit };
    },
  );
};
