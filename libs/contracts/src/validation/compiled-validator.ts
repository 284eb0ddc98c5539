import {
  getMetadataStorage,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_DEFINED,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_NUMBER,
  IS_STRING,
  IS_UUID,
  length,
  MAX,
  MIN,
  ValidationTypes,
  type ValidationArguments,
} from 'class-validator';
import { isStrictIso8601 } from './strict-iso8601.js';
import { generatedFunction } from './generated-function.js';
import { isVerified } from './verified-instances.js';

/** A @ValidateIf predicate. */
type Condition = (object: object, value: unknown) => boolean;

/**
 * A fast yes/no answer to "would class-validator's validateSync find no error in this instance?", for the options
 * validateEvent uses (whitelist, forbidUnknownValues, forbidNonWhitelisted when asked; no groups, no skip options).
 *
 * class-validator re-reads and re-groups its metadata and allocates an error tree on every call: most of the cost
 * of validating a small event. This reads the metadata once per class and then calls the very same constraint
 * functions (IsInt, Min, the custom ones…) with the same arguments, in the same conditions, so it cannot disagree
 * with class-validator about what is valid (exceptions: fasterEquivalent, whose spec proves the same answers).
 * It only answers yes or no: anything it rejects is validated again by class-validator, which produces the
 * violations (rejections are rare, and their messages stay class-validator's). A class it cannot compile (async or
 * promise validation, unknown metadata types) is left to class-validator.
 *
 * Each class's checks are generated into one function (`new Function`), property by property: a generic loop over
 * a list of checks calls every constraint from one call site, which V8 can neither inline nor keep monomorphic
 * (2-4 µs per event); in the generated code each check has a call site of its own (0.5-1 µs).
 */

type Validate = (value: unknown, args: ValidationArguments) => unknown;

interface ConstraintCheck {
  /** The constraint's own check: `instance.validate(value, args)`, called as a method of the instance. */
  readonly instance: { validate: Validate };
  /** Its faster equivalent, when there is one (then `instance` is not called). */
  readonly fast: Validate | undefined;
  readonly each: boolean;
  readonly validateIf: ((object: object, value: unknown) => boolean) | undefined;
  /**
   * The ValidationArguments passed to `validate`, one per check, filled in before each call (and emptied after):
   * a new one per property per event was the largest allocation of a pipeline service. The calls are synchronous
   * and none of them keeps its arguments.
   */
  readonly args: ValidationArguments;
}

interface PropertyPlan {
  readonly name: string;
  /** @IsOptional, @ValidateIf: the property is not validated at all unless every one of them holds. */
  readonly conditions: Condition[];
  /** @IsDefined and every constraint decorator. */
  readonly checks: ConstraintCheck[];
  /** @ValidateNested */
  readonly nested: boolean;
}

/** The generated check of one class: true when the object is valid (unknown keys collected for stripping). */
type ObjectCheck = (object: Record<string, unknown>, checker: Checker) => boolean;

interface ClassPlan {
  /** No validation metadata at all: an "unknown value" for forbidUnknownValues. */
  readonly unknown: boolean;
  readonly check: ObjectCheck;
}

/** Thrown inside a check when class-validator must decide (an async result, an uncompilable class). */
class NotCompilable extends Error {}

const plans = new Map<unknown, ClassPlan | null>();
const EMPTY: object = Object.freeze({});

function compile(target: new (...args: never[]) => object): ClassPlan | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false, undefined);
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyPlan[] = [];
  for (const [name, list] of Object.entries(grouped)) {
    const plan: PropertyPlan = { name, conditions: [], checks: [], nested: false };
    for (const metadata of list) {
      switch (metadata.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION:
          plan.conditions.push(metadata.constraints[0] as Condition);
          break;
        case ValidationTypes.NESTED_VALIDATION:
          (plan as { nested: boolean }).nested = true;
          break;
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION:
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) return null;
            plan.checks.push({
              instance: constraint.instance as { validate: Validate },
              fast: fasterEquivalent(constraint.name, metadata.constraints),
              each: metadata.each,
              validateIf: metadata.validateIf,
              args: {
                targetName: '',
                property: metadata.propertyName,
                object: EMPTY,
                value: undefined,
                constraints: metadata.constraints as never[],
              },
            });
          }
          break;
        default:
          return null;
      }
    }
    properties.push(plan);
  }
  return {
    unknown: metadatas.length === 0,
    check: generate(target.name, new Set(Object.keys(grouped)), properties),
  };
}

/**
 * The body of a class's check: the unknown-key scan, then each property's conditions, checks and nested value in
 * class-validator's order, each check from a constant of its own (`c<p>_<k>`, `a<p>_<k>`). Property names are
 * written as JSON string literals, so no name can change the code.
 */
function generate(
  targetName: string,
  allowed: ReadonlySet<string>,
  properties: readonly PropertyPlan[],
): ObjectCheck {
  const constants: Record<string, unknown> = {
    allowed,
    targetName,
    hasOwn: Object.hasOwn,
    genericHolds,
    eachPasses,
    EMPTY,
  };
  const lines: string[] = [
    'for (const key in o) {',
    '  if (!hasOwn(o, key) || allowed.has(key)) continue;',
    '  if (checker.forbidUnknown) return false;',
    '  checker.strip.push([o, key]);',
    '}',
    'let v;',
  ];
  properties.forEach((property, p) => {
    lines.push(`v = o[${JSON.stringify(property.name)}];`);
    const conditions = property.conditions.map((condition, k) => {
      constants[`w${p}_${k}`] = condition;
      return `w${p}_${k}(o, v)`;
    });
    if (conditions.length > 0) lines.push(`if (${conditions.join(' && ')}) {`);
    property.checks.forEach((check, k) => {
      const id = `${p}_${k}`;
      // Only the constants this check's code names: the check itself (validateIf, each), its arguments, and the
      // function it calls.
      if (check.validateIf || check.each) constants[`c${id}`] = check;
      if (!check.each) constants[`a${id}`] = check.args;
      if (check.validateIf) lines.push(`if (c${id}.validateIf(o, v)) {`);
      if (check.each) lines.push(`if (!eachPasses(c${id}, o, v, targetName)) return false;`);
      else if (check.fast) {
        constants[`f${id}`] = check.fast;
        lines.push(`if (!f${id}(v, a${id})) return false;`);
      } else {
        constants[`i${id}`] = check.instance;
        // The arguments are filled in for the call and emptied after it (not keeping the event alive).
        lines.push(
          `a${id}.targetName = targetName; a${id}.object = o; a${id}.value = v;`,
          `try { if (!genericHolds(i${id}.validate(v, a${id}))) return false; }`,
          `finally { a${id}.object = EMPTY; a${id}.value = undefined; }`,
        );
      }
      if (check.validateIf) lines.push('}');
    });
    if (property.nested) lines.push('if (!checker.nested(v)) return false;');
    if (conditions.length > 0) lines.push('}');
  });
  lines.push('return true;');
  return generatedFunction<ObjectCheck>(constants, 'check', ['o', 'checker'], lines.join('\n'));
}

/** A constraint's answer as class-validator reads it: truthy passes, a promise is for class-validator to decide. */
function genericHolds(result: unknown): boolean {
  if (result instanceof Promise) throw new NotCompilable();
  return Boolean(result);
}

/** A check with `each: true`: every item of an array, Set or Map value, or the value itself when it is none. */
function eachPasses(check: ConstraintCheck, object: object, value: unknown, targetName: string): boolean {
  const args = check.args;
  args.targetName = targetName;
  args.object = object;
  args.value = value;
  try {
    if (!(Array.isArray(value) || value instanceof Set || value instanceof Map))
      return holds(check, value, args);
    for (const item of value instanceof Map ? value.values() : (value as Iterable<unknown>))
      if (!holds(check, item, args)) return false;
    return true;
  } finally {
    args.object = EMPTY;
    args.value = undefined;
  }
}

function holds(check: ConstraintCheck, value: unknown, args: ValidationArguments): boolean {
  return check.fast ? Boolean(check.fast(value, args)) : genericHolds(check.instance.validate(value, args));
}

/** validator.js's isUUID pattern for "any version" (class-validator's @IsUUID() without a version). */
const ANY_UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

const isString: Validate = (v) => typeof v === 'string' || v instanceof String;
const isInt: Validate = (v) => typeof v === 'number' && Number.isInteger(v);
const isBoolean: Validate = (v) => typeof v === 'boolean' || v instanceof Boolean;
const isDefined: Validate = (v) => v !== undefined && v !== null;
const isArray: Validate = (v) => Array.isArray(v);
const never: Validate = () => false;

/**
 * A check that gives the constraint's own answer faster, when there is one, for the constraint name and arguments
 * class-validator registered: the type checks (their own one-line functions, without the three calls between the
 * registry and them), @Min/@Max/@IsIn/@IsNumber specialised on their arguments, @IsUUID() without a version,
 * @IsISO8601({ strict: true }) (see isStrictIso8601) and @Length (see lengthCheck). Undefined for every other
 * constraint and argument set. The spec checks each against class-validator's own function on odd values.
 */
export function fasterEquivalent(
  name: string,
  constraints: readonly unknown[] | undefined,
): Validate | undefined {
  const first = constraints?.[0];
  switch (name) {
    case IS_STRING:
      return isString;
    case IS_INT:
      return isInt;
    case IS_BOOLEAN:
      return isBoolean;
    case IS_DEFINED:
      return isDefined;
    case IS_ARRAY:
      return isArray;
    case MIN:
      return typeof first === 'number' ? (v) => typeof v === 'number' && v >= first : never;
    case MAX:
      return typeof first === 'number' ? (v) => typeof v === 'number' && v <= first : never;
    case IS_IN: {
      if (!Array.isArray(first)) return never;
      const allowed = new Set<unknown>(first);
      // `===` as class-validator compares: a Set also finds NaN, which `===` never matches.
      return (v) => v === v && allowed.has(v);
    }
    case IS_NUMBER:
      return numberCheck(first);
    case IS_UUID:
      return first === undefined || first === null || first === 'all'
        ? (v) => typeof v === 'string' && ANY_UUID.test(v)
        : undefined;
    case IS_LENGTH:
      return constraints ? lengthCheck(constraints[0], constraints[1]) : undefined;
    case IS_ISO8601: {
      if (typeof first !== 'object' || first === null) return undefined;
      const keys = Object.keys(first);
      return keys.length === 1 && (first as { strict?: unknown }).strict === true
        ? isStrictIso8601
        : undefined;
    }
    default:
      return undefined;
  }
}

/** @IsNumber(options) without maxDecimalPlaces (left to class-validator: it formats the number to count them). */
function numberCheck(options: unknown): Validate | undefined {
  if (options !== undefined && (typeof options !== 'object' || options === null)) return undefined;
  const o = (options ?? {}) as { allowInfinity?: unknown; allowNaN?: unknown; maxDecimalPlaces?: unknown };
  if (o.maxDecimalPlaces !== undefined) return undefined;
  const allowInfinity = !!o.allowInfinity;
  const allowNaN = !!o.allowNaN;
  return (v) => {
    if (typeof v !== 'number') return false;
    if (v === Infinity || v === -Infinity) return allowInfinity;
    if (v !== v) return allowNaN;
    return true;
  };
}

/**
 * @Length(min, max): class-validator's `length` counts a surrogate pair and a character followed by a variation
 * selector (U+FE0E/U+FE0F) as one, with two regular-expression matches per call. A string with no code unit at or
 * above U+D800 has neither, and its length is its length; any other string goes to `length` itself.
 */
function lengthCheck(min: unknown, max: unknown): Validate {
  const low = (min as number) || 0;
  return (value) => {
    if (typeof value !== 'string') return false;
    for (let i = 0; i < value.length; i++)
      if (value.charCodeAt(i) >= 0xd800) return length(value, min as number, max as number);
    return value.length >= low && (typeof max === 'undefined' || value.length <= (max as number));
  };
}

function planFor(target: unknown): ClassPlan {
  let plan = plans.get(target);
  if (plan === undefined) {
    plan = typeof target === 'function' ? compile(target as new () => object) : null;
    plans.set(target, plan);
  }
  if (plan === null) throw new NotCompilable();
  return plan;
}

class Checker {
  /** Unknown properties to delete (whitelist) once the whole instance is known to be valid. */
  readonly strip: [Record<string, unknown>, string][] = [];

  constructor(readonly forbidUnknown: boolean) {}

  object(object: object): boolean {
    // Checked as a whole before (a decoded event inside an outgoing one): see verified-instances.ts.
    if (isVerified(object)) return true;
    const plan = planFor(object.constructor);
    if (plan.unknown) return false;
    return plan.check(object as Record<string, unknown>, this);
  }

  nested(value: unknown): boolean {
    if (value === undefined) return true;
    if (Array.isArray(value) || value instanceof Set || value instanceof Map) {
      for (const item of value instanceof Map ? value.values() : value) if (!this.nested(item)) return false;
      return true;
    }
    return value instanceof Object && this.object(value);
  }
}

/**
 * True when class-validator's validateSync (whitelist, forbidUnknownValues, forbidNonWhitelisted = forbidUnknown)
 * would report no error; it then strips unknown properties as the whitelist would. False when it would report
 * one, undefined when only class-validator can tell. On false and undefined the instance is left untouched.
 */
export function isValidInstance(instance: object, forbidUnknown: boolean): boolean | undefined {
  const checker = new Checker(forbidUnknown);
  let valid: boolean;
  try {
    valid = checker.object(instance);
  } catch (error) {
    if (error instanceof NotCompilable) return undefined;
    throw error;
  }
  if (valid) for (const [record, key] of checker.strip) delete record[key];
  return valid;
}
