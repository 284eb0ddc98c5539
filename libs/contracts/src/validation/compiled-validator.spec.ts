import { createRequire } from 'node:module';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsString,
  isArray,
  isBoolean,
  isDefined,
  isIn,
  isInt,
  isNumber,
  isString,
  isUUID,
  length,
  max,
  min,
  validateSync,
} from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ALL_TOPICS } from '../topics/topic-registry.js';
import { toInstance } from './compiled-transformer.js';
import { fasterEquivalent, isValidInstance } from './compiled-validator.js';
import { isStrictIso8601 } from './strict-iso8601.js';
import { validateEvent } from './event-validation.js';

// The compiled check must agree with class-validator on every input, valid or not. Inputs: samples generated from
// each event's JSON schema (the same one the AsyncAPI document publishes), then every single-field mutation of
// them: missing, null, wrong types, out-of-range numbers, bad strings, unknown properties at every level.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: Json[];
  example?: Json;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
}

const require = createRequire(import.meta.url);
const { defaultMetadataStorage } = require('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: NonNullable<
    Parameters<typeof validationMetadatasToSchemas>[0]
  >['classTransformerMetadataStorage'];
};
const schemas = validationMetadatasToSchemas({
  refPointerPrefix: '#/definitions/',
  classTransformerMetadataStorage: defaultMetadataStorage,
}) as Record<string, Schema>;

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

function stringFor(schema: Schema, random: () => number): string {
  if (schema.format === 'uuid')
    return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
  if (schema.format === 'date-time' || schema.format === 'date')
    return new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 3e10)).toISOString();
  if (schema.pattern === '^[0-9a-f]{64}$') return hex(random, 64);
  if (schema.pattern === '^[A-Z]{3}$') return ['EUR', 'USD', 'GBP'][Math.floor(random() * 3)]!;
  const min = schema.minLength ?? 1;
  const max = Math.min(schema.maxLength ?? 24, min + 24);
  return 'v'.repeat(min + Math.floor(random() * (max - min + 1)));
}

function sample(schema: Schema, random: () => number, depth = 0): Json {
  if (schema.$ref) {
    const target = schemas[schema.$ref.split('/').pop()!];
    // A $ref to a class without metadata (Object, for records): the rest of the property schema describes it.
    const { $ref: _ref, ...rest } = schema;
    return sample(target ?? { type: 'object', ...rest }, random, depth);
  }
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return sample(choices[Math.floor(random() * choices.length)]!, random, depth);
  if (schema.example !== undefined && random() < 0.5) return schema.example;
  if (schema.enum) return schema.enum[Math.floor(random() * schema.enum.length)]!;
  const types = Array.isArray(schema.type)
    ? schema.type
    : [schema.type ?? (schema.properties ? 'object' : 'string')];
  const type = types[Math.floor(random() * types.length)]!;
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return random() < 0.5;
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? 0;
      const hi = schema.maximum ?? lo + 1000;
      const v = lo + random() * (hi - lo);
      return type === 'integer' ? Math.round(v) : Math.round(v * 1000) / 1000;
    }
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, Math.floor(random() * 3)));
      return Array.from({ length: n }, () => sample(schema.items ?? {}, random, depth + 1));
    }
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(name) || random() < 0.9)
          out[name] = sample(property, random, depth + 1);
      }
      if (typeof schema.additionalProperties === 'object') {
        for (let i = 0; i < 3; i++) out[`k${i}`] = sample(schema.additionalProperties, random, depth + 1);
      }
      return out;
    }
    default:
      return stringFor(schema, random);
  }
}

const ODD_VALUES: Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  151,
  1e308,
  -1e308,
  '',
  'x',
  'forty',
  '2026-13-45',
  [],
  [1],
  {},
  { a: 1 },
];

/** Every single-point mutation of a sample: each field deleted, replaced by each odd value; unknown keys added. */
function* mutations(value: Json): Generator<Json> {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      for (const odd of ODD_VALUES) yield value.map((v, j) => (j === i ? odd : v));
      for (const inner of mutations(value[i]!)) yield value.map((v, j) => (j === i ? inner : v));
    }
    return;
  }
  yield { ...value, unknownProperty: 1 };
  for (const key of Object.keys(value)) {
    const { [key]: removed, ...rest } = value;
    yield rest;
    for (const odd of ODD_VALUES) yield { ...value, [key]: odd };
    for (const inner of mutations(removed!)) yield { ...value, [key]: inner };
  }
}

function classValidatorSays(
  schema: new () => object,
  input: Json,
  forbidUnknown: boolean,
): { valid: boolean; json: string } {
  const instance = plainToInstance(schema, structuredClone(input), { exposeDefaultValues: false });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: forbidUnknown,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
  });
  return { valid: errors.length === 0, json: JSON.stringify(instance) };
}

function compiledSays(
  schema: new () => object,
  input: Json,
  forbidUnknown: boolean,
): { valid: boolean | undefined; json: string } {
  const instance = plainToInstance(schema, structuredClone(input), { exposeDefaultValues: false });
  return { valid: isValidInstance(instance, forbidUnknown), json: JSON.stringify(instance) };
}

describe('isValidInstance agrees with class-validator', () => {
  for (const topic of ALL_TOPICS) {
    it(`on ${topic.schema.name} samples and all their single-field mutations`, () => {
      const random = prng(topic.name.length * 7919);
      let valid = 0;
      let invalid = 0;
      for (let s = 0; s < 12; s++) {
        const base = sample(schemas[topic.schema.name]!, random);
        for (const input of [base, ...mutations(base)]) {
          for (const forbidUnknown of [false, true]) {
            const expected = classValidatorSays(topic.schema, input, forbidUnknown);
            const actual = compiledSays(topic.schema, input, forbidUnknown);
            if (actual.valid !== expected.valid)
              throw new Error(
                `disagreement on ${topic.schema.name} (forbidUnknown ${forbidUnknown}): class-validator says ` +
                  `${expected.valid}, compiled says ${actual.valid} for ${JSON.stringify(input)}`,
              );
            // Accepted instances are stripped exactly as the whitelist strips them.
            if (expected.valid) expect(actual.json).toBe(expected.json);
            if (expected.valid) valid++;
            else invalid++;
          }
        }
      }
      // Both branches must really be exercised for the agreement to mean something.
      expect(valid).toBeGreaterThan(10);
      expect(invalid).toBeGreaterThan(10);
    });
  }

  it('leaves an instance untouched when it is invalid', () => {
    const topic = ALL_TOPICS.find((t) => t.schema.name === 'LoanApplicationSubmittedV1')!;
    const instance = plainToInstance(topic.schema, { applicationId: 'not-a-uuid', extra: 1 });
    expect(isValidInstance(instance, false)).toBe(false);
    expect(instance).toHaveProperty('extra', 1);
  });

  it('rejects a value whose class has no validation metadata (forbidUnknownValues)', () => {
    class Unknown {
      a = 1;
    }
    expect(isValidInstance(new Unknown(), false)).toBe(false);
  });

  it('is what validateEvent uses for valid events, with class-validator explaining the invalid ones', () => {
    const topic = ALL_TOPICS.find((t) => t.schema.name === 'LoanApplicationSubmittedV1')!;
    const random = prng(42);
    const input = sample(schemas[topic.schema.name]!, random) as Record<string, Json>;
    expect(validateEvent(topic.schema, { ...input, extra: 1 })).toMatchObject({ ok: true });
    const bad = validateEvent(topic.schema, { ...input, applicationId: 'nope' });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.violations).toContainEqual(
        expect.objectContaining({ field: 'applicationId', rule: 'schema.isUuid' }),
      );
  });
});

/** An instance's structure: constructor names and every own key (undefined ones too), in order. */
function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value === undefined ? '<undefined>' : value;
  if (Array.isArray(value)) return value.map(shape);
  const out: Record<string, unknown> = { '<class>': (value as object).constructor?.name ?? '<none>' };
  for (const key of Object.keys(value)) out[key] = shape((value as Record<string, unknown>)[key]);
  return out;
}

describe('fasterEquivalent', () => {
  // Values on which the one-line checks could differ from class-validator's own functions.
  const ODD: unknown[] = [
    undefined,
    null,
    0,
    -0,
    1,
    -1,
    1.5,
    2 ** 53,
    Number.MAX_VALUE,
    Infinity,
    -Infinity,
    NaN,
    '',
    '0',
    'A',
    'abc',
    true,
    false,
    [],
    ['A'],
    {},
    new String('abc'),
    new Boolean(false),
    new Number(1),
    Symbol.for('x'),
    10n,
    '2f1c3a54-8d2e-4b7a-9c1d-0e5f6a7b8c9d',
    '2F1C3A54-8D2E-4B7A-9C1D-0E5F6A7B8C9D',
    '2f1c3a54-8d2e-9b7a-9c1d-0e5f6a7b8c9d',
    '2f1c3a54-8d2e-4b7a-7c1d-0e5f6a7b8c9d',
    '2f1c3a548d2e4b7a9c1d0e5f6a7b8c9d',
    '2f1c3a54-8d2e-4b7a-9c1d-0e5f6a7b8c9d ',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '01890a5d-ac96-774b-bcce-b302099a8057',
    '2f1c3a54-8d2e-4b7a-9c1d-0e5f6a7b8c9g',
  ];
  const agree = (fast: ((v: unknown, a: never) => unknown) | undefined, own: (v: unknown) => unknown) => {
    expect(fast).toBeDefined();
    for (const value of ODD)
      expect([value, Boolean(fast!(value, {} as never))]).toEqual([value, Boolean(own(value))]);
  };

  it("gives the type checks' own answers", () => {
    agree(fasterEquivalent('isString', undefined), isString);
    agree(fasterEquivalent('isInt', undefined), isInt);
    agree(fasterEquivalent('isBoolean', undefined), isBoolean);
    agree(fasterEquivalent('isDefined', undefined), isDefined);
    agree(fasterEquivalent('isArray', undefined), isArray);
  });

  it('gives @Min, @Max and @IsIn their own answers for every argument', () => {
    for (const bound of [0, -0, 1.5, -1, Infinity, NaN, '1', null, undefined]) {
      agree(fasterEquivalent('min', [bound]), (v) => min(v, bound as number));
      agree(fasterEquivalent('max', [bound]), (v) => max(v, bound as number));
    }
    for (const values of [['A', 'B'], [0], [-0, 1], [NaN, 'x'], [], [null, undefined], 'AB', undefined]) {
      agree(fasterEquivalent('isIn', [values]), (v) => isIn(v, values as unknown[]));
    }
  });

  it('gives @IsNumber its own answer, and leaves maxDecimalPlaces to it', () => {
    for (const options of [
      {},
      { allowNaN: true },
      { allowInfinity: true },
      { allowNaN: false, allowInfinity: false },
      { allowNaN: 1, allowInfinity: 'yes' },
      undefined,
    ]) {
      agree(fasterEquivalent('isNumber', [options]), (v) => isNumber(v, options as never));
    }
    expect(fasterEquivalent('isNumber', [{ maxDecimalPlaces: 2 }])).toBeUndefined();
    expect(fasterEquivalent('isNumber', ['x'])).toBeUndefined();
  });

  it('gives @IsUUID() its own answer, and leaves versions to it', () => {
    for (const version of [undefined, null, 'all'])
      agree(
        fasterEquivalent('isUuid', [version]),
        (v) => typeof v === 'string' && isUUID(v, version as never),
      );
    for (const version of ['4', 4, ['4', '7'], 'loose'])
      expect(fasterEquivalent('isUuid', [version])).toBeUndefined();
  });

  it('has no equivalent for other constraints', () => {
    expect(fasterEquivalent('isEmail', undefined)).toBeUndefined();
    expect(fasterEquivalent('matches', [/x/])).toBeUndefined();
    expect(fasterEquivalent('isFiniteNumberRecord', undefined)).toBeUndefined();
  });

  it('replaces @IsISO8601({ strict: true }) only', () => {
    expect(fasterEquivalent('isIso8601', [{ strict: true }])).toBe(isStrictIso8601);
    expect(fasterEquivalent('isIso8601', [{ strict: true, strictSeparator: true }])).toBeUndefined();
    expect(fasterEquivalent('isIso8601', [{ strict: false }])).toBeUndefined();
    expect(fasterEquivalent('isIso8601', [undefined])).toBeUndefined();
    expect(fasterEquivalent('isIso8601', undefined)).toBeUndefined();
    expect(fasterEquivalent('isDateString', [{ strict: true }])).toBeUndefined();
  });

  it("gives @Length's own answer for every string, bound and non-string", () => {
    const values: unknown[] = [
      '',
      'a',
      'C-42',
      'x'.repeat(64),
      'x'.repeat(65),
      'x'.repeat(128),
      'x'.repeat(129),
      'zürich',
      'ﬀ',
      '😀',
      'a😀',
      '😀'.repeat(64),
      '😀'.repeat(65),
      '\uD83D',
      '\uDE00',
      'a\uD83Db',
      '\uDE00\uD83D',
      '❤️',
      'a\uFE0F',
      '\uFE0F',
      '\uFE0Ea',
      'x\uFE0E'.repeat(64),
      '\uFFFF',
      '\uD7FF'.repeat(3),
      null,
      undefined,
      5,
      true,
      ['a'],
      { length: 3 },
      new String('abc'),
    ];
    const bounds: [unknown, unknown][] = [
      [1, 64],
      [1, 128],
      [0, undefined],
      [undefined, undefined],
      [2, 2],
      [3, 1],
      [null, 5],
      [1, null],
      [0, 0],
    ];
    for (const [min, max] of bounds) {
      const fast = fasterEquivalent('isLength', [min, max])!;
      for (const value of values)
        expect([min, max, value, fast(value, {} as never)]).toEqual([
          min,
          max,
          value,
          length(value, min as number, max as number),
        ]);
    }
  });
});

describe('toInstance builds what class-transformer builds', () => {
  for (const topic of ALL_TOPICS) {
    it(`on ${topic.schema.name} samples and all their single-field mutations`, () => {
      const random = prng(topic.name.length * 104729);
      let fast = 0;
      for (let s = 0; s < 12; s++) {
        const base = sample(schemas[topic.schema.name]!, random);
        for (const input of [base, ...mutations(base)]) {
          if (input === null || typeof input !== 'object' || Array.isArray(input)) continue;
          const expected = plainToInstance(topic.schema, structuredClone(input), {
            exposeDefaultValues: false,
          });
          const actual = toInstance(topic.schema, structuredClone(input));
          if (actual === undefined) continue;
          fast++;
          expect(shape(actual)).toEqual(shape(expected));
          expect(Object.keys(actual)).toEqual(Object.keys(expected));
          // Handed over (decodeEvent's parsed JSON): the same instance, built from the input's own values.
          const owned = toInstance(topic.schema, structuredClone(input), true);
          expect(owned).toBeDefined();
          expect(shape(owned)).toEqual(shape(expected));
          expect(Object.keys(owned!)).toEqual(Object.keys(expected));
        }
      }
      expect(fast).toBeGreaterThan(50);
    });
  }

  it('takes nested values that already are instances of their class (events built around decoded ones)', () => {
    const submitted = ALL_TOPICS.find((t) => t.schema.name === 'LoanApplicationSubmittedV1')!;
    const validated = ALL_TOPICS.find((t) => t.schema.name === 'ApplicationValidatedV1')!;
    const random = prng(7);
    for (let s = 0; s < 20; s++) {
      const plain = sample(schemas[validated.schema.name]!, random) as Record<string, Json>;
      const application = plainToInstance(submitted.schema, sample(schemas[submitted.schema.name]!, random));
      const event = { ...plain, application };
      const expected = plainToInstance(validated.schema, event, { exposeDefaultValues: false });
      const actual = toInstance(validated.schema, event);
      expect(actual).toBeDefined();
      expect(shape(actual)).toEqual(shape(expected));
      expect((actual as unknown as { application: object }).application).not.toBe(application);
    }
  });

  it('gives the same instances while, and after, it remembers more property names than it caches', () => {
    // Each class remembers the @Type of at most 256 property names: inputs with hundreds of unknown keys must
    // still be built like class-transformer builds them, before and after that bound is reached.
    const topic = ALL_TOPICS.find((t) => t.schema.name === 'LoanApplicationSubmittedV1')!;
    const random = prng(11);
    for (let round = 0; round < 3; round++) {
      const input = sample(schemas[topic.schema.name]!, random) as Record<string, Json>;
      for (let k = 0; k < 200; k++) input[`extra_${round}_${k}`] = k % 2 ? { nested: k } : [k, String(k)];
      const expected = plainToInstance(topic.schema, structuredClone(input), { exposeDefaultValues: false });
      const actual = toInstance(topic.schema, structuredClone(input));
      expect(actual).toBeDefined();
      expect(shape(actual)).toEqual(shape(expected));
      expect(Object.keys(actual!)).toEqual(Object.keys(expected));
    }
  });

  it('leaves what it does not cover to class-transformer', () => {
    const topic = ALL_TOPICS.find((t) => t.schema.name === 'LoanApplicationSubmittedV1')!;
    expect(
      toInstance(topic.schema, JSON.parse('{"__proto__": {"polluted": true}}') as object),
    ).toBeUndefined();
    expect(toInstance(topic.schema, { applicant: [[1]] })).toBeUndefined();
    expect(toInstance(topic.schema, { when: new Date() })).toBeUndefined();
    for (const owned of [false, true]) {
      expect(
        toInstance(topic.schema, JSON.parse('{"extra": {"a": [{"__proto__": 1}]}}') as object, owned),
      ).toBeUndefined();
      expect(toInstance(topic.schema, { extra: [1, { at: new Date() }] }, owned)).toBeUndefined();
    }
  });

  it('leaves a declared property with a @Transform to class-transformer, when the input has it', () => {
    class Transformed {
      @IsString()
      name!: string;

      @Transform(({ value }) => String(value).toUpperCase())
      @IsString()
      code!: string;
    }
    for (const owned of [false, true]) {
      expect(toInstance(Transformed, { name: 'a', code: 'x' }, owned)).toBeUndefined();
      const built = toInstance(Transformed, { name: 'a' }, owned);
      expect(built).toBeInstanceOf(Transformed);
      expect(built).toEqual(plainToInstance(Transformed, { name: 'a' }));
    }
  });

  it("takes a handed-over value's untyped nested objects as they are, and copies them otherwise", () => {
    const features = ALL_TOPICS.find((t) => t.schema.name === 'FeaturesComputedV1')!;
    const input = sample(schemas[features.schema.name]!, prng(5)) as Record<string, Json>;
    const owned = toInstance(features.schema, input, true) as unknown as Record<string, unknown>;
    const copied = toInstance(features.schema, input) as unknown as Record<string, unknown>;
    expect(owned['features']).toBe(input['features']);
    expect(copied['features']).not.toBe(input['features']);
    expect(copied['features']).toEqual(input['features']);
  });
});
