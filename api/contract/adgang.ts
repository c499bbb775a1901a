// Signing in and the access log: the web UI's sign-in configuration, the development tokens, and a
// leder's search of the access log.
import { z } from 'zod';
import { Cpr } from '../../domain/citizen/cpr.schema';
import { Role } from '../../domain/regelsaet/regelsaet.schema';

/**
 * The roles a token may carry: the case roles of the forløb rules, and `drift`, the people who run
 * the system. `drift` is no role of the rules (the domain's Role stays the case roles): it may not
 * read or command forløb, only the operations routes (the codec server, the operations inbox).
 */
export const UserRole = z.enum([...Role.options, 'drift']);
export type UserRole = z.infer<typeof UserRole>;

export const DEV_TOKEN_PATH = '/api/dev/token';
export const KONFIGURATION_PATH = '/api/konfiguration';

/** How the web UI signs in: the OIDC provider and the UI's public client id, and whether the development sign-in exists. */
export const Konfiguration = z.object({
  udviklingslogin: z.boolean(),
  oidc: z.object({ authority: z.string().url(), klientId: z.string().min(1), scope: z.string().min(1) }).nullable(),
});
export type Konfiguration = z.infer<typeof Konfiguration>;

export const DevTokenBody = z.object({
  rolle: UserRole,
  kommune: z.string().trim().min(1).max(100),
  enhed: z.string().trim().min(1).max(100).optional(),
  navn: z.string().trim().min(1).max(200).optional(),
});
export const DevTokenAnswer = z.object({ token: z.string() });

export const ACCESS_KINDS = ['laesning', 'kommando', 'oprettelse', 'cpr_visning', 'soegning', 'brev_hentning'] as const;
/** A read, a command, a creation, the CPR number shown on request, a search for a borger, or a decision letter downloaded. */
export type AccessKind = (typeof ACCESS_KINDS)[number];

export const AdgangslogSoegBody = z.object({
  cpr: Cpr,
  side: z.number().int().min(1).default(1),
  antal: z.number().int().min(1).max(500).default(100),
});

export const Adgang = z.object({
  tidspunkt: z.string(),
  brugerId: z.string(),
  rolle: z.string(),
  /** Absent on a search (art soegning), which is about no single forløb. */
  forloebId: z.string().nullable(),
  art: z.enum(ACCESS_KINDS),
  handling: z.string(),
  formaal: z.string(),
  /** On a search: what it searched by (never the term) and how many forløb it found. */
  soegning: z.object({ type: z.enum(['cpr', 'navn']), antalFund: z.number() }).optional(),
});
export const AdgangslogAnswer = z.object({ forloeb: z.array(z.string()), adgange: z.array(Adgang), total: z.number(), side: z.number(), antal: z.number() });
