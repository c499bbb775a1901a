// Operations: the health checks, the operations inbox of the watchdog's findings, and the codec server
// for Temporal's web UI (only the operations role). The findings' answers and the codec's payloads are in responses.ts.
import { z } from 'zod';

export const DriftFundQuery = z.strictObject({
  aabne: z.enum(['true', 'false'], { error: 'skal være true eller false' }).transform((v) => v === 'true').optional(),
  /** The `naeste` of the previous answer. */
  side: z.string().min(1).max(500).optional(),
  antal: z.coerce.number().int().min(1).max(200).default(50),
});

export const DriftFundParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'er ikke et fund-id') });

export const CODEC_PATHS = { decode: '/api/codec/decode', encode: '/api/codec/encode' } as const;
export const NamespaceHeader = z.object({ 'x-namespace': z.string().min(1).max(255) });

/** /health: the process answers; /ready: PostgreSQL and Temporal answer too. */
export const HealthAnswer = z.object({ status: z.literal('ok') });
export const ReadyAnswer = z.object({ status: z.literal('klar'), database: z.boolean(), temporal: z.boolean() });
export const NotReadyAnswer = z.object({ status: z.literal('ikke klar'), database: z.boolean(), temporal: z.boolean() });
