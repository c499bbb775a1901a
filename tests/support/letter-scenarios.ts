// For any regelsæt, a forløb that reaches each decision the citizen must receive in writing, made by
// the domain rules (decide → record → evolve): the letter tests compose and render from these.
import { decideAndRecord, evolve, initialState, type ForloebCommand, type ForloebState, type OpenForloebState, type RecordedEvent } from '../../domain/forloeb';
import type { LetterKind } from '../../domain/letters';
import type { Regelsaet, Role } from '../../domain/regelsaet';

export type LetterScenario = { kind: LetterKind; state: OpenForloebState; event: RecordedEvent; events: RecordedEvent[] };

/** A name with æ, ø and å, so a letter shows they survive. */
export const BORGER_NAVN = 'Søren Ærø Åberg';
export const REFUSAL_REASON = 'Du kan selv klare dine daglige gøremål, så træning vil ikke forbedre din funktionsevne væsentligt.';
export const EXTENSION_REASON = 'Du har fortsat fremgang i gangfunktionen og når målet om at gå på trapper med få træningsgange mere.';
export const OUTSIDE_NOTE = 'Din funktionsnedsættelse skyldes en kronisk lidelse, som træningen ikke kan bedre; du henvises til vederlagsfri fysioterapi.';
export const EXTENSION_REFUSAL = 'Målene for forløbet er nået, og yderligere træning vil ikke øge din funktionsevne.';

const actor = (role: Role) => ({ role, userId: `${role}-1` });

function sourceFor(r: Regelsaet) {
  const base = { cpr: '010190-1234', navn: BORGER_NAVN };
  switch (r.trigger) {
    case 'genoptraeningsplan': {
      const kategori = r.indsatser[0]!.categories[0]!.id;
      return { kind: 'genoptraeningsplan', ...base, udskrivningsdato: '2031-03-03', kategori, niveau: 'basal' } as const;
    }
    case 'ansoegning':
      return { kind: 'ansoegning', ...base, modtaget: '2031-03-03' } as const;
    case 'henvisning':
      return { kind: 'henvisning', ...base, modtaget: '2031-03-03', henviser: 'borger' } as const;
  }
}

function run(steps: readonly [ForloebCommand, string][], regelsaet: Regelsaet) {
  let state: ForloebState = initialState();
  const events: RecordedEvent[] = [];
  for (const [command, at] of steps) {
    const d = decideAndRecord(state, command, new Date(at), regelsaet);
    if (!d.ok) throw new Error(`${regelsaet.id} ${command.type} at ${at}: ${d.refusal.code} ${d.refusal.message}`);
    for (const e of d.events) {
      events.push(e);
      state = evolve(state, e);
    }
  }
  return { events, state };
}

/** The steps up to a visitation: created on 3 March 2031, decided on 4 March. */
function visitationSteps(r: Regelsaet, decision: 'bevilget' | 'afslaaet'): [ForloebCommand, string][] {
  const indsats = r.indsatser[0]!;
  const visitator = actor(indsats.visitation ?? r.roles.visitation);
  return [
    [{ type: 'CreateForloeb', actor: actor(r.roles.visitation), source: sourceFor(r) } as ForloebCommand, '2031-03-03T09:00:00Z'],
    [
      decision === 'bevilget'
        ? ({ type: 'RecordVisitation', actor: visitator, decision, indsatsId: indsats.id, ...(indsats.frames.length > 1 ? { frameAmount: indsats.frames[0]!.amount } : {}) } as ForloebCommand)
        : ({ type: 'RecordVisitation', actor: visitator, decision, reason: REFUSAL_REASON } as ForloebCommand),
      '2031-03-04T09:00:00Z',
    ],
  ];
}

/** Granted, assigned, started on 10 March and trained once. */
function trainingSteps(r: Regelsaet): [ForloebCommand, string][] {
  return [
    ...visitationSteps(r, 'bevilget'),
    [{ type: 'AssignTherapist', actor: actor(r.roles.startBooking), terapeut: 'terapeut-1', enhed: 'Træningsenheden Øst' }, '2031-03-04T09:10:00Z'],
    [{ type: 'BookStart', actor: actor(r.roles.startBooking), startDate: '2031-03-10' }, '2031-03-04T09:20:00Z'],
    [{ type: 'HoldStart', actor: actor('terapeut'), heldOn: '2031-03-10' }, '2031-03-10T12:00:00Z'],
  ];
}

const session = (date: string, outcome: 'udeblevet' | 'aflyst_af_borger'): [ForloebCommand, string] => [
  { type: 'RecordSession', actor: actor('terapeut'), date, outcome, durationMinutes: 0 },
  `${date}T12:00:00Z`,
];

function extensionSteps(r: Regelsaet, decision: 'godkendt' | 'afvist'): [ForloebCommand, string][] | undefined {
  const requestedBy = actor(r.extension.requestedBy);
  const decides = actor(r.roles.extensionDecision);
  switch (r.extension.model) {
    case 'terapeutnotat':
      if (decision === 'afvist') return undefined; // the therapist's note extends; nothing to refuse
      return [[{ type: 'RequestExtension', actor: requestedBy, kind: 'notat', amount: 4, reason: EXTENSION_REASON }, '2031-03-20T09:00:00Z']];
    case 'anmodning':
    case 'tillaegsbevilling': {
      const kind = r.extension.model === 'anmodning' ? 'anmodning' : 'tillaegsbevilling_lille';
      return [
        [{ type: 'RequestExtension', actor: requestedBy, kind, amount: 6, reason: 'Borgeren har brug for flere træninger.' }, '2031-03-20T09:00:00Z'],
        [{ type: 'DecideExtension', actor: decides, requestId: 1, decision, reason: decision === 'godkendt' ? EXTENSION_REASON : EXTENSION_REFUSAL }, '2031-03-23T09:00:00Z'],
      ];
    }
  }
}

function scenario(kind: LetterKind, r: Regelsaet, steps: [ForloebCommand, string][]): LetterScenario {
  const { events, state } = run(steps, r);
  const decisionTypes = ['VisitationRecorded', 'ExtensionDecided', 'AfslutningRecorded'];
  const event = [...events].reverse().find((e) => decisionTypes.includes(e.type))!;
  // The state as it was right after the decision's event.
  const at = events.filter((e) => e.seq <= event.seq).reduce<ForloebState>(evolve, initialState());
  if (at.status === 'empty') throw new Error('no forløb');
  void state;
  return { kind, state: at, event, events };
}

/** Every decision kind this regelsæt can give, each from its own forløb. */
export function letterScenarios(r: Regelsaet): LetterScenario[] {
  const out: LetterScenario[] = [
    scenario('bevilling', r, visitationSteps(r, 'bevilget')),
    scenario('afslag', r, visitationSteps(r, 'afslaaet')),
  ];
  const granted = extensionSteps(r, 'godkendt');
  if (granted) out.push(scenario('forlaengelse_bevilget', r, [...trainingSteps(r), ...granted]));
  const refused = extensionSteps(r, 'afvist');
  if (refused) out.push(scenario('forlaengelse_afslaaet', r, [...trainingSteps(r), ...refused]));
  out.push(
    scenario('afslutning_udeblivelser', r, [
      ...trainingSteps(r),
      session('2031-03-12', 'udeblevet'),
      session('2031-03-17', 'udeblevet'),
      [{ type: 'RecordAfslutning', actor: actor('terapeut'), reason: 'udeblivelser', date: '2031-03-18' }, '2031-03-18T12:00:00Z'],
    ]),
    scenario('afslutning_aflysninger', r, [
      ...trainingSteps(r),
      session('2031-03-12', 'aflyst_af_borger'),
      session('2031-03-17', 'aflyst_af_borger'),
      [{ type: 'RecordAfslutning', actor: actor('terapeut'), reason: 'gentagne_aflysninger', date: '2031-03-18', note: 'Aflysningerne skyldtes ikke sygdom.' }, '2031-03-18T12:00:00Z'],
    ]),
    scenario('afslutning_udenfor_maalgruppe', r, [
      ...trainingSteps(r),
      [{ type: 'RecordAfslutning', actor: actor('terapeut'), reason: 'udenfor_maalgruppe', date: '2031-03-12', note: OUTSIDE_NOTE }, '2031-03-12T12:00:00Z'],
    ]),
  );
  return out;
}
