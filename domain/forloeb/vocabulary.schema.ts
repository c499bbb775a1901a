// The closed lists a forløb speaks in. Values are the API's Danish words.
import { z } from 'zod';

export const SessionOutcome = z.enum(['gennemfoert', 'aflyst_af_borger', 'aflyst_af_enheden', 'udeblevet'], {
  error: 'skal være gennemfoert, aflyst_af_borger, aflyst_af_enheden eller udeblevet',
});
export type SessionOutcome = z.infer<typeof SessionOutcome>;

/**
 * notat: the therapist's note extends the frame (002); ekstra_sessioner: extra sessions within the
 * therapist's own allowance (001: 1–4); anmodning: a request the extension role decides (000);
 * tillaegsbevilling_lille / _stor: an application for a tillægsbevilling of that size (001).
 */
export const ExtensionKind = z.enum(['notat', 'ekstra_sessioner', 'anmodning', 'tillaegsbevilling_lille', 'tillaegsbevilling_stor'], {
  error: 'skal være notat, ekstra_sessioner, anmodning, tillaegsbevilling_lille eller tillaegsbevilling_stor',
});
export type ExtensionKind = z.infer<typeof ExtensionKind>;

/** Why a forløb ends (KL Gateway's CancellationTypes map onto these; see the README glossary). */
export const AfslutningReason = z.enum(
  [
    'maal_naaet', // goals met
    'ramme_brugt', // the frame is used
    'bevilling_udloebet', // the grant expired
    'gentagne_aflysninger', // repeated cancellations
    'udeblivelser', // no-shows
    'borger_fravaelger', // the citizen declines
    'andet_tilbud', // another offer, e.g. vederlagsfri fysioterapi
    'udenfor_maalgruppe', // outside the target group
  ],
  { error: 'skal være en af: maal_naaet, ramme_brugt, bevilling_udloebet, gentagne_aflysninger, udeblivelser, borger_fravaelger, andet_tilbud, udenfor_maalgruppe' },
);
export type AfslutningReason = z.infer<typeof AfslutningReason>;
