// From a GGOP plan to what a §140 forløb is created from, and whom the plan is addressed to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Genoptraeningsplan } from '../../domain/forloeb';
import { parseGgop } from '../../intake/ggop/parse';
import { isAddressedTo, senderKey, sourceFromPlan } from '../../intake/ggop/to-source';

const plan = (name: string) => parseGgop(readFileSync(new URL(`../fixtures/ggop/${name}`, import.meta.url)));

describe('sourceFromPlan', () => {
  it('gives a genoptræningsplan the domain accepts, with the hospital’s part under ggop', () => {
    const source = sourceFromPlan(plan('almen-basal.xml'), 'knae-underben', '2026-12-01');
    expect(Genoptraeningsplan.parse(source)).toEqual(source);
    expect(source).toMatchObject({
      kind: 'genoptraeningsplan',
      cpr: '010190-1234',
      navn: 'Åse Ærø Østergård',
      udskrivningsdato: '2026-11-30',
      kategori: 'knae-underben',
      niveau: 'basal',
      modtaget: '2026-12-01',
      ggop: { brevId: 'GOP-2026-000123', kontaktId: 'KONTAKT-778899', sygehus: { navn: 'Sygehus Sønderjylland', ean: '5790000123456' }, planType: 'almen_basal' },
    });
    expect(source.ggop?.diagnoser.map((d) => d.kode)).toEqual(['DS822', 'DI109']);
    expect(source.planOpstartsdato).toBeUndefined();
  });

  it('takes the later start date the plan asks for', () => {
    expect(sourceFromPlan(plan('senere-opstart.xml'), 'ryg', '2026-12-01').planOpstartsdato).toBe('2026-12-14');
  });

  it('trains rehabilitering på specialiseret niveau at the advanced level, and never a specialiseret plan', () => {
    expect(sourceFromPlan(plan('rehabilitering-specialiseret.xml'), 'erhvervet-hjerneskade', '2026-12-01').niveau).toBe('avanceret');
    expect(() => sourceFromPlan(plan('specialiseret.xml'), 'ryg', '2026-12-01')).toThrow();
  });
});

describe('isAddressedTo', () => {
  it('knows the kommune by the receiver’s name, whatever its case and spacing', () => {
    expect(isAddressedTo(plan('almen-basal.xml'), 'Sønderborg')).toBe(true);
    expect(isAddressedTo({ modtager: { navn: '  SØNDERBORG   kommune ' } }, 'Sønderborg')).toBe(true);
    expect(isAddressedTo(plan('anden-kommune.xml'), 'Sønderborg')).toBe(false);
    expect(isAddressedTo(plan('anden-kommune.xml'), 'Varde')).toBe(true);
  });

  it('names the sender by its EAN number', () => {
    expect(senderKey(plan('almen-basal.xml'))).toBe('5790000123456');
  });
});
