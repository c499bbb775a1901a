// SQL fragments shared by the read tables.

/** A timestamptz as JavaScript's toISOString() writes it (UTC, milliseconds), so loaded rows equal evolved ones. */
export const isoUtc = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
