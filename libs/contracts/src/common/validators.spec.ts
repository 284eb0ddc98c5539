import { describe, expect, it } from 'vitest';
import { isFiniteNumberRecord, isJsonScalar, isStringRecord } from './validators.js';

// The definitions these checks replaced, kept here as the reference they must agree with.
const referenceNumberRecord = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v));
const referenceStringRecord = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string');
const referenceScalar = (value: unknown) =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

const inherited = Object.create({ junk: 'not own' }) as Record<string, unknown>;
inherited['age'] = 33;
const nonEnumerable = Object.defineProperty({ a: 1 }, 'hidden', { value: 'x', enumerable: false });

const CASES: unknown[] = [
  {},
  { age: 33, income: 69150.5, zero: 0, negative: -1 },
  { age: 33, bad: Number.NaN },
  { age: Number.POSITIVE_INFINITY },
  { age: Number.NEGATIVE_INFINITY },
  { age: '33' },
  { name: 'a', other: 'b' },
  { name: 'a', n: 1 },
  { nested: { age: 1 } },
  { missing: null },
  { missing: undefined },
  { flag: true },
  { big: 10n },
  [],
  [1, 2],
  ['a'],
  null,
  undefined,
  42,
  'text',
  true,
  10n,
  Symbol('s'),
  () => 1,
  new Date(0),
  new Map([['a', 1]]),
  inherited,
  nonEnumerable,
];

describe('record and scalar checks', () => {
  it.each(CASES.map((value, i) => [i, value]))(
    'case %i agrees with the Object.values/includes definitions',
    (_i, value) => {
      expect(isFiniteNumberRecord(value)).toBe(referenceNumberRecord(value));
      expect(isStringRecord(value)).toBe(referenceStringRecord(value));
      expect(isJsonScalar(value)).toBe(referenceScalar(value));
    },
  );

  it('judges a feature vector by its values', () => {
    expect(isFiniteNumberRecord({ age: 33, loan_to_income: 0.0867 })).toBe(true);
    expect(isFiniteNumberRecord({ age: 33, loan_to_income: Number.NaN })).toBe(false);
    expect(isFiniteNumberRecord(inherited)).toBe(true);
    expect(isStringRecord({ 'event-id': 'x', traceparent: 'y' })).toBe(true);
    expect(isStringRecord({ 'event-id': 1 })).toBe(false);
  });
});
