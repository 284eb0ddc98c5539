import { randomInt } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * canonicalJson as first written. Ingestion has stored the SHA-256 of its text for every application since, so
 * the faster one must give the very same text for every value.
 */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

const KEYS = [
  'a',
  'b',
  'B',
  'aa',
  'é',
  'z1',
  '0',
  '1',
  '2',
  '10',
  '9',
  '01',
  '-1',
  '1.5',
  '4294967294',
  '4294967295',
  '',
  ' ',
  '__x',
  'applicationId',
  '😀',
];
const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)]!;

function randomValue(depth: number): unknown {
  const scalars: unknown[] = [
    0,
    -0,
    1.5,
    -7,
    1e21,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    'text',
    '',
    'quote " and \\ and \n',
    true,
    false,
    null,
    undefined,
    () => 1,
    Symbol('s'),
    new Date(Date.UTC(2026, 10, 23)),
  ];
  if (depth <= 0 || randomInt(3) === 0) return pick(scalars);
  if (randomInt(3) === 0) return Array.from({ length: randomInt(4) }, () => randomValue(depth - 1));
  const object: Record<string, unknown> = {};
  for (let i = randomInt(6); i > 0; i--) object[pick(KEYS)] = randomValue(depth - 1);
  return object;
}

class Applicant {
  age = 34;
  annualIncome = 54000;
  homeOwnership = 'RENT';
}
class Application {
  loan = { currency: 'EUR', amount: 12000 };
  applicant = new Applicant();
  customerId = 'C-42';
  applicationId = '8f35c512-e32d-4d54-ba7c-9f8b6a8bba9c';
}

describe('canonicalJson', () => {
  it('ignores key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });

  it('gives the text it has always given: decoded applications (class instances)', () => {
    const application = new Application();
    expect(canonicalJson(application)).toBe(reference(application));
    expect(canonicalJson(application)).toBe(
      '{"applicant":{"age":34,"annualIncome":54000,"homeOwnership":"RENT"},' +
        '"applicationId":"8f35c512-e32d-4d54-ba7c-9f8b6a8bba9c","customerId":"C-42",' +
        '"loan":{"amount":12000,"currency":"EUR"}}',
    );
  });

  it('gives the text it has always given: integer-like keys, toJSON, boxed values, omitted values', () => {
    const cases: unknown[] = [
      { 10: 'a', 9: 'b', x: 1, '01': 2, '-1': 3, 4294967295: 4, 4294967294: 5 },
      { when: new Date(0), nested: { toJSON: (key: string) => ({ key, b: 1, a: 2 }) } },
      { n: new Number(5), s: new String('ab'), b: new Boolean(false) },
      { map: new Map([['a', 1]]), set: new Set([1]) },
      [undefined, () => 1, Symbol('x'), { u: undefined }],
      undefined,
      null,
      'text',
      42,
      { toJSON: () => undefined },
    ];
    for (const value of cases) expect(canonicalJson(value)).toBe(reference(value));
  });

  it('gives the text it has always given for 5,000 random values', () => {
    for (let i = 0; i < 5_000; i++) {
      const value = randomValue(4);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });

  it('throws where JSON.stringify throws (BigInt)', () => {
    expect(() => reference({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });
});
