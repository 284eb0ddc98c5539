import { isISO8601 } from 'class-validator';

/**
 * class-validator's `isISO8601(value, { strict: true })`, without building a Date per call. The strict option makes
 * validator.js check "is this a real calendar date" (no 2019-02-29) by formatting the date part into a string,
 * parsing it into a Date and reading it back: the single largest cost of validating an intake event. Here the
 * pattern check is still validator.js's (class-validator's non-strict isISO8601), and the same digits are compared
 * with the month's length instead. The spec compares the two over every day of every month of leap, common and
 * century years, in every format, and junk.
 */

// validator.js's isValidDate picks the date's digits with these two patterns.
const ORDINAL = /^(\d{4})-?(\d{3})([ T]{1}\.*|$)/;
const YEAR_MONTH_DAY = /(\d{4})-?(\d{0,2})-?(\d*)/;

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** validator.js's isValidDate, for a string that is ISO 8601 by its pattern. */
function isCalendarDate(value: string): boolean {
  const ordinal = ORDINAL.exec(value);
  if (ordinal) return Number(ordinal[2]) <= (isLeapYear(Number(ordinal[1])) ? 366 : 365);
  const match = YEAR_MONTH_DAY.exec(value)!;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // A year, a year and month, or a week date: nothing more to check (as validator.js).
  if (!month || !day) return true;
  // validator.js writes the year without its leading zeros ("4-02-29"), which Date parses some other way: it
  // decides those itself.
  if (year < 1000) return isISO8601(value, { strict: true });
  if (month > 12) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]!);
}

/** True exactly when class-validator's `isISO8601(value, { strict: true })` is. */
export function isStrictIso8601(value: unknown): boolean {
  return isISO8601(value) && isCalendarDate(value as string);
}
