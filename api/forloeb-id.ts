// A forløb's id, `forloeb-<uuid>`, made from hex digits where it must be the same on a repeat: from an
// Idempotency-Key's token (a create whose answer was lost) or from a hash of a hospital letter's id
// (the same GGOP letter twice). The UUID is of version 8 (custom) and variant 1.

/** `forloeb-` and a UUID from the first 32 hex digits of `hex`. */
export function forloebIdFromHex(hex: string): string {
  if (!/^[0-9a-f]{32}/.test(hex)) throw new RangeError('a forløb id needs 32 lower-case hex digits');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `forloeb-${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
