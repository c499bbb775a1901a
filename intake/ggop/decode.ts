// The bytes of a GGOP message as text. MedCom messages are often ISO-8859-1, which the XML declaration
// names; without a declaration XML is UTF-8. A document type declaration is refused before anything
// parses the text: GGOP uses none, and it is how entity expansion ("billion laughs") gets in.
import { GgopRefused } from './refusal';

/** The largest message taken: GOPs are a few tens of kilobytes; a journal excerpt may add some. */
export const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

const DECLARATION = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["'][^>]*\?>/;

/** The encodings messages arrive in; the WHATWG decoder reads ISO-8859-1 as windows-1252, a superset. */
const ENCODINGS: Record<string, string> = { 'utf-8': 'utf-8', utf8: 'utf-8', 'iso-8859-1': 'latin1', latin1: 'latin1', 'windows-1252': 'latin1' };

export function decodeMessage(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new GgopRefused('(besked)', 'er tom');
  if (bytes.byteLength > MAX_MESSAGE_BYTES) throw new GgopRefused('(besked)', `er større end ${MAX_MESSAGE_BYTES / 1024 / 1024} MB`);
  // The declaration is ASCII in every encoding a GGOP uses, so it can be read before decoding.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const named = DECLARATION.exec(head)?.[1]?.toLowerCase();
  const encoding = named === undefined ? 'utf-8' : ENCODINGS[named];
  if (encoding === undefined) throw new GgopRefused('(besked)', `tegnsættet ${named} understøttes ikke; brug UTF-8 eller ISO-8859-1`);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new GgopRefused('(besked)', `er ikke gyldig ${encoding === 'latin1' ? 'ISO-8859-1' : 'UTF-8'}`);
  }
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new GgopRefused('(besked)', 'må ikke indeholde en DOCTYPE- eller ENTITY-erklæring');
  return text;
}
