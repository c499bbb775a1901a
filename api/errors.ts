// One place maps every failure to an HTTP answer. Messages are Danish and never echo input values,
// so a CPR number sent in a bad field cannot leak into a response or a log.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldError } from './contract';
import { isDependencyDown, RETRY_AFTER_SECONDS } from './dependency-errors';

/** An error with an HTTP status and a message that is safe to show. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly felter?: FieldError[],
    readonly kode?: string,
  ) {
    super(message);
  }
}

export const badRequest = (felt: string, besked: string) => new HttpError(400, 'Ugyldigt input', [{ felt, besked }]);
export const notFound = (what: string) => new HttpError(404, `${what} findes ikke`);

const CONTEXT_PREFIX: Record<string, string> = { body: '', querystring: '', params: '', headers: 'header ' };

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const prefix = CONTEXT_PREFIX[err.validationContext ?? 'body'] ?? '';
      const felter = err.validation.map((v) => ({
        felt: prefix + (v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(hele input)'),
        besked: v.message ?? 'ugyldig værdi',
      }));
      return reply.code(400).send({ fejl: 'Ugyldigt input', felter });
    }
    if (err instanceof HttpError) {
      if (err.statusCode === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply.code(err.statusCode).send({ fejl: err.message, ...(err.felter ? { felter: err.felter } : {}), ...(err.kode ? { kode: err.kode } : {}) });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own 4xx (malformed JSON, wrong content type, body too large): say what, not the input.
      return reply.code(err.statusCode).send({ fejl: fastifyClientErrorMessage(err) });
    }
    if (isDependencyDown(err)) {
      request.log.warn({ err: { message: err.message, code: err.code } }, 'a dependency is unavailable');
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ fejl: 'Systemet er midlertidigt utilgængeligt; prøv igen om lidt' });
    }
    // The cause too: a Temporal client error says what went wrong only there (its gRPC status and details).
    const cause = (err as { cause?: { message?: unknown; code?: unknown } }).cause;
    request.log.error(
      { err: { message: err.message, stack: err.stack, code: err.code, ...(cause ? { cause: { message: String(cause.message), code: cause.code } } : {}) } },
      'request failed',
    );
    return reply.code(500).send({ fejl: 'Der skete en intern fejl' });
  });
}

function fastifyClientErrorMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Body er ikke gyldig JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Content-Type understøttes ikke; brug application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Body er for stor';
    default:
      return 'Ugyldig forespørgsel';
  }
}
