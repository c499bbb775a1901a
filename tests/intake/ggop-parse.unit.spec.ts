// Reading MedCom GGOP messages: every plan type, a later start date, both ways of binding the
// namespaces, ISO-8859-1 with Danish letters, and each malformed case refused with its element named.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../intake/ggop/decode';
import { parseGgop } from '../../intake/ggop/parse';
import { GgopRefused } from '../../intake/ggop/refusal';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ggop/${name}`, import.meta.url));

function refusalOf(bytes: Uint8Array): GgopRefused {
  try {
    parseGgop(bytes);
  } catch (err) {
    if (err instanceof GgopRefused) return err;
    throw err;
  }
  throw new Error('the message was not refused');
}

describe('parseGgop', () => {
  it('reads a plan: CPR, name, dates, plan type, diagnoses, sender, receiver, letter and free text', () => {
    const plan = parseGgop(fixture('almen-basal.xml'));
    expect(plan).toMatchObject({
      brevId: 'GOP-2026-000123',
      kontaktId: 'KONTAKT-778899',
      afsender: { ean: '5790000123456', sor: '6008371000016001', navn: 'Sygehus Sønderjylland', afdeling: 'Ortopædkirurgisk afdeling', enhed: 'Sengeafsnit O2' },
      modtager: { ean: '5798000019918', navn: 'Sønderborg Kommune' },
      borger: { cpr: '010190-1234', fornavne: 'Åse Ærø', efternavn: 'Østergård' },
      planType: 'almen_basal',
      udskrivningsdato: '2026-11-30',
      indlagt: '2026-11-25',
      diagnoser: [
        { kode: 'DS822', tekst: 'Brud på skinnebensskaft', primaer: true },
        { kode: 'DI109', tekst: 'Essentiel hypertension', primaer: false },
      ],
    });
    expect(plan.senereOpstart).toBeUndefined();
    expect(plan.tekster.AbilityAtDischargeSummary).toBe('Går med rollator inden for korte afstande.\nKlarer trapper med støtte af én person.');
    expect(plan.tekster.RehabilitationNeedAndPotential).toContain('selvstændig gang & trappegang');
  });

  it.each([
    ['almen-basal.xml', 'almen_basal'],
    ['almen-avanceret.xml', 'almen_avanceret'],
    ['specialiseret.xml', 'specialiseret'],
    ['rehabilitering-specialiseret.xml', 'rehabilitering_specialiseret'],
  ])('reads the plan type of %s', (file, planType) => {
    expect(parseGgop(fixture(file)).planType).toBe(planType);
  });

  it('reads a message whose namespaces are bound to other prefixes (ns4: for 1.0.4, ns0: for 1.0.0)', () => {
    const plan = parseGgop(fixture('almen-avanceret.xml'));
    expect(plan.borger).toEqual({ cpr: '020285-4321', fornavne: 'Bo', efternavn: 'Hansen' });
    expect(plan.afsender.navn).toBe('Sygehus Sønderjylland');
  });

  it('reads the later start date a plan asks for (RehabilitationDeadline)', () => {
    expect(parseGgop(fixture('senere-opstart.xml')).senereOpstart).toBe('2026-12-14');
  });

  it('reads ISO-8859-1 with the Danish letters intact', () => {
    const bytes = fixture('iso-8859-1.xml');
    expect(bytes.includes(0xc3)).toBe(false); // not UTF-8: ø is one byte
    const plan = parseGgop(bytes);
    expect(plan.borger).toMatchObject({ fornavne: 'Øjvind Åge', efternavn: 'Søgård-Ærtebjerg' });
    expect(plan.afsender.navn).toBe('Sygehus Sønderjylland');
  });

  it('reads the same message in UTF-8 and in ISO-8859-1 alike', () => {
    const utf8 = fixture('iso-8859-1.xml').toString('latin1').replace('encoding="ISO-8859-1"', 'encoding="UTF-8"');
    expect(parseGgop(Buffer.from(utf8, 'utf8'))).toEqual(parseGgop(fixture('iso-8859-1.xml')));
  });

  it.each([
    ['afvist-mangler-cpr.xml', 'RehabilitationPlan/Patient/CivilRegistrationNumber', 'mangler'],
    ['afvist-mangler-udskrivningsdato.xml', 'RehabilitationPlan/CurrentHospitalContact/ExpectedEnd', 'mangler'],
    ['afvist-ugyldigt-cpr.xml', 'RehabilitationPlan/Patient/CivilRegistrationNumber', 'er ikke et gyldigt CPR-nummer'],
    ['afvist-ukendt-plantype.xml', 'RehabilitationPlan/TypeOfRehabilitationPlan', 'er ikke en kendt plantype'],
    ['afvist-forkert-rod.xml', '(besked)', 'rodelementet skal være Emessage'],
    ['afvist-ikke-xml.xml', '(besked)', 'er ikke gyldig XML'],
    ['afvist-afkortet.xml', '(besked)', 'er ikke gyldig XML'],
    ['afvist-billion-laughs.xml', '(besked)', 'DOCTYPE'],
  ])('refuses %s, naming %s', (file, element, reason) => {
    const refusal = refusalOf(fixture(file));
    expect(refusal.element).toBe(element);
    expect(refusal.besked).toContain(reason);
  });

  it('never repeats a value from the message in a refusal', () => {
    const refusal = refusalOf(fixture('afvist-ugyldigt-cpr.xml'));
    expect(refusal.message).not.toContain('3213901234');
  });

  it('refuses a message over the size limit before reading it', () => {
    const big = Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20);
    expect(refusalOf(big).besked).toContain('større end');
  });

  it('refuses an encoding it does not read, and bytes that are not the encoding they claim', () => {
    expect(refusalOf(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><Emessage/>')).besked).toContain('UTF-16'.toLowerCase());
    const latin1AsUtf8 = fixture('iso-8859-1.xml').toString('latin1').replace('encoding="ISO-8859-1"', 'encoding="UTF-8"');
    expect(refusalOf(Buffer.from(latin1AsUtf8, 'latin1')).besked).toBe('er ikke gyldig UTF-8');
  });
});

describe('parseGgop on damaged input', () => {
  /** A small seeded generator, so a failure can be run again. */
  const random = (seed: number) => () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const outcome = (bytes: Uint8Array) => {
    try {
      parseGgop(bytes);
      return 'read';
    } catch (err) {
      if (err instanceof GgopRefused) return 'refused';
      throw err;
    }
  };

  it('answers every truncation of a valid message with a plan or a refusal, never another error', () => {
    const bytes = fixture('almen-basal.xml');
    const next = random(1);
    for (let i = 0; i < 300; i++) expect(['read', 'refused']).toContain(outcome(bytes.subarray(0, Math.floor(next() * bytes.length))));
  });

  it('answers random bytes and random changes of a valid message with a refusal or a plan, never another error', () => {
    const next = random(2);
    const valid = fixture('iso-8859-1.xml');
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(valid);
      for (let k = 0; k < 1 + Math.floor(next() * 20); k++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      expect(['read', 'refused']).toContain(outcome(bytes));
      const noise = Buffer.from(Array.from({ length: Math.floor(next() * 2000) }, () => Math.floor(next() * 256)));
      expect(outcome(noise)).toBe('refused');
    }
  });
});
