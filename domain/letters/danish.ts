// Danish wording for dates, frames and legal bases in a letter.
import type { LocalDate } from '../calendar/local-date';
import type { Frame, FrameUnit, LegalBasis, Period } from '../regelsaet/regelsaet.schema';

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** "2026-01-02" → "2. januar 2026". */
export function danishDate(date: LocalDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d}. ${MONTHS[m - 1]} ${y}`;
}

const UNIT: Record<FrameUnit, [one: string, many: string]> = { timer: ['time', 'timer'], sessioner: ['træningsgang', 'træningsgange'] };

/** "14 timer", "1 træningsgang", "2,5 timer". */
export function amountOf(amount: number, unit: FrameUnit): string {
  const number = Number.isInteger(amount) ? String(amount) : amount.toLocaleString('da-DK', { maximumFractionDigits: 2 });
  return `${number} ${UNIT[unit][amount === 1 ? 0 : 1]}`;
}

/** "op til 14 timer" where the document's frame is a cap, "13 timer" where it is fixed. */
export const frameText = (frame: Frame) => `${frame.cap ? 'op til ' : ''}${amountOf(frame.amount, frame.unit)}`;

const PERIOD_UNIT: Record<Period['unit'], [string, string]> = { kalenderdage: ['dag', 'dage'], hverdage: ['hverdag', 'hverdage'], maaneder: ['måned', 'måneder'] };
export const periodText = (p: Period) => `${p.amount} ${PERIOD_UNIT[p.unit][p.amount === 1 ? 0 : 1]}`;

export const LEGAL_BASIS_TEXT: Record<LegalBasis, string> = {
  'SEL §86 stk. 1': 'Lov om social service (serviceloven) § 86, stk. 1, om genoptræning',
  'SEL §86 stk. 2': 'Lov om social service (serviceloven) § 86, stk. 2, om vedligeholdelsestræning',
  'SUL §140': 'Sundhedsloven § 140 om genoptræning efter udskrivning fra sygehus',
};

/** Lists in Danish: "a", "a og b", "a, b og c". */
export function danishList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;
}
