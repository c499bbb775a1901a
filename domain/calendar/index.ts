export { LocalDate, addCalendarDays, daysBetween, weekdayOf } from './local-date';
export type { Weekday } from './local-date';
export { danishPublicHolidays, easterSunday, isPublicHoliday } from './holidays';
export type { PublicHoliday } from './holidays';
export { addHverdage, countHverdage, isHverdag } from './hverdage';
export { LocalTime, copenhagenDateOf, copenhagenInstant, endOfCopenhagenDay } from './copenhagen';
