// A refusal is data: a code that says what kind of rule refused, the field of the request it concerns
// (the API's Danish name for it, e.g. `startdato` or `kilde.kategori`), and a Danish message for a
// person. The API maps the code to an HTTP status in one table and the field to the answer's `felter`;
// nothing parses the message.

/**
 * `wrong_phase`: not now (the phase, or a fact the command needs or repeats); `forbidden_role`: not by
 * this role; `invalid`: not with this input; `frame_exceeded`: the frame is used up; `needs_confirmation`:
 * allowed, but unusual enough that the caller must confirm it (the field names the flag to send).
 */
export const REFUSAL_CODES = ['wrong_phase', 'forbidden_role', 'invalid', 'frame_exceeded', 'needs_confirmation'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type Refusal = { code: RefusalCode; field?: string; message: string };

/** The refusal as one line, field first ("startdato: …"): the message of the workflow's failure. */
export const refusalText = (r: Refusal): string => (r.field ? `${r.field}: ${r.message}` : r.message);

export const isRefusalCode = (code: unknown): code is RefusalCode => typeof code === 'string' && (REFUSAL_CODES as readonly string[]).includes(code);
