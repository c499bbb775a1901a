// The deadline reports of the caller's own kommune, each table as JSON or as CSV for a spreadsheet
// (`format=csv` or `Accept: text/csv`; the CSV holds every row, the JSON of a list one page):
//   GET /api/rapporter/frister      deadlines due in a period, met in time, broken down as asked
//   GET /api/rapporter/uger         the same per week over the last 52 weeks
//   GET /api/rapporter/overskredne  open deadlines past due
//   GET /api/rapporter/denne-uge    open deadlines due today and the six days after
//   GET /api/rapporter/prognose     both together: who will miss a deadline this week, and the action that meets it
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { copenhagenDateOf } from '../../domain/calendar';
import { FRIST_NAVN, labelOf, ROLLE_NAVN } from '../../domain/forloeb/labels';
import { findRegelsaet } from '../../domain/regelsaet';
import type { AppDeps } from '../app';
import { AabneFrister, ErrorBody, FristerQuerystring, ListeQuerystring, OPDELINGER, Rapport, UgeRapport, UgerQuerystring, type Opdeling } from '../contract';
import { HttpError } from '../errors';
import { identityOf } from '../identity';
import { danishNumber, toCsv, type CsvColumn } from '../read-model/csv';
import { periodeOf } from '../read-model/periode';
import { aabneFrister, type AabenFristLinje, type Visning } from '../read-model/prognose';
import { fristRapport, ugeRapport, type FristRapportLinje, type UgeLinje } from '../read-model/rapporter';

const wantsCsv = (request: FastifyRequest, format: 'json' | 'csv' | undefined) =>
  format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(request.headers.accept ?? ''));

const sendCsv = (reply: FastifyReply, filename: string, csv: string) =>
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}.csv"`)
    .send(csv as never);

const IKKE_TILDELT = 'Ikke tildelt';
// ÅÅÅÅ-MM-DD tt:mm in Copenhagen, which a spreadsheet reads as a date and time in any locale (Swedish
// formatting happens to be exactly that).
const copenhagenMinute = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' });

export const rapporterRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { pool, now, regelsaet: allRegelsaet }) => {
  const regelsaetNavn = (id: string | undefined) => (id === undefined ? '' : (findRegelsaet(id, allRegelsaet)?.name ?? id));
  const scopeOf = (request: FastifyRequest) => ({ kommune: identityOf(request).kommune });

  const fristerColumns = (opdeling: readonly Opdeling[]): CsvColumn<FristRapportLinje>[] => [
    ...(opdeling.includes('regelsaet') ? [{ overskrift: 'Regelsæt', vaerdi: (l: FristRapportLinje) => regelsaetNavn(l.regelsaetId) }] : []),
    ...(opdeling.includes('fristtype') ? [{ overskrift: 'Frist', vaerdi: (l: FristRapportLinje) => labelOf(FRIST_NAVN, l.fristtype) }] : []),
    ...(opdeling.includes('enhed') ? [{ overskrift: 'Enhed', vaerdi: (l: FristRapportLinje) => l.enhed ?? IKKE_TILDELT }] : []),
    ...(opdeling.includes('terapeut') ? [{ overskrift: 'Terapeut', vaerdi: (l: FristRapportLinje) => l.terapeut ?? IKKE_TILDELT }] : []),
    { overskrift: 'Forfaldne', vaerdi: (l) => l.antal },
    { overskrift: 'Overholdt i tide', vaerdi: (l) => l.overholdtITide },
    { overskrift: 'Andel i tide', vaerdi: (l) => danishNumber(l.andelITide, 4) },
    { overskrift: 'Median dage', vaerdi: (l) => danishNumber(l.medianDage, 1) },
  ];

  app.get(
    '/api/rapporter/frister',
    {
      schema: {
        summary: 'Overholdelse af frister i en periode, opdelt efter regelsæt, fristtype, enhed og terapeut',
        description:
          'Periode: fra og til, maaned (ÅÅÅÅ-MM), kvartal (ÅÅÅÅ-K1..K4) eller aar (ÅÅÅÅ), lokale datoer på fristens forfaldsdag, højst 3 år. antal: frister med forfald i perioden, der er overholdt, eller overskredet og forfaldne. andelITide: overholdtITide / antal. medianDage: median af kalenderdage fra udgangspunkt til overholdt. `Accept: text/csv` eller `format=csv` giver CSV.',
        tags: ['rapporter'],
        querystring: FristerQuerystring,
        response: { 200: Rapport, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const { regelsaet, kommune, format } = request.query;
      const resolved = periodeOf(request.query);
      if (!resolved.ok) throw new HttpError(400, 'Ugyldigt input', resolved.felter);
      const { fra, til } = resolved.periode;
      const opdeling: Opdeling[] =
        request.query.opdeling === 'ingen' ? [] : OPDELINGER.filter((o) => (request.query.opdeling?.split(',') ?? ['fristtype']).includes(o));
      const frister = await fristRapport(pool, { regelsaet, kommune, fra, til, opdeling }, { today: copenhagenDateOf(now()), scope: scopeOf(request) });
      if (wantsCsv(request, format)) return sendCsv(reply, `frister-${fra}-${til}`, toCsv(fristerColumns(opdeling), frister));
      return { regelsaetId: regelsaet ?? null, fra, til, opdeling, frister };
    },
  );

  const ugeColumns: CsvColumn<UgeLinje>[] = [
    { overskrift: 'Uge (mandag)', vaerdi: (u) => u.uge },
    { overskrift: 'Forfaldne', vaerdi: (u) => u.antal },
    { overskrift: 'Overholdt i tide', vaerdi: (u) => u.overholdtITide },
    { overskrift: 'Andel i tide', vaerdi: (u) => danishNumber(u.andelITide, 4) },
  ];

  app.get(
    '/api/rapporter/uger',
    {
      schema: {
        summary: 'Frister overholdt pr. uge det seneste år',
        description: 'De 52 uger til og med denne (mandag til søndag, efter forfaldsdag), også uger uden frister.',
        tags: ['rapporter'],
        querystring: UgerQuerystring,
        response: { 200: UgeRapport, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const { regelsaet, format } = request.query;
      const uger = await ugeRapport(pool, { regelsaet }, { today: copenhagenDateOf(now()), scope: scopeOf(request) });
      const fra = uger[0]!.uge;
      const til = copenhagenDateOf(now());
      if (wantsCsv(request, format)) return sendCsv(reply, `uger-${fra}-${til}`, toCsv(ugeColumns, uger));
      return { regelsaetId: regelsaet ?? null, fra, til, uger };
    },
  );

  const listeColumns: CsvColumn<AabenFristLinje>[] = [
    { overskrift: 'Forløb', vaerdi: (l) => l.forloebId },
    { overskrift: 'Regelsæt', vaerdi: (l) => regelsaetNavn(l.regelsaetId) },
    { overskrift: 'Frist', vaerdi: (l) => labelOf(FRIST_NAVN, l.fristtype) },
    { overskrift: 'Forfald', vaerdi: (l) => l.forfald },
    // The last minute of the due date, as a person reads it (the instant itself is the next midnight).
    { overskrift: 'Senest i tide', vaerdi: (l) => copenhagenMinute.format(new Date(Date.parse(l.senestITide) - 60_000)) },
    { overskrift: 'Dage tilbage', vaerdi: (l) => l.dageTilbage },
    { overskrift: 'Ansvarlig', vaerdi: (l) => labelOf(ROLLE_NAVN, l.ansvarligRolle) },
    { overskrift: 'Terapeut', vaerdi: (l) => l.terapeut ?? IKKE_TILDELT },
    { overskrift: 'Enhed', vaerdi: (l) => l.enhed ?? IKKE_TILDELT },
    { overskrift: 'Næste handling', vaerdi: (l) => l.naesteHandling.tekst },
  ];

  const lists: { visning: Visning; summary: string }[] = [
    { visning: 'overskredne', summary: 'Åbne frister, der er overskredet' },
    { visning: 'denne-uge', summary: 'Åbne frister med forfald i dag og de næste seks dage' },
    { visning: 'prognose', summary: 'Hvem misser en frist i denne uge, og hvad forhindrer det: de overskredne og ugens åbne frister' },
  ];
  for (const { visning, summary } of lists) {
    app.get(
      `/api/rapporter/${visning}`,
      {
        schema: {
          summary,
          description:
            'Hver frist med ansvarlig rolle, terapeut og enhed (hvis tildelt), senest i tide (slutningen af forfaldsdagen i København) og næste handling. JSON: en side (antal, standard 25); CSV: alle rækker.',
          tags: ['rapporter'],
          querystring: ListeQuerystring,
          response: { 200: AabneFrister, 400: ErrorBody },
        },
      },
      async (request, reply) => {
        const { regelsaet, sorter, retning, format } = request.query;
        const side = request.query.side ?? 1;
        const antal = request.query.antal ?? 25;
        const today = copenhagenDateOf(now());
        const csv = wantsCsv(request, format);
        const answer = await aabneFrister(
          pool,
          { visning, regelsaet, sorter, faldende: retning === 'faldende', side: csv ? null : { offset: (side - 1) * antal, limit: antal } },
          { today, scope: scopeOf(request) },
        );
        if (csv) return sendCsv(reply, `${visning}-${today}`, toCsv(listeColumns, answer.elementer));
        return { ...answer, side, antal };
      },
    );
  }
};
