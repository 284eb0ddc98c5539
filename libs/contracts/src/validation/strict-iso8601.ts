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

const digit = (value: string, i: number): number => {
  const d = value.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/**
 * YYYY-MM-DD at the start and no digit after it (every timestamp the services write): isCalendarDate's answer
 * from the digits YEAR_MONTH_DAY would capture, read without a match array (ORDINAL never matches such a
 * string). Undefined for any other string.
 */
function extendedDateCheck(value: string): boolean | undefined {
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  if (value.length > 10 && digit(value, 10) >= 0) return undefined;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digit(value, i);
    if (d < 0) return undefined;
    year = year * 10 + d;
  }
  const m1 = digit(value, 5);
  const m2 = digit(value, 6);
  const d1 = digit(value, 8);
  const d2 = digit(value, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return undefined;
  return checkDate(value, year, m1 * 10 + m2, d1 * 10 + d2);
}

/** validator.js's isValidDate, for a string that is ISO 8601 by its pattern. */
function isCalendarDate(value: string): boolean {
  const fast = extendedDateCheck(value);
  if (fast !== undefined) return fast;
  const ordinal = ORDINAL.exec(value);
  if (ordinal) return Number(ordinal[2]) <= (isLeapYear(Number(ordinal[1])) ? 366 : 365);
  const match = YEAR_MONTH_DAY.exec(value)!;
  return checkDate(value, Number(match[1]), Number(match[2]), Number(match[3]));
}

function checkDate(value: string, year: number, month: number, day: number): boolean {
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
