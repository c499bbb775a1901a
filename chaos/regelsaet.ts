// Regelsæt files for the chaos run, so that reminders, escalations and repeated escalations fall due
// while the faults happen, not only at creation. A regelsæt counts in whole days and sends notices
// at its `noticeTime`, so each file is Sønderborg's §140 rules with a short notice chain in calendar
// days (a reminder the day before the due date; escalation when missed, again a day later, then
// every day) and a noticeTime set to a minute during the run. A forløb whose due date lies a few days
// either side of today then has notices already due at creation (fired at once, as catch-up) and
// one that falls due at that minute.
import { addCalendarDays, copenhagenDateOf, copenhagenInstant, type LocalDate } from '../domain/calendar';
import { RegelsaetFile, type Regelsaet } from '../domain/regelsaet';
import { sonderborgSul140 } from '../domain/regelsaet/data/sonderborg-sul140';

export type NoticeMoment = { regelsaetId: string; at: number; regelsaet: Regelsaet; file: string; content: string };

/** HH:MM in Copenhagen of an instant (whole minutes). */
export function copenhagenTimeOf(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('hour')}:${get('minute')}`;
}

/** A chaos regelsæt whose notices go out at the whole minute at or after `at`. */
export function chaosRegelsaet(index: number, at: number): NoticeMoment {
  const minute = new Date(Math.ceil(at / 60_000) * 60_000);
  const noticeTime = copenhagenTimeOf(minute);
  const id = `chaos-sul140-${index + 1}`;
  const day = { amount: 1, unit: 'kalenderdage' as const };
  const raw = {
    ...sonderborgSul140,
    id,
    name: `Chaos-test ${index + 1}: Sønderborg §140 med daglige påmindelser kl. ${noticeTime}`,
    source: 'chaos test: Sønderborg §140 with a notice chain in calendar days',
    noticeTime,
    deadlines: sonderborgSul140.deadlines.map((d) => ({
      ...d,
      reminders: [{ before: day, to: ['koordinator' as const] }],
      escalation: [
        { after: { amount: 0, unit: 'kalenderdage' as const }, to: ['koordinator' as const, 'leder' as const] },
        { after: day, to: ['leder' as const] },
      ],
      repeatEvery: day,
    })),
  };
  const regelsaet = RegelsaetFile.parse(raw);
  const exact = copenhagenInstant(copenhagenDateOf(minute), noticeTime).getTime();
  return { regelsaetId: id, at: exact, regelsaet, file: `${id}.json`, content: JSON.stringify(raw, null, 2) };
}

/**
 * Discharge dates (the opstart anchor, 7 calendar days to the due date) that put the due date at
 * today + 1 (the reminder falls due at the moment), today − 1 (the second escalation step does),
 * today − 3 and today − 6 (a repeat does, after catch-up of the earlier steps and repeats).
 */
export function dischargeFor(i: number, today: LocalDate): LocalDate {
  const dueOffset = [1, -1, -3, -6][i % 4]!;
  return addCalendarDays(today, dueOffset - 7);
}
