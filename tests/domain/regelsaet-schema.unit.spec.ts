// The regelsæt schema: every built-in regelsæt parses, every value names its source, bad values are
// refused with the field path, and a file may leave out what has a documented default.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { brondbySel86_1 } from '../../domain/regelsaet/data/brondby-sel86-1';
import { brondbySel86_2 } from '../../domain/regelsaet/data/brondby-sel86-2';
import { nyborgSel86_1 } from '../../domain/regelsaet/data/nyborg-sel86-1';
import { sonderborgSel86 } from '../../domain/regelsaet/data/sonderborg-sel86';
import { sonderborgSul140 } from '../../domain/regelsaet/data/sonderborg-sul140';
import { vardeSel86_1 } from '../../domain/regelsaet/data/varde-sel86-1';
import {
  BUILT_IN_REGELSAET,
  DEFAULT_NOTICE_POLICY,
  findRegelsaet,
  isDefaultSource,
  Regelsaet,
  RegelsaetFile,
  type RegelsaetInput,
} from '../../domain/regelsaet';

const english = { error: z.locales.en().localeError };

const inputs: [string, string, RegelsaetInput][] = [
  ['000', 'sonderborg-sel86', sonderborgSel86],
  ['001', 'varde-sel86-1', vardeSel86_1],
  ['002', 'sonderborg-sul140', sonderborgSul140],
  ['003', 'brondby-sel86-1', brondbySel86_1],
  ['003', 'brondby-sel86-2', brondbySel86_2],
  ['004', 'nyborg-sel86-1', nyborgSel86_1],
];

describe('the built-in regelsæt', () => {
  it('are the six of the seed documents, with the agreed ids', () => {
    expect(BUILT_IN_REGELSAET.map((r) => r.id)).toEqual(['sonderborg-sel86', 'varde-sel86-1', 'sonderborg-sul140', 'brondby-sel86-1', 'brondby-sel86-2', 'nyborg-sel86-1']);
  });

  it.each(inputs)('%s %s parses by the schema a file is parsed by', (_seed, id, input) => {
    const parsed = RegelsaetFile.safeParse(input);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.id).toBe(id);
    // Parsed once, it is a fixed point: the API serves it and the workflow carries it as it is.
    expect(Regelsaet.parse(parsed.data)).toEqual(parsed.data);
  });

  it.each(inputs)('%s %s: every rule names the section of its document, or says it is a default', (seed, id) => {
    const r = findRegelsaet(id)!;
    const sources = [
      ...r.deadlines.map((d) => d.source),
      ...r.indsatser.flatMap((i) => [i.source, ...i.categories.map((c) => c.source), ...(i.frequency ? [i.frequency.source] : [])]),
      r.extension.source,
      ...r.extension.tillaegsbevillinger.map((t) => t.source),
      r.udeblivelse.source,
      ...r.udeblivelse.steps.map((s) => s.source),
      r.aflysning.source,
      ...r.aflysning.afbud.map((a) => a.source),
      ...r.aflysning.repeated.map((s) => s.source),
    ];
    for (const source of sources) {
      expect(isDefaultSource(source) || source.startsWith(`${seed}:`), `${id}: '${source}'`).toBe(true);
    }
  });

  it("say so where the document is silent: 000's start deadline is a default", () => {
    const opstart = findRegelsaet('sonderborg-sel86')!.deadlines.find((d) => d.type === 'opstart')!;
    expect(isDefaultSource(opstart.source)).toBe(true);
    expect(opstart.source).toMatch(/000:89/);
    expect(opstart.period).toEqual({ amount: 10, unit: 'hverdage' });
  });

  it('have binding deadlines, except the Brøndby decision aim (003:159 "tilstræbes") and our default extension decision aim', () => {
    const aims = BUILT_IN_REGELSAET.flatMap((r) => r.deadlines.filter((d) => d.binding === 'tilstraebes').map((d) => `${r.id}/${d.type}`));
    expect(aims).toEqual([
      'sonderborg-sel86/forlaengelse',
      'varde-sel86-1/forlaengelse',
      'brondby-sel86-1/afgoerelse',
      'brondby-sel86-1/forlaengelse',
      'brondby-sel86-2/afgoerelse',
      'brondby-sel86-2/forlaengelse',
    ]);
  });

  it('use the default reminder and escalation policy (no seed names one)', () => {
    for (const r of BUILT_IN_REGELSAET) {
      for (const d of r.deadlines) {
        const policy = DEFAULT_NOTICE_POLICY(d.responsible);
        expect({ reminders: d.reminders, escalation: d.escalation, repeatEvery: d.repeatEvery }, `${r.id}/${d.type}`).toEqual(policy);
      }
    }
  });

  it('carry the roles of their documents', () => {
    const roles = Object.fromEntries(BUILT_IN_REGELSAET.map((r) => [r.id, r.roles]));
    expect(roles['sonderborg-sel86']).toEqual({ visitation: 'visitator', startBooking: 'terapeut', extensionDecision: 'visitator', closing: 'visitator' });
    expect(roles['sonderborg-sul140']).toEqual({ visitation: 'koordinator', startBooking: 'koordinator', extensionDecision: 'terapeut', closing: 'terapeut' });
    expect(roles['nyborg-sel86-1']?.visitation).toBe('terapeut');
    expect(findRegelsaet('brondby-sel86-1')!.indsatser.filter((i) => i.visitation === 'terapeut').map((i) => i.id)).toEqual(['synkebesvaer', 'inkontinens']);
  });

  it("carry Varde's tillægsbevilling sizes and the extra sessions without application (001:204-209)", () => {
    const { extension } = findRegelsaet('varde-sel86-1')!;
    expect(extension.model).toBe('tillaegsbevilling');
    expect(extension.tillaegsbevillinger.map(({ id, min, max, unit }) => ({ id, min, max, unit }))).toEqual([
      { id: 'lille', min: 4, max: 10, unit: 'sessioner' },
      { id: 'stor', min: 10, max: 20, unit: 'sessioner' },
    ]);
    expect(extension.extraWithoutApplication).toMatchObject({ unit: 'sessioner', upTo: 4, by: 'terapeut' });
  });

  it("carry Brøndby's no-show and cancellation rules (003:177-198, decision A8)", () => {
    const r = findRegelsaet('brondby-sel86-2')!;
    expect(r.udeblivelse.replaced).toBe(false);
    expect(r.udeblivelse.steps.map(({ count, consequence, writtenNotice }) => ({ count, consequence, writtenNotice }))).toEqual([
      { count: 1, consequence: 'revurdering', writtenNotice: false },
      { count: 2, consequence: 'kan_afsluttes', writtenNotice: true },
    ]);
    expect(r.aflysning.afbud.map(({ reason, daysBefore, by }) => ({ reason, daysBefore, by }))).toEqual([
      { reason: 'sygdom', daysBefore: 0, by: undefined },
      { reason: 'andet', daysBefore: 1, by: '12:00' },
    ]);
    expect(r.aflysning.lateArrivalMinutes).toBe(30);
  });

  it("give 000's §86.1 and §86.2 indsatser one regelsæt, and the 3-month grant only to the indsatser that have it", () => {
    const r = findRegelsaet('sonderborg-sel86')!;
    expect(r.legalBasis).toEqual(['SEL §86 stk. 1', 'SEL §86 stk. 2']);
    const bevilling = r.deadlines.find((d) => d.type === 'bevilling')!;
    expect(bevilling.appliesTo).not.toContain('genoptraening-korttidsplads');
    expect(bevilling.appliesTo).not.toContain('faglig-udredning');
    expect(r.indsatser.find((i) => i.id === 'genoptraening')!.frames.map((f) => f.amount)).toEqual([13, 26]);
  });
});

/** A small valid §86 regelsæt file, as a municipality might write it, leaving out every default. */
const minimal = () => ({
  id: 'vejle-sel86-1',
  name: 'Vejle – genoptræning',
  kommune: 'Vejle',
  legalBasis: ['SEL §86 stk. 1'],
  source: 'test',
  trigger: 'ansoegning',
  roles: { visitation: 'visitator', startBooking: 'terapeut', extensionDecision: 'visitator', closing: 'terapeut' },
  indsatser: [{ id: 'genoptraening', name: 'Genoptræning', legalBasis: 'SEL §86 stk. 1', frames: [{ unit: 'timer', amount: 12, cap: true }], source: 'test' }] as Record<string, unknown>[],
  deadlines: [
    { type: 'afgoerelse', anchor: 'ansoegning_modtaget', period: { amount: 10, unit: 'hverdage' }, responsible: 'visitator', binding: 'skal', source: 'test' },
    { type: 'opstart', anchor: 'afgoerelse', period: { amount: 10, unit: 'hverdage' }, responsible: 'terapeut', binding: 'skal', source: 'test' },
  ] as Record<string, unknown>[],
});

describe('a regelsæt file', () => {
  it('may leave out reminders and escalation: the default policy of its responsible role applies', () => {
    const r = RegelsaetFile.parse(minimal());
    expect(r.deadlines[0]).toMatchObject(DEFAULT_NOTICE_POLICY('visitator'));
    expect(r.deadlines[1]).toMatchObject(DEFAULT_NOTICE_POLICY('terapeut'));
  });

  it('keeps its own reminders, and may have none', () => {
    const file = minimal();
    file.deadlines[0] = { ...file.deadlines[0], reminders: [], escalation: [{ after: { amount: 1, unit: 'hverdage' }, to: ['leder'] }] };
    const r = RegelsaetFile.parse(file);
    expect(r.deadlines[0]!.reminders).toEqual([]);
    expect(r.deadlines[0]!.escalation).toEqual([{ after: { amount: 1, unit: 'hverdage' }, to: ['leder'] }]);
    expect(r.deadlines[0]!.repeatEvery).toBeUndefined();
  });

  it('gets documented defaults for what it leaves out', () => {
    const r = RegelsaetFile.parse(minimal());
    expect(r.noticeTime).toBe('08:00');
    expect(r.closedDays).toEqual([]);
    expect(r.extension).toMatchObject({ model: 'anmodning', requestedBy: 'terapeut', tillaegsbevillinger: [] });
    expect(r.udeblivelse.steps).toEqual([]);
    expect(r.aflysning).toMatchObject({ afbud: [], repeated: [] });
    for (const source of [r.extension.source, r.udeblivelse.source, r.aflysning.source]) expect(isDefaultSource(source)).toBe(true);
  });

  type Case = [what: string, change: (f: ReturnType<typeof minimal>) => unknown, path: string, message: RegExp];
  const cases: Case[] = [
    ['an unknown unit', (f) => ((f.deadlines[0]!.period = { amount: 3, unit: 'arbejdsdage' }), f), 'deadlines.0.period.unit', /Invalid option: expected one of "kalenderdage"\|"hverdage"\|"maaneder"/],
    ['a negative amount', (f) => ((f.deadlines[1]!.period = { amount: -1, unit: 'hverdage' }), f), 'deadlines.1.period.amount', /expected number to be >=0/],
    ['a fractional amount', (f) => ((f.deadlines[1]!.period = { amount: 1.5, unit: 'hverdage' }), f), 'deadlines.1.period.amount', /expected int/],
    ['an unknown binding', (f) => ((f.deadlines[0]!.binding = 'maaske'), f), 'deadlines.0.binding', /Invalid option/],
    ['an unknown role', (f) => ({ ...f, roles: { ...f.roles, visitation: 'sekretaer' } }), 'roles.visitation', /Invalid option/],
    ['an unknown legal basis', (f) => ({ ...f, legalBasis: ['SEL §83'] }), 'legalBasis.0', /Invalid option/],
    ['an id with capitals', (f) => ({ ...f, id: 'Vejle' }), 'id', /lower-case ASCII/],
    ['a deadline type twice', (f) => ((f.deadlines[1]!.type = 'afgoerelse'), f), 'deadlines.1.type', /appears twice/],
    ['an impossible closed day', (f) => ({ ...f, closedDays: ['2026-02-30'] }), 'closedDays.0', /not a calendar date/],
    ['a closed day written DD-MM-YYYY', (f) => ({ ...f, closedDays: ['24-12-2026'] }), 'closedDays.0', /YYYY-MM-DD/],
    ['a notice time without a leading zero', (f) => ({ ...f, noticeTime: '8:00' }), 'noticeTime', /HH:MM/],
    ['a misspelt field', (f) => ({ ...f, closedDay: ['2026-12-24'] }), '', /Unrecognized key: "closedDay"/],
    ['a misspelt deadline field', (f) => ((f.deadlines[0]!.planStartOverride = true), f), 'deadlines.0', /Unrecognized key: "planStartOverride"/],
    ['an indsats without frame, categories or frequency', (f) => ((f.indsatser[0]!.frames = []), f), 'indsatser.0.frames', /needs frames, categories or a frequency/],
    ['an indsats outside the legal basis', (f) => ((f.indsatser[0]!.legalBasis = 'SEL §86 stk. 2'), f), 'indsatser.0.legalBasis', /not in the regelsæt's legalBasis/],
    ['an anchor the trigger never produces', (f) => ((f.deadlines[0]!.anchor = 'udskrivning'), f), 'deadlines.0.anchor', /never happens in a regelsæt with trigger 'ansoegning'/],
    ['a plan start outside §140', (f) => ((f.deadlines[1]!.planStartOverrides = true), f), 'deadlines.1.planStartOverrides', /genoptræningsplan/],
    ['appliesTo an unknown indsats', (f) => ((f.deadlines[1]!.appliesTo = ['vedligehold']), f), 'deadlines.1.appliesTo.0', /no indsats has id 'vedligehold'/],
    ['§140 started by an application', (f) => ({ ...f, legalBasis: ['SUL §140'], indsatser: [{ ...f.indsatser[0], legalBasis: 'SUL §140' }] }), 'trigger', /genoptraeningsplan/],
    ['a tillægsbevilling model without sizes', (f) => ({ ...f, extension: { model: 'tillaegsbevilling', requestedBy: 'terapeut', source: 'x' } }), 'extension.tillaegsbevillinger', /at least one size/],
    [
      'a tillægsbevilling size with min above max',
      (f) => ({ ...f, extension: { model: 'tillaegsbevilling', requestedBy: 'terapeut', tillaegsbevillinger: [{ id: 'lille', name: 'Lille', unit: 'sessioner', min: 10, max: 4, source: 'x' }], source: 'x' } }),
      'extension.tillaegsbevillinger.0.min',
      /not be greater than max/,
    ],
    ['a therapist note decided by someone else', (f) => ({ ...f, extension: { model: 'terapeutnotat', requestedBy: 'terapeut', source: 'x' } }), 'extension.requestedBy', /must equal roles.extensionDecision/],
    [
      'no-show steps out of order',
      (f) => ({ ...f, udeblivelse: { steps: [{ count: 2, consequence: 'afsluttes', source: 'x' }, { count: 1, consequence: 'revurdering', source: 'x' }], source: 'x' } }),
      'udeblivelse.steps.1.count',
      /must increase/,
    ],
    ['an unknown consequence', (f) => ({ ...f, udeblivelse: { steps: [{ count: 2, consequence: 'advarsel', source: 'x' }], source: 'x' } }), 'udeblivelse.steps.0.consequence', /Invalid option/],
    ['a cancellation cut-off that is not a time', (f) => ({ ...f, aflysning: { afbud: [{ reason: 'andet', daysBefore: 1, by: 'noon', source: 'x' }], source: 'x' } }), 'aflysning.afbud.0.by', /HH:MM/],
    ['a frequency range upside down', (f) => ((f.indsatser[0]!.frequency = { timesPerWeek: { min: 3, max: 1 }, source: 'x' }), f), 'indsatser.0.frequency.timesPerWeek.min', /not be greater than max/],
    ['a deadline without source', (f) => ((f.deadlines[0]!.source = ''), f), 'deadlines.0.source', /Too small/],
  ];

  it.each(cases)('refuses %s, naming the field', (_what, change, path, message) => {
    const parsed = RegelsaetFile.safeParse(change(minimal()), english);
    expect(parsed.success).toBe(false);
    const hit = parsed.error!.issues.find((i) => i.path.join('.') === path);
    expect(hit, JSON.stringify(parsed.error!.issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });
});
