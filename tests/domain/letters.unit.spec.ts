// The decision letter's content: which events call for a letter, what each letter says, and the
// complaint's last day as a date.
import { describe, expect, it } from 'vitest';
import { complaintDeadline, composeLetter, letterKindOf, type Letter } from '../../domain/letters';
import { BUILT_IN_REGELSAET, findRegelsaet, type Regelsaet } from '../../domain/regelsaet';
import { BORGER_NAVN, EXTENSION_REASON, EXTENSION_REFUSAL, letterScenarios, OUTSIDE_NOTE, REFUSAL_REASON } from '../support/letter-scenarios';

const compose = (r: Regelsaet, kind: string): Letter => {
  const s = letterScenarios(r).find((x) => x.kind === kind);
  if (!s) throw new Error(`${r.id} has no scenario ${kind}`);
  return composeLetter({ forloebId: 'forloeb-1', state: s.state, event: s.event, regelsaet: r })!;
};
const section = (l: Letter, heading: string) => l.sections.find((s) => s.heading === heading)?.paragraphs.join('\n') ?? '';
const text = (l: Letter) => l.sections.flatMap((s) => [s.heading, ...s.paragraphs]).join('\n');

describe('letterKindOf', () => {
  it('names the decisions the citizen must receive, and nothing else', () => {
    expect(letterKindOf({ type: 'VisitationRecorded', data: { decision: 'bevilget', decidedOn: '2031-03-04' } })).toBe('bevilling');
    expect(letterKindOf({ type: 'VisitationRecorded', data: { decision: 'afslaaet', decidedOn: '2031-03-04', reason: 'x' } })).toBe('afslag');
    const decided = { requestId: 1, automatic: false, decidedOn: '2031-03-04' };
    expect(letterKindOf({ type: 'ExtensionDecided', data: { ...decided, decision: 'godkendt', amount: 4 } })).toBe('forlaengelse_bevilget');
    expect(letterKindOf({ type: 'ExtensionDecided', data: { ...decided, decision: 'afvist', amount: 0 } })).toBe('forlaengelse_afslaaet');
    expect(letterKindOf({ type: 'AfslutningRecorded', data: { reason: 'udeblivelser', date: '2031-03-04' } })).toBe('afslutning_udeblivelser');
    expect(letterKindOf({ type: 'AfslutningRecorded', data: { reason: 'gentagne_aflysninger', date: '2031-03-04' } })).toBe('afslutning_aflysninger');
    expect(letterKindOf({ type: 'AfslutningRecorded', data: { reason: 'udenfor_maalgruppe', date: '2031-03-04' } })).toBe('afslutning_udenfor_maalgruppe');
    for (const reason of ['maal_naaet', 'ramme_brugt', 'bevilling_udloebet', 'borger_fravaelger', 'andet_tilbud']) {
      expect(letterKindOf({ type: 'AfslutningRecorded', data: { reason, date: '2031-03-04' } }), reason).toBeUndefined();
    }
    expect(letterKindOf({ type: 'StartHeld', data: { heldOn: '2031-03-04' } })).toBeUndefined();
  });
});

describe('complaintDeadline', () => {
  it('is the decision date plus the weeks', () => {
    expect(complaintDeadline('2031-03-04', 4)).toBe('2031-04-01');
  });
  it('runs past a weekend and a holiday to the next hverdag', () => {
    // Friday 27 November 2026 + 4 weeks = juledag, Friday 25 December; then a weekend.
    expect(complaintDeadline('2026-11-27', 4)).toBe('2026-12-28');
    expect(complaintDeadline('2026-11-26', 4, ['2026-12-24'])).toBe('2026-12-28');
  });
});

describe.each(BUILT_IN_REGELSAET.map((r) => [r.id, r] as const))('the letters of %s', (_id, r) => {
  const scenarios = letterScenarios(r);
  const body = r.letters.complaints.find((k) => k.subject === 'afgoerelse')!;

  it.each(scenarios.map((s) => [s.kind, s] as const))('%s: decision, reasons, legal basis, unit and klagevejledning with its date', (kind, s) => {
    const letter = composeLetter({ forloebId: 'forloeb-1', state: s.state, event: s.event, regelsaet: r })!;
    expect(letter.kind).toBe(kind);
    expect(letter.sections.map((x) => x.heading)).toEqual(expect.arrayContaining(['Afgørelse', 'Begrundelse', 'Lovgrundlag', 'Ansvarlig enhed', 'Klagevejledning']));
    expect(letter.complaint.to).toBe(body.name);
    expect(letter.complaint.by).toBe(complaintDeadline(letter.date, 4, r.closedDays));
    expect(section(letter, 'Klagevejledning')).toContain(`senest den ${letter.complaint.by.split('-').map(Number).reverse()[0]}.`);
    expect(section(letter, 'Klagevejledning')).toContain(body.how);
    expect(section(letter, 'Ansvarlig enhed')).toContain(r.letters.letterhead.unit);
    expect(section(letter, 'Lovgrundlag')).toMatch(/§ (86|140)/);
    expect(letter.recipient).toBe(BORGER_NAVN);
    expect(JSON.stringify(letter)).not.toContain('010190');
  });
});

describe('what a letter says', () => {
  const sul140 = findRegelsaet('sonderborg-sul140')!;
  const varde = findRegelsaet('varde-sel86-1')!;
  const brondby = findRegelsaet('brondby-sel86-1')!;
  const nyborg = findRegelsaet('nyborg-sel86-1')!;

  it('a grant gives the frame, its period and the start deadline, and the complaint date', () => {
    const l = compose(sul140, 'bevilling');
    expect(l.date).toBe('2031-03-04');
    expect(section(l, 'Omfang og periode')).toContain('Du er bevilget op til 6 timer træning.');
    expect(section(l, 'Omfang og periode')).toContain('Bevillingen gælder fra den 4. marts 2031.');
    expect(section(l, 'Omfang og periode')).toContain('Træningen begynder senest den 10. marts 2031.');
    expect(section(l, 'Lovgrundlag')).toContain('Sundhedsloven § 140');
    expect(section(l, 'Klagevejledning')).toContain('senest den 1. april 2031 (4 uger efter afgørelsen af 4. marts 2031)');
    expect(section(l, 'Klagevejledning')).toContain('videre til Styrelsen for Patientklager');
  });

  it('a grant whose start deadline counts from the decision gives its date (Brøndby: 10 hverdage)', () => {
    // Tuesday 4 March 2031 + 10 hverdage = Tuesday 18 March.
    expect(section(compose(brondby, 'bevilling'), 'Omfang og periode')).toContain('Træningen begynder senest den 18. marts 2031.');
    expect(section(compose(findRegelsaet('brondby-sel86-2')!, 'bevilling'), 'Omfang og periode')).toContain('Træningen begynder senest den 1. april 2031.');
  });

  it('a grant without a total frame gives the frequency instead', () => {
    expect(section(compose(brondby, 'bevilling'), 'Omfang og periode')).toContain('1–3 gange om ugen, 1–2 timer pr. gang');
  });

  it('a range of one number is written as that number', () => {
    expect(section(compose(nyborg, 'bevilling'), 'Omfang og periode')).toContain('Træningen foregår for eksempel 2 gange om ugen.');
  });

  it('a refusal gives the visitator’s reason', () => {
    const l = compose(varde, 'afslag');
    expect(section(l, 'Afgørelse')).toContain('Du har fået afslag på træning.');
    expect(section(l, 'Begrundelse')).toBe(REFUSAL_REASON);
    expect(section(l, 'Lovgrundlag')).toContain('serviceloven) § 86, stk. 1');
  });

  it('a tillægsbevilling names its size and the new frame', () => {
    const l = compose(varde, 'forlaengelse_bevilget');
    expect(section(l, 'Afgørelse')).toContain('Du er bevilget en lille tillægsbevilling på 6 træningsgange mere træning.');
    expect(section(l, 'Omfang og periode')).toBe('Din samlede ramme er nu 26 træningsgange, hvoraf 0 træningsgange er brugt.');
    expect(section(l, 'Begrundelse')).toContain(EXTENSION_REASON);
    expect(section(l, 'Begrundelse')).toContain('udviklingspotentiale');
  });

  it('a refused extension gives the reason and the unchanged frame', () => {
    const l = compose(varde, 'forlaengelse_afslaaet');
    expect(section(l, 'Begrundelse')).toBe(EXTENSION_REFUSAL);
    expect(section(l, 'Omfang og periode')).toContain('uændret 20 træningsgange');
  });

  it('an ending for no-shows counts them and cites the rule of the quality standard', () => {
    const l = compose(brondby, 'afslutning_udeblivelser');
    expect(section(l, 'Afgørelse')).toBe('Din træning afsluttes den 18. marts 2031, fordi du er udeblevet fra træningen 2 gange uden at melde afbud.');
    expect(section(l, 'Begrundelse')).toContain('Efter Brøndby Kommunes kvalitetsstandard kan træningen afsluttes efter en faglig vurdering, når en borger udebliver 2 gange.');
    expect(section(l, 'Ansvarlig enhed')).toContain('Din træning varetages af Træningsenheden Øst.');
  });

  it('an ending for cancellations carries the therapist’s note', () => {
    const l = compose(varde, 'afslutning_aflysninger');
    expect(section(l, 'Afgørelse')).toContain('fordi du har aflyst træningen 2 gange');
    expect(section(l, 'Begrundelse')).toContain('Aflysningerne skyldtes ikke sygdom.');
  });

  it('an ending outside the target group names the indsats and gives the therapist’s reason', () => {
    const l = compose(varde, 'afslutning_udenfor_maalgruppe');
    expect(section(l, 'Afgørelse')).toBe('Din træning afsluttes den 12. marts 2031, fordi du ikke er i målgruppen for genoptræningsforløb.');
    expect(section(l, 'Begrundelse')).toContain(OUTSIDE_NOTE);
  });

  it("Nyborg's letters send complaints on to Ankestyrelsen, never to Det Sociale Nævn", () => {
    for (const s of letterScenarios(nyborg)) {
      const l = composeLetter({ forloebId: 'forloeb-1', state: s.state, event: s.event, regelsaet: nyborg })!;
      expect(text(l)).toContain('videre til Ankestyrelsen');
      expect(text(l)).not.toMatch(/Sociale Nævn/);
    }
  });

  it("Brøndby's letters name its other complaint bodies", () => {
    const other = section(compose(brondby, 'afslag'), 'Andre klagemuligheder');
    expect(other).toContain('Træningscenter Brøndby');
    expect(other).toContain('Styrelsen for Patientklager. Klag via borger.dk.');
    expect(other).toContain('Patienterstatningen');
  });

  it('composes nothing for an event that is no decision', () => {
    const s = letterScenarios(varde)[0]!;
    const created = s.events[0]!;
    expect(composeLetter({ forloebId: 'forloeb-1', state: s.state, event: created, regelsaet: varde })).toBeUndefined();
  });
});

describe('domain/letters', () => {
  it('is plain TypeScript: no zod, and schema modules imported for their types only', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../domain/letters/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      expect(source, file).not.toMatch(/from 'zod'/);
      for (const line of source.split('\n').filter((l) => /^import .*\.schema'/.test(l))) expect(line, file).toMatch(/^import type /);
    }
  });
});
