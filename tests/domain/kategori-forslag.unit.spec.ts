// The category a plan from the hospital proposes from its diagnoses (Sønderborg §140's table).
import { describe, expect, it } from 'vitest';
import { findRegelsaet, RegelsaetFile } from '../../domain/regelsaet';
import { proposeKategori } from '../../domain/regelsaet/kategori-forslag';
import { sonderborgSul140 } from '../../domain/regelsaet/data/sonderborg-sul140';

const sul140 = findRegelsaet('sonderborg-sul140')!;
const primary = (kode: string) => ({ kode, primaer: true });
const secondary = (kode: string) => ({ kode, primaer: false });
const proposed = (...d: { kode: string; primaer: boolean }[]) => proposeKategori(sul140, d)?.id;

describe('proposeKategori', () => {
  it.each([
    ['DS822', 'knae-underben'], // fracture of the tibia shaft
    ['DS720', 'hofte-laarben-baekken'], // femoral neck fracture
    ['DM171', 'knae-underben'], // knee arthrosis
    ['DI500', 'hjerte-hjertesvigt'],
    ['DI219', 'hjerte-iskaemisk'],
    ['DI639', 'erhvervet-hjerneskade'], // stroke
    ['DS065', 'erhvervet-hjerneskade'], // DS06 beats the head-injury block DS0
    ['DS025', 'ansigt-mund-svaelg'],
    ['DC509', 'kraeft'],
    ['DM545', 'ryg'],
    ['DS420', 'skulder-overarm'],
    ['DZ999', 'oevrige'], // nothing else matches
  ])('proposes for primary diagnosis %s: %s', (kode, kategori) => {
    expect(proposed(primary(kode))).toBe(kategori);
  });

  it('takes a real match on a secondary diagnosis over the catch-all on the primary', () => {
    expect(proposed(primary('DZ999'), secondary('DS822'))).toBe('knae-underben');
  });

  it('takes the primary diagnosis over a secondary one that matches', () => {
    expect(proposed(primary('DS720'), secondary('DS822'))).toBe('hofte-laarben-baekken');
  });

  it('proposes nothing without a diagnosis, or in a regelsæt without categories', () => {
    expect(proposed()).toBeUndefined();
    expect(proposeKategori(findRegelsaet('varde-sel86-1')!, [primary('DS822')])).toBeUndefined();
  });

  it('is regelsæt data: every category of Sønderborg §140 names its proposal and where it comes from', () => {
    const categories = sul140.indsatser.flatMap((i) => i.categories);
    const without = categories.filter((c) => c.icd10.length === 0).map((c) => c.id);
    expect(without).toEqual(['boern-sanseintegration']); // no diagnosis group: chosen by the coordinator
    expect(categories.filter((c) => c.icd10.length > 0).every((c) => c.icd10Source?.startsWith('default:'))).toBe(true);
  });

  it('refuses a code start that is not SKS ICD-10 shaped', () => {
    const bad = structuredClone(sonderborgSul140);
    bad.indsatser[0]!.categories![0]!.icd10 = ['S82'];
    expect(RegelsaetFile.safeParse(bad).success).toBe(false);
  });
});
