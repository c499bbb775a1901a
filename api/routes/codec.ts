// /api/codec: a codec server after Temporal's remote codec protocol, so the operations role (drift)
// can read in the Temporal web UI what the system keeps there encrypted. POST /decode and /encode take
// and give `{ payloads: [{ metadata, data }] }` in proto3 JSON and run them through the same codecs
// as the worker and the client (config/data-converter.ts). The web UI calls from its own origin, with
// the user's bearer token, so the one configured origin (CODEC_CORS_ORIGIN) gets CORS answers with
// credentials, and no other origin does.
//
// Every decode is a row in the access log (who, how many payloads, which namespace; never what they
// held), written before the plaintext is sent: no decode is shown that was not logged.
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ValueError } from '@temporalio/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { METADATA_KEY_ID, UnknownPayloadKeyError } from '../../config/data-converter';
import { recordCodecDecode } from '../access-log';
import type { AppDeps, DriftDeps } from '../app';
import { CODEC_PATHS, CodecPayloads, ErrorBody, NamespaceHeader } from '../contract';
import { HttpError } from '../errors';
import { driftIdentityOf } from '../identity';

export { CODEC_PATHS };

// A workflow's history may be decoded in one request; Temporal caps a payload at 2 MB, so the default
// 1 MB body limit would refuse ordinary ones.
const BODY_LIMIT = 8 * 1024 * 1024;
const PREFLIGHT_MAX_AGE_SECONDS = 600;

type CodecPayloadsJson = z.infer<typeof CodecPayloads>;

const toPayload = (p: CodecPayloadsJson['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data, 'base64')),
});

const toJson = (p: Payload): CodecPayloadsJson['payloads'][number] => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** Why a payload could not be decoded, naming it; the key id and the contents are not echoed. */
function undecodable(err: unknown, index: number): unknown {
  if (err instanceof UnknownPayloadKeyError) {
    return new HttpError(422, 'En payload er krypteret med en nøgle, som serveren ikke har', [
      { felt: `payloads.${index}.metadata.${METADATA_KEY_ID}`, besked: 'ukendt nøgle-id; nøglen skal stå i PAYLOAD_KEYS' },
    ]);
  }
  if (err instanceof ValueError) {
    return new HttpError(422, 'En payload kan ikke dekrypteres', [{ felt: `payloads.${index}.data`, besked: 'forkert nøgle, ændret eller afkortet indhold' }]);
  }
  return err;
}

/** Decoding runs the codecs in the reverse order of encoding, one payload at a time, so a failure names its payload. */
async function decodeAll(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  const out: Payload[] = [];
  for (const [index, payload] of payloads.entries()) {
    let current = payload;
    try {
      for (const codec of [...codecs].reverse()) [current] = (await codec.decode([current])) as [Payload];
    } catch (err) {
      throw undecodable(err, index);
    }
    out.push(current);
  }
  return out;
}

async function encodeAll(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  let current = payloads;
  for (const codec of codecs) current = await codec.encode(current);
  return current;
}

export const codecRoutes: FastifyPluginAsyncZod<Pick<AppDeps, 'pool'> & { drift: DriftDeps }> = async (app, { pool, drift }) => {
  const corsOrigin = drift.temporalUiOrigin;
  const fromUi = (request: FastifyRequest) => request.headers.origin === corsOrigin;

  // Every answer to the web UI's origin, refusals included, carries the CORS headers: otherwise the
  // browser hides a 401 or 403 from the UI as a network error.
  app.addHook('onSend', async (request, reply) => {
    reply.header('vary', 'Origin');
    if (fromUi(request)) {
      reply.header('access-control-allow-origin', corsOrigin);
      reply.header('access-control-allow-credentials', 'true');
    }
  });

  const preflight = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!fromUi(request) || request.headers['access-control-request-method'] !== 'POST') {
      throw new HttpError(403, 'Codec-serveren svarer kun Temporals webgrænseflade (CODEC_CORS_ORIGIN)');
    }
    return reply
      .code(204)
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'authorization, content-type, x-namespace')
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS))
      .send();
  };

  const checkNamespace = (namespace: string) => {
    if (namespace !== drift.namespace) throw new HttpError(400, 'Ugyldigt input', [{ felt: 'header x-namespace', besked: 'er ikke systemets Temporal-namespace' }]);
  };

  const responses = { 200: CodecPayloads, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody };

  app.post(
    CODEC_PATHS.decode,
    {
      bodyLimit: BODY_LIMIT,
      config: { callers: 'drift' },
      schema: {
        summary: 'Codec-server: afkod Temporal-payloads (kun drift)',
        description:
          'Temporals remote codec-protokol, til Temporals webgrænseflade. Hver afkodning skrives i adgangsloggen med bruger, antal payloads og namespace, aldrig indholdet.',
        tags: ['drift'],
        headers: NamespaceHeader,
        body: CodecPayloads,
        response: responses,
      },
    },
    async (request) => {
      const identity = driftIdentityOf(request);
      const namespace = request.headers['x-namespace'];
      checkNamespace(namespace);
      const decoded = await decodeAll(drift.payloadCodecs, request.body.payloads.map(toPayload));
      await recordCodecDecode(pool, { identity, payloadCount: decoded.length, namespace, action: `POST ${CODEC_PATHS.decode}` });
      return { payloads: decoded.map(toJson) };
    },
  );

  app.post(
    CODEC_PATHS.encode,
    {
      bodyLimit: BODY_LIMIT,
      config: { callers: 'drift' },
      schema: {
        summary: 'Codec-server: indkod Temporal-payloads (kun drift)',
        description: 'Temporals remote codec-protokol: krypterer payloads med den aktive nøgle, som workeren gør.',
        tags: ['drift'],
        headers: NamespaceHeader,
        body: CodecPayloads,
        response: responses,
      },
    },
    async (request) => {
      driftIdentityOf(request);
      checkNamespace(request.headers['x-namespace']);
      return { payloads: (await encodeAll(drift.payloadCodecs, request.body.payloads.map(toPayload))).map(toJson) };
    },
  );

  for (const url of Object.values(CODEC_PATHS)) {
    app.options(url, { config: { corsPreflight: true }, schema: { hide: true } }, preflight);
  }
};
