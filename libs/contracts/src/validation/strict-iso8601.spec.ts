import { isISO8601 } from 'class-validator';
import { isStrictIso8601 } from './strict-iso8601.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Every day 0-32 of every month 0-13 of leap, common and century years, in the extended and basic formats. */
function calendar(): string[] {
  const out: string[] = [];
  for (const year of [0, 4, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999])
    for (let month = 0; month <= 13; month++)
      for (let day = 0; day <= 32; day++) {
        const [y, m, d] = [pad(year, 4), pad(month, 2), pad(day, 2)];
        out.push(
          `${y}-${m}-${d}`,
          `${y}${m}${d}`,
          `${y}-${m}-${d}T10:20:30Z`,
          `${y}-${m}-${d} 23:59:59.123+02:00`,
        );
        out.push(`${y}${m}${d}T102030Z`, `+${y}-${m}-${d}`, `-${y}-${m}-${d}T00:00:00.000Z`, `${y}-${m}`);
      }
  return out;
}

/** Ordinal and week dates, times alone, partial forms and junk. */
function others(): string[] {
  const out: string[] = [];
  for (const year of [1900, 2000, 2023, 2024])
    for (let day = 0; day <= 367; day += day < 360 ? 37 : 1)
      out.push(`${year}-${pad(day, 3)}`, `${year}${pad(day, 3)}`, `${year}-${pad(day, 3)}T12:00Z`);
  for (let week = 0; week <= 54; week += 9)
    out.push(
      `2024-W${pad(week, 2)}`,
      `2024-W${pad(week, 2)}-3`,
      `2024W${pad(week, 2)}7`,
      `2024-W${pad(week, 2)}-8`,
    );
  out.push(
    '2024',
    '20',
    '',
    ' ',
    'T10:00',
    '2024-02-29T24:00',
    '2024-02-29T24:00:01',
    '2024-02-29T10:00:60',
    '2024-02-30T10:00Z',
    '2024-13',
    '2024-02-29Z',
    '2024-2-9',
    '2024-02-29T10:00:00.5+1',
    '2024-02-29t10:00',
    'not a date',
    '2024-02-29\n',
    '١٢٣٤-٠٢-٢٩',
    // A digit right after YYYY-MM-DD: not the fast path's shape.
    '2024-02-291',
    '2024-02-2910:00',
    '2023-02-290T10:00Z',
    '2024-02-29 ',
  );
  return out;
}

describe('isStrictIso8601', () => {
  it("agrees with class-validator's isISO8601(value, { strict: true }) on every case", () => {
    const cases = [...calendar(), ...others()];
    const disagreements = cases.filter(
      (value) => isStrictIso8601(value) !== isISO8601(value, { strict: true }),
    );
    expect(disagreements).toEqual([]);
    // Both answers occur, so the comparison means something.
    const accepted = cases.filter((value) => isStrictIso8601(value)).length;
    expect(accepted).toBeGreaterThan(cases.length / 4);
    expect(accepted).toBeLessThan(cases.length);
  });

  it('rejects impossible calendar dates and accepts their neighbours', () => {
    expect(isStrictIso8601('2023-02-29')).toBe(false);
    expect(isStrictIso8601('2024-02-29')).toBe(true);
    expect(isStrictIso8601('1900-02-29T00:00:00Z')).toBe(false);
    expect(isStrictIso8601('2000-02-29T00:00:00Z')).toBe(true);
    expect(isStrictIso8601('2024-04-31')).toBe(false);
    expect(isStrictIso8601('2023-366')).toBe(false);
    expect(isStrictIso8601('2024-366')).toBe(true);
  });

  it('rejects what is not a string', () => {
    for (const value of [
      undefined,
      null,
      20240229,
      new Date(),
      ['2024-02-29'],
      { toString: () => '2024-02-29' },
    ])
      expect(isStrictIso8601(value)).toBe(false);
  });
});
