import { createRequire } from 'node:module';
import { getMetadataStorage } from 'class-validator';
import { generatedFunction } from './generated-function.js';
import { isVerified } from './verified-instances.js';

/**
 * A fast `plainToInstance(cls, plain, { exposeDefaultValues: false })` for parsed JSON and the contract classes.
 *
 * class-transformer walks its metadata storage for every property of every object on every call (a few % of a
 * pipeline service's CPU). The contracts only use `@Type(() => Class)` on nested objects and arrays, so this reads
 * those once per class and does the same thing: a new instance of the class (its declared fields first, as
 * `new cls()` gives them), then every key of the input in order; values of @Type properties become instances of
 * their class (element-wise for arrays), other objects and arrays are copied, primitives kept. Anything outside
 * that (other class-transformer decorators, discriminators, keys that would touch the prototype, non-JSON values)
 * returns undefined and the caller uses class-transformer. A test compares both on samples of every contract and
 * all their single-field mutations.
 */

type Ctor = new () => object;

interface TypeMetadata {
  typeFunction: (options?: unknown) => unknown;
  options: { discriminator?: unknown; keepDiscriminatorProperty?: boolean };
  reflectedType: unknown;
}

interface TransformerMetadataStorage {
  findTypeMetadata(target: Ctor, propertyName: string): TypeMetadata | undefined;
  getTypeMetadatas?(target: Ctor): TypeMetadata[];
  getExposedMetadatas(target: Ctor): unknown[];
  getExcludedMetadatas(target: Ctor): unknown[];
  getStrategy(target: Ctor): string;
  findTransformMetadatas(target: Ctor, propertyName: string, transformationType: number): unknown[];
}

// The CommonJS build is the one Node loads for `import 'class-transformer'` (the package has no "exports"), so
// this is the storage the contracts' decorators wrote to.
const require = createRequire(import.meta.url);
const { defaultMetadataStorage: storage } = require('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: TransformerMetadataStorage;
};

/**
 * Per class: for each property name met so far, the class its @Type names (null: none, UNSUPPORTED: only
 * class-transformer can build it); null when the whole class needs class-transformer itself.
 */
const UNSUPPORTED = Symbol('unsupported');
type Plan = Map<string, Ctor | null | typeof UNSUPPORTED>;
const plans = new Map<Ctor, Plan | null>();
// Property lookups remembered per class. The metadata never changes once the classes are loaded, so a cached
// answer is the answer; the bound only keeps junk input (random keys) from growing the cache.
const MAX_CACHED_KEYS = 256;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const PLAIN_TO_CLASS = 0;

function plan(cls: Ctor): Plan | null {
  let p = plans.get(cls);
  if (p !== undefined) return p;
  p = compile(cls);
  plans.set(cls, p);
  return p;
}

/** The class @Type names for a property, null for none, UNSUPPORTED for what only class-transformer does. */
function typeOf(cls: Ctor, name: string): Ctor | null | typeof UNSUPPORTED {
  if (storage.findTransformMetadatas(cls, name, PLAIN_TO_CLASS).length > 0) return UNSUPPORTED;
  const meta = storage.findTypeMetadata(cls, name);
  if (!meta) return null;
  if (meta.options.discriminator) return UNSUPPORTED;
  const target = meta.typeFunction();
  return typeof target === 'function' ? (target as Ctor) : UNSUPPORTED;
}

function compile(cls: Ctor): Plan | null {
  if (storage.getExposedMetadatas(cls).length > 0 || storage.getExcludedMetadatas(cls).length > 0)
    return null;
  if (storage.getStrategy(cls) !== 'none') return null;
  // Accessors and methods change what assigning a key does: left to class-transformer.
  for (let proto: object | null = cls.prototype as object; proto && proto !== Object.prototype;) {
    if (Object.getOwnPropertyNames(proto).some((n) => n !== 'constructor')) return null;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  const types: Plan = new Map();
  // Fields that have an initialiser (with useDefineForClassFields off, declared-only fields are not own keys
  // of a new instance: those are looked up, and remembered, when first met in instance()).
  for (const name of Object.keys(new cls())) {
    const type = typeOf(cls, name);
    if (type === UNSUPPORTED) return null;
    types.set(name, type);
  }
  return types;
}

const FALLBACK = Symbol('fallback');

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = copy(value[i]);
      if (v === FALLBACK) return FALLBACK;
      out[i] = v;
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return FALLBACK;
  const out: Record<string, unknown> = {};
  // for…in over own keys (the prototype is Object.prototype here): no key array per object copied.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (FORBIDDEN_KEYS.has(key)) return FALLBACK;
    const v = copy((value as Record<string, unknown>)[key]);
    if (v === FALLBACK) return FALLBACK;
    out[key] = v;
  }
  return out;
}

/**
 * What copy() gives for a value the caller owns (just parsed from JSON): the value itself, after the same checks
 * (plain objects and arrays only, no key that would touch a prototype). A decoded feature vector is then not
 * built twice.
 */
function adopt(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (adopt(value[i]) === FALLBACK) return FALLBACK;
    return value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return FALLBACK;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (FORBIDDEN_KEYS.has(key)) return FALLBACK;
    if (adopt((value as Record<string, unknown>)[key]) === FALLBACK) return FALLBACK;
  }
  return value;
}

function typed(cls: Ctor, value: unknown, owned: boolean): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // class-transformer gives nested arrays their own rules: not worth copying here.
      if (Array.isArray(item)) return FALLBACK;
      const v = typed(cls, item, owned);
      if (v === FALLBACK) return FALLBACK;
      out[i] = v;
    }
    return out;
  }
  return instance(cls, value, owned);
}

function instance(cls: Ctor, value: object, owned: boolean): unknown {
  // A plain object, or already an instance of the class (events built by a handler around a decoded one).
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== cls.prototype) return FALLBACK;
  // An instance checked before, handed over with its owner's event: taken as it is (see verified-instances.ts).
  if (owned && proto === cls.prototype && isVerified(value)) return value;
  const build = builderFor(cls);
  return build ? build(value as Record<string, unknown>, owned) : FALLBACK;
}

/** Builds a class's instance from a plain object or an instance of it (see instance()); FALLBACK when it cannot. */
type Build = (value: Record<string, unknown>, owned: boolean) => unknown;
const builders = new Map<Ctor, Build | null>();

function builderFor(cls: Ctor): Build | null {
  let build = builders.get(cls);
  if (build === undefined) {
    const types = plan(cls);
    build = types ? generateBuilder(cls, types) : null;
    builders.set(cls, build);
  }
  return build;
}

/**
 * A class's builder, generated once: one `case` per property the class declares (its validated properties), with
 * its @Type resolved when generated and a named store, then the generic path for any other key (an unknown one is
 * kept, as class-transformer keeps it). A loop that looks every key's @Type up in a map and stores it under a
 * computed name cost twice as much per key. Names are JSON string literals, so no name can change the code.
 */
function generateBuilder(cls: Ctor, types: Plan): Build {
  const constants: Record<string, unknown> = {
    cls,
    types,
    hasOwn: Object.hasOwn,
    FALLBACK,
    typed,
    adopt,
    copy,
  };
  const cases: string[] = [];
  const declared = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined);
  const names = [...new Set(declared.map((m) => m.propertyName))].filter((n) => !FORBIDDEN_KEYS.has(n));
  names.forEach((name, i) => {
    let type = types.get(name);
    if (type === undefined) type = typeOf(cls, name);
    const key = JSON.stringify(name);
    if (type === UNSUPPORTED) cases.push(`case ${key}: return FALLBACK;`);
    else if (type === null)
      cases.push(
        `case ${key}: v = raw === null || typeof raw !== 'object' ? raw : owned ? adopt(raw) : copy(raw);`,
        `  if (v === FALLBACK) return FALLBACK; out[${key}] = v; break;`,
      );
    else {
      constants[`t${i}`] = type;
      cases.push(
        `case ${key}: v = typed(t${i}, raw, owned); if (v === FALLBACK) return FALLBACK; out[${key}] = v; break;`,
      );
    }
  });
  const body = `
    const out = new cls();
    for (const key in value) {
      if (!hasOwn(value, key)) continue;
      const raw = value[key];
      let v;
      switch (key) {
        ${cases.join('\n        ')}
        default:
          v = generic(key, raw, owned);
          if (v === FALLBACK) return FALLBACK;
          out[key] = v;
      }
    }
    return out;`;
  constants['generic'] = (key: string, raw: unknown, owned: boolean): unknown => {
    if (FORBIDDEN_KEYS.has(key)) return FALLBACK;
    let type = types.get(key);
    if (type === undefined) {
      type = typeOf(cls, key);
      if (types.size < MAX_CACHED_KEYS) types.set(key, type);
    }
    if (type === UNSUPPORTED) return FALLBACK;
    return type ? typed(type, raw, owned) : owned ? adopt(raw) : copy(raw);
  };
  return generatedFunction<Build>(constants, 'build', ['value', 'owned'], body);
}

/**
 * The instance class-transformer would build from parsed JSON, or undefined when it must build it itself.
 * `owned`: the caller hands the parsed value over (nothing else holds it), so plain nested objects and arrays
 * without a @Type are taken into the instance as they are instead of copied; same shape, same keys.
 */
export function toInstance<T extends object>(cls: new () => T, plain: object, owned = false): T | undefined {
  // (The top level is always a plain object or an instance of cls here; see instance().)
  const out = instance(cls as Ctor, plain, owned);
  return out === FALLBACK ? undefined : (out as T);
}
