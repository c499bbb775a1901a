// The calendar's rules and, for the edges that parse input, its schemas (LocalDate, LocalTime).
// Rules inside the workflow import the rule modules themselves, which hold no schema.
export { addCalendarDays, daysBetween, weekdayOf } from './local-date';
export type { Weekday } from './local-date';
export { LocalDate } from './local-date.schema';
export { danishPublicHolidays, easterSunday, isPublicHoliday } from './holidays';
export type { PublicHoliday } from './holidays';
export { addHverdage, countHverdage, isHverdag } from './hverdage';
export { copenhagenDateOf, copenhagenInstant, endOfCopenhagenDay } from './copenhagen';
export { LocalTime } from './local-time.schema';
