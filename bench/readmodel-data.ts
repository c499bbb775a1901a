// The benchmarks' data: real forløb lifecycles made by the domain rules (decide → record), replayed
// with new ids, kommuner, therapists and units and dates shifted by whole weeks (so hverdage stay
// hverdage), inserted into forloeb_events with large multi-row INSERTs. Used by bench/readmodel.ts
// (which then measures the rebuild, the live projection and the queries) and bench/ui.ts (which loads
// the same data for the dev users' kommuner and measures the web UI on it).
import pg from 'pg';
import { addCalendarDays, type LocalDate } from '../domain/calendar';
import type { ForloebCommand, RecordedEvent } from '../domain/forloeb';
import { run } from '../tests/support/lifecycles';

/** The day the data is made around: the lifecycles start in 2031 and are spread over about two years. */
export const DATA_TODAY: LocalDate = '2032-06-01';

/** Where the replayed forløb belong: a kommune with its regelsæt, and the units and therapists that work there. */
export type BenchKommune = { kommune: string; regelsaetId: string; enheder: readonly string[]; terapeuter: readonly string[] };

const READMODEL_KOMMUNE_NAMES = ['Sønderborg', 'Brøndby', 'Nyborg', 'Varde', 'Aarhus'];
/** The read-model benchmark's five kommuner, with 4 units and 40 therapists each. */
export const READMODEL_KOMMUNER: BenchKommune[] = READMODEL_KOMMUNE_NAMES.map((kommune, k) => ({
  kommune,
  regelsaetId: `${kommune.toLowerCase().replace('ø', 'oe')}-sul140`,
  enheder: Array.from({ length: 4 }, (_, n) => `enhed-${k}-${n}`),
  terapeuter: Array.from({ length: 40 }, (_, n) => `terapeut-${k}-${n}`),
}));

// ---------------------------------------------------------------------------------------------
// Lifecycles made by the domain.

const k = { role: 'koordinator' as const, userId: 'koordinator-1' };
const t = { role: 'terapeut' as const, userId: 'terapeut-1' };
const plan = (udskrivningsdato: LocalDate) =>
  ({ kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato, kategori: 'knae-underben', niveau: 'basal' }) as const;
type Step = [ForloebCommand, string];
const at = (date: LocalDate, time = '12:00') => `${date}T${time}:00Z`;

function sessions(from: LocalDate, count: number, every = 2): Step[] {
  return Array.from({ length: count }, (_, i): Step => {
    const date = addCalendarDays(from, i * every);
    const missed = i % 5 === 3;
    return [{ type: 'RecordSession', actor: t, date, outcome: missed ? 'udeblevet' : 'gennemfoert', durationMinutes: missed ? 0 : 45 }, at(date)];
  });
}

export type Template = { name: string; weight: number; events: RecordedEvent[] };

/** Five lifecycles and their share: a long course, a late and escalated one, one in training, a refusal, one waiting for visitation. */
export function templates(): Template[] {
  const d0: LocalDate = '2031-03-03';
  const granted: Step[] = [
    [{ type: 'CreateForloeb', actor: k, source: plan(d0) }, at(d0, '09:00')],
    [{ type: 'RecordVisitation', actor: k, decision: 'bevilget' }, at('2031-03-04', '09:00')],
    [{ type: 'AssignTherapist', actor: k, terapeut: 'terapeut-1', enhed: 'enhed-1' }, at('2031-03-04', '09:10')],
    [{ type: 'BookStart', actor: k, startDate: '2031-03-10' }, at('2031-03-04', '09:20')],
    [{ type: 'HoldStart', actor: t, heldOn: '2031-03-10' }, at('2031-03-10')],
  ];
  const longCourse: Step[] = [
    ...granted,
    ...sessions('2031-03-11', 11),
    [{ type: 'RecordStatus', actor: t, note: 'Status efter 11 gange' }, at('2031-04-05')],
    [{ type: 'RequestExtension', actor: t, kind: 'notat', amount: 4, reason: 'Mangler styrke' }, at('2031-04-05', '12:10')],
    ...sessions('2031-04-07', 4, 3),
    [{ type: 'RecordAfslutning', actor: t, reason: 'maal_naaet', date: '2031-04-20' }, at('2031-04-20')],
    [{ type: 'CloseForloeb', actor: t }, at('2031-04-20', '12:05')],
  ];
  const lateEscalated: Step[] = [[{ type: 'CreateForloeb', actor: k, source: plan('2031-01-06') }, at('2031-01-06', '09:00')]];
  for (let d = 10; d <= 34; d += 3) lateEscalated.push([{ type: 'Tick' }, at(addCalendarDays('2031-01-01', d - 1), '10:00')]);
  lateEscalated.push(
    [{ type: 'RecordVisitation', actor: k, decision: 'bevilget' }, at('2031-02-04', '09:00')],
    [{ type: 'AssignTherapist', actor: k, terapeut: 'terapeut-1', enhed: 'enhed-1' }, at('2031-02-04', '09:10')],
    [{ type: 'BookStart', actor: k, startDate: '2031-02-10' }, at('2031-02-04', '09:20')],
    [{ type: 'HoldStart', actor: t, heldOn: '2031-02-10' }, at('2031-02-10')],
    ...sessions('2031-02-12', 4),
  );
  const inTraining: Step[] = [...granted, ...sessions('2031-03-11', 7)];
  const refused: Step[] = [
    [{ type: 'CreateForloeb', actor: k, source: plan(d0) }, at(d0, '09:00')],
    [{ type: 'RecordVisitation', actor: k, decision: 'afslaaet', reason: 'Andet tilbud' }, at('2031-03-04', '09:00')],
  ];
  // Waiting for visitation past the due date: reminded and escalated, the notices still open.
  const waiting: Step[] = [
    [{ type: 'CreateForloeb', actor: k, source: plan(d0) }, at(d0, '09:00')],
    [{ type: 'Tick' }, at('2031-03-08', '10:00')],
    [{ type: 'Tick' }, at('2031-03-12', '10:00')],
  ];
  return [
    { name: 'long course', weight: 52, events: run(longCourse).events },
    { name: 'late, escalated', weight: 20, events: run(lateEscalated).events },
    { name: 'in training', weight: 13, events: run(inTraining).events },
    { name: 'refused', weight: 3, events: run(refused).events },
    { name: 'waiting', weight: 12, events: run(waiting).events },
  ];
}

// ---------------------------------------------------------------------------------------------
// Replay with new ids and shifted dates.

/** A small deterministic generator, so every run loads the same data. */
function generator(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;
function shift(value: unknown, days: number): unknown {
  if (typeof value === 'string') {
    if (DATE.test(value)) return addCalendarDays(value, days);
    if (INSTANT.test(value)) return new Date(Date.parse(value) + days * 86_400_000).toISOString();
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => shift(v, days));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shift(v, days)]));
  return value;
}

export type ReplayedForloeb = { id: string; events: RecordedEvent[] };

// Danish-looking names, with æ, ø and å in many of them, so name search meets the letters it must handle.
export const FORNAVNE = [
  'Søren', 'Åse', 'Jørgen', 'Bjørn', 'Mette', 'Anne', 'Jens', 'Kirsten', 'Ærling', 'Hanne', 'Lars', 'Birthe', 'Ole', 'Grethe', 'Niels', 'Inger',
  'Bøje', 'Karen', 'Poul', 'Lene', 'Mads', 'Sofie', 'Frederik', 'Ida', 'Rasmus', 'Ægidius', 'Åge', 'Signe', 'Torben', 'Kåre', 'Gitte', 'Jørn',
  'Bent', 'Solveig', 'Henrik', 'Dorthe', 'Øjvind', 'Marianne', 'Klaus', 'Tove',
];
export const MELLEMNAVNE = ['Marie', 'Peter', 'Louise', 'Kristian', 'Bøgh', 'Lærke', 'Sønder'];
export const EFTERNAVNE = [
  'Østergård', 'Ågård', 'Nørgaard', 'Bækgaard', 'Højer', 'Sørensen', 'Hansen', 'Jensen', 'Nielsen', 'Pedersen', 'Møller', 'Kjær', 'Lønborg',
  'Ærtebjerg', 'Damgård', 'Thygesen', 'Søndergaard', 'Holm', 'Brøndum', 'Vestergård', 'Frølund', 'Kristensen', 'Lauridsen', 'Dahl', 'Skovgård',
  'Mølholm', 'Rasmussen', 'Ølgaard', 'Husum', 'Clausen', 'Bøgelund', 'Madsen', 'Åkjær', 'Iversen', 'Fjællegaard', 'Winther', 'Løvenskjold',
];

/**
 * The borger of the n-th replayed forløb: a name and a CPR number derived from n alone (not from the
 * random stream, so the rest of the data is what it was before borgere had names). The CPR numbers
 * are unique below 100,800 forløb; a borger's birth date repeats every 20,160.
 */
export function borgerOf(n: number): { navn: string; cpr: string } {
  const fornavn = FORNAVNE[n % FORNAVNE.length]!;
  const mellem = n % 3 === 0 ? ` ${MELLEMNAVNE[Math.floor(n / 3) % MELLEMNAVNE.length]!}` : '';
  const efternavn = EFTERNAVNE[Math.floor(n / FORNAVNE.length) % EFTERNAVNE.length]!;
  const two = (x: number) => String(x).padStart(2, '0');
  const d = n % 20_160;
  const cpr = `${two(1 + (d % 28))}${two(1 + (Math.floor(d / 28) % 12))}${two(30 + Math.floor(d / 336))}-${Math.floor(n / 20_160) % 10}${String(n % 1000).padStart(3, '0')}`;
  return { navn: `${fornavn}${mellem} ${efternavn}`, cpr };
}

function replayer(kommuner: readonly BenchKommune[], random: () => number, offsetDays: number) {
  return (template: RecordedEvent[], n: number): ReplayedForloeb => {
    const id = `forloeb-${n.toString(16).padStart(8, '0')}-0000-4000-8000-${Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0')}`;
    const days = offsetDays + 7 * Math.floor(random() * 100); // whole weeks keep hverdage on hverdage
    const kommuneIndex = Math.floor(random() * kommuner.length);
    const place = kommuner[kommuneIndex]!;
    const terapeut = place.terapeuter[Math.floor(random() * place.terapeuter.length)]!;
    const enhed = place.enheder[Math.floor(random() * place.enheder.length)]!;
    const events = template.map((e) => {
      const moved = { ...e, data: shift(e.data, days), at: shift(e.at, days) } as RecordedEvent;
      if (moved.type === 'ForloebCreated') moved.data = { ...moved.data, kommune: place.kommune, regelsaetId: place.regelsaetId, source: { ...moved.data.source, ...borgerOf(n) } };
      if (moved.type === 'TherapistAssigned') moved.data = { terapeut, enhed };
      return moved;
    });
    return { id, events };
  };
}

// ---------------------------------------------------------------------------------------------
// Loading.

async function bulkInsert(pool: pg.Pool, rows: { id: string; e: RecordedEvent }[]): Promise<void> {
  if (rows.length === 0) return;
  await pool.query(
    `INSERT INTO forloeb_events (forloeb_id, seq, type, data, occurred_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
    [rows.map((r) => r.id), rows.map((r) => r.e.seq), rows.map((r) => r.e.type), rows.map((r) => JSON.stringify(r.e.data)), rows.map((r) => r.e.at)],
  );
}

export type LoadOptions = {
  forloeb: number;
  kommuner?: readonly BenchKommune[];
  /** Forløb kept out of the database and returned, to be delivered through the live projection. */
  holdBack?: number;
  /** Days added to every date (a multiple of 7), e.g. to move DATA_TODAY onto the real today. */
  offsetDays?: number;
  seed?: number;
};

export type LoadResult = { templates: Template[]; events: number; forloeb: number; held: ReplayedForloeb[]; seconds: number };

/** Inserts the replayed forløb's events into forloeb_events (the read tables are then built by rebuildReadModel). */
export async function loadForloebEvents(pool: pg.Pool, options: LoadOptions): Promise<LoadResult> {
  const { forloeb, kommuner = READMODEL_KOMMUNER, holdBack = 0, offsetDays = 0, seed = 42 } = options;
  if (offsetDays % 7 !== 0) throw new Error('offsetDays must be whole weeks');
  const random = generator(seed);
  const replay = replayer(kommuner, random, offsetDays);
  const kinds = templates();
  const totalWeight = kinds.reduce((s, x) => s + x.weight, 0);
  const pickTemplate = () => {
    let r = random() * totalWeight;
    for (const x of kinds) if ((r -= x.weight) < 0) return x.events;
    return kinds[0]!.events;
  };

  const started = performance.now();
  const held: ReplayedForloeb[] = [];
  let batch: { id: string; e: RecordedEvent }[] = [];
  let events = 0;
  const every = holdBack > 0 ? Math.max(1, Math.floor(forloeb / holdBack)) : 0;
  for (let n = 0; n < forloeb; n++) {
    const f = replay(pickTemplate(), n);
    if (every > 0 && n % every === 0 && held.length < holdBack) {
      held.push(f);
      continue;
    }
    for (const e of f.events) batch.push({ id: f.id, e });
    if (batch.length >= 20_000) {
      await bulkInsert(pool, batch);
      events += batch.length;
      batch = [];
    }
  }
  await bulkInsert(pool, batch);
  events += batch.length;
  return { templates: kinds, events, forloeb: forloeb - held.length, held, seconds: (performance.now() - started) / 1000 };
}

/** Whole weeks from DATA_TODAY to `today`: the offset that makes the data's "now" today. */
export function weeksOffsetTo(today: LocalDate): number {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${DATA_TODAY}T00:00:00Z`)) / 86_400_000);
  return 7 * Math.round(days / 7);
}
