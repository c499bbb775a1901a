// /api/regelsaet: the regelsæt the system runs by, one of them in full (the schema the regelsæt files
// are checked with), and a deadline computed from a date.
import { z } from 'zod';
import { LocalDate } from '../../domain/calendar/local-date.schema';
import { DeadlineType, PeriodUnit } from '../../domain/regelsaet/regelsaet.schema';

export { Regelsaet } from '../../domain/regelsaet/regelsaet.schema';

export const RegelsaetParams = z.object({ id: z.string().min(1) });

export const FristQuery = z.object({
  type: DeadlineType.describe('afgoerelse, kontakt, opstart, opfoelgning, bevilling (or forlaengelse)'),
  fra: LocalDate.describe('The anchor date: day 0; day 1 is the day after'),
});

export const BeregnetFrist = z.object({
  type: DeadlineType,
  fra: LocalDate,
  forfald: LocalDate,
  antal: z.number(),
  enhed: PeriodUnit,
});
