// The forløb's decision letters (docs/letters.md): the list with each letter's delivery status, and
// one letter as PDF. Both sit under /api/forloeb/:id, so the access hook checks that the caller may
// read the forløb and logs the access: the list as a read, each download as `brev_hentning`.
// A letter not yet made by the outbox is made here, from the event log, and stored; the outbox then
// sends that same PDF.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Pool } from 'pg';
import { letterBlobName } from '../../activities/letters/outbox';
import { renderLetterPdf } from '../../activities/letters/pdf';
import { composeStoredLetter } from '../../activities/letters/render';
import { openBlob, sealBlob } from '../../config/blob-encryption';
import type { PayloadKeys } from '../../config/payload-keys';
import type { AppDeps } from '../app';
import { Breve, BrevParams, BreveParams, ErrorBody, type Brev } from '../contract';
import { HttpError } from '../errors';


type Row = {
  seq: number;
  kind: Brev['art'];
  title: string;
  decided_on: string;
  created_at: string;
  status: Brev['status'];
  dannet: boolean;
  attempts: number;
  last_attempt_at: string | null;
  last_error: string | null;
  next_attempt_at: string;
  channel: string | null;
  sent_at: string | null;
};

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function listLetters(pool: Pool, forloebId: string): Promise<Brev[]> {
  const { rows } = await pool.query<Row>(
    `SELECT seq, kind, title, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, ${iso('created_at')} AS created_at, status,
            pdf IS NOT NULL AS dannet, attempts, ${iso('last_attempt_at')} AS last_attempt_at, last_error,
            ${iso('next_attempt_at')} AS next_attempt_at, channel, ${iso('sent_at')} AS sent_at
       FROM breve WHERE forloeb_id = $1 ORDER BY seq`,
    [forloebId],
  );
  return rows.map((r) => ({
    id: r.seq,
    art: r.kind,
    titel: r.title,
    afgoerelsesdato: r.decided_on,
    oprettet: r.created_at,
    status: r.status,
    dannet: r.dannet,
    forsoeg: r.attempts,
    sidsteForsoeg: r.last_attempt_at,
    sidsteFejl: r.last_error,
    naesteForsoeg: r.status === 'sendt' ? null : r.next_attempt_at,
    kanal: r.channel,
    sendt: r.sent_at,
  }));
}

/** The letter's PDF: the stored one, or made now from the event log and stored. Undefined: no such letter. */
async function letterPdf(deps: Pick<AppDeps, 'pool' | 'regelsaet'> & { keys: PayloadKeys | undefined }, forloebId: string, seq: number): Promise<Buffer | undefined> {
  const name = letterBlobName(forloebId, seq);
  const stored = async () =>
    (await deps.pool.query<{ pdf: Buffer | null; pdf_key_id: string | null }>('SELECT pdf, pdf_key_id FROM breve WHERE forloeb_id = $1 AND seq = $2', [forloebId, seq]))
      .rows[0];
  let row = await stored();
  if (!row) return undefined;
  if (!row.pdf) {
    const { letter } = await composeStoredLetter(deps.pool, forloebId, seq, deps.regelsaet);
    const sealed = sealBlob(deps.keys, name, await renderLetterPdf(letter));
    // The first to store wins, here or in the outbox: every reader gets the same PDF.
    await deps.pool.query('UPDATE breve SET pdf = $3, pdf_key_id = $4, rendered_at = now() WHERE forloeb_id = $1 AND seq = $2 AND pdf IS NULL', [
      forloebId,
      seq,
      sealed.data,
      sealed.keyId,
    ]);
    row = await stored();
  }
  return openBlob(deps.keys, name, { keyId: row!.pdf_key_id, data: row!.pdf! });
}

export const breveRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const keys = deps.letterKeys;

  app.get(
    '/api/forloeb/:id/breve',
    {
      schema: {
        summary: 'Forløbets afgørelsesbreve med status for afsendelse',
        tags: ['forløb'],
        params: BreveParams,
        response: { 200: Breve, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => ({ breve: await listLetters(deps.pool, request.params.id) }),
  );

  app.get(
    '/api/forloeb/:id/breve/:brevId',
    {
      schema: {
        summary: 'Et afgørelsesbrev som PDF (registreres i adgangsloggen)',
        description: 'Brevet som borgeren modtager det. Hver hentning logges som brev_hentning med brugerens rolle og formål. Svaret må ikke gemmes (no-store).',
        tags: ['forløb'],
        params: BrevParams,
        produces: ['application/pdf'],
        response: { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
      config: { adgang: 'brev_hentning' },
    },
    async (request, reply) => {
      const { id, brevId } = request.params;
      const pdf = await letterPdf({ pool: deps.pool, regelsaet: deps.regelsaet, keys }, id, brevId);
      if (!pdf) throw new HttpError(404, 'Brevet findes ikke');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="afgoerelse-${brevId}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf as never);
    },
  );
};
