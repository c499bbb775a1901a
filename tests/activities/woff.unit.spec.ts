// The letters' font, unwrapped from WOFF once: the TrueType font it holds, whole.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from '../../activities/letters/woff';

const require = createRequire(import.meta.url);
const woff = readFileSync(require.resolve('@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff'));

describe('woffToSfnt', () => {
  it('gives the TrueType font of the size the WOFF header announces, with every table', () => {
    const sfnt = woffToSfnt(woff);
    expect(sfnt.length).toBe(woff.readUInt32BE(16)); // totalSfntSize
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4)); // the flavor: TrueType outlines
    expect(sfnt.readUInt16BE(4)).toBe(woff.readUInt16BE(12));
    const tags = Array.from({ length: sfnt.readUInt16BE(4) }, (_, i) => sfnt.subarray(12 + i * 16, 16 + i * 16).toString('latin1'));
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca', 'name']));
  });

  it('refuses what is not a WOFF font', () => {
    expect(() => woffToSfnt(Buffer.from('OTTO0000000000000000'))).toThrow('not a WOFF 1.0 font');
  });
});
