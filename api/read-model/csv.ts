// CSV as a Danish spreadsheet opens it: a UTF-8 byte-order mark (without it Excel reads æ, ø and å as
// two characters each), `;` between fields, decimal commas, CRLF line ends, and a header of Danish
// column names. One function for every report table, so they never differ in format.

export type CsvColumn<T> = { overskrift: string; vaerdi: (row: T) => string | number | null | undefined };

export const BOM = '\uFEFF';

/** A number with a decimal comma, at most `decimals` decimals, no thousands separator; '' for none. */
export const danishNumber = (n: number | null | undefined, decimals = 0): string =>
  n === null || n === undefined ? '' : String(Number(n.toFixed(decimals))).replace('.', ',');

/** A field quoted when it holds the separator, a quote or a line break. */
function field(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : typeof value === 'number' ? danishNumber(value, 4) : value;
  return /[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => field(c.overskrift)).join(';'), ...rows.map((r) => columns.map((c) => field(c.vaerdi(r))).join(';'))];
  return BOM + lines.join('\r\n') + '\r\n';
}
