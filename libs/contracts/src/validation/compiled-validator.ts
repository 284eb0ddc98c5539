import {
  getMetadataStorage,
  IS_ISO8601,
  IS_LENGTH,
  length,
  ValidationTypes,
  type ValidationArguments,
} from 'class-validator';
import { isStrictIso8601 } from './strict-iso8601.js';
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
 * with class-validator about what is valid (one exception, fasterEquivalent, whose spec proves the same answers).
 * It only answers yes or no: anything it rejects is validated again by class-validator, which produces the
 * violations (rejections are rare, and their messages stay class-validator's). A class it cannot compile (async or
 * promise validation, unknown metadata types) is left to class-validator.
 */

type Validate = (value: unknown, args: ValidationArguments) => unknown;

interface ConstraintCheck {
  readonly validate: Validate;
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

interface ClassPlan {
  /** No validation metadata at all: an "unknown value" for forbidUnknownValues. */
  readonly unknown: boolean;
  readonly allowed: ReadonlySet<string>;
  readonly properties: readonly PropertyPlan[];
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
            const instance = constraint.instance;
            plan.checks.push({
              validate:
                fasterEquivalent(constraint.name, metadata.constraints) ??
                ((value, args) => instance.validate(value, args)),
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
  return { unknown: metadatas.length === 0, allowed: new Set(Object.keys(grouped)), properties };
}

/**
 * A check that gives the constraint's own answer faster, when there is one: @IsISO8601({ strict: true }) (see
 * isStrictIso8601) and @Length (see lengthCheck). Undefined for every other constraint and option set.
 */
export function fasterEquivalent(
  name: string,
  constraints: readonly unknown[] | undefined,
): Validate | undefined {
  if (name === IS_LENGTH && constraints) return lengthCheck(constraints[0], constraints[1]);
  const options = constraints?.[0];
  if (name !== IS_ISO8601 || typeof options !== 'object' || options === null) return undefined;
  const keys = Object.keys(options);
  return keys.length === 1 && (options as { strict?: unknown }).strict === true ? isStrictIso8601 : undefined;
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

function passes(
  check: ConstraintCheck,
  object: object,
  value: unknown,
  targetName: string | undefined,
): boolean {
  const args = check.args;
  args.targetName = targetName as string;
  args.object = object;
  args.value = value;
  try {
    if (!check.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map))
      return holds(check, value, args);
    for (const item of value instanceof Map ? value.values() : value)
      if (!holds(check, item, args)) return false;
    return true;
  } finally {
    // Not keeping the last event alive until the next one.
    args.object = EMPTY;
    args.value = undefined;
  }
}

function holds(check: ConstraintCheck, value: unknown, args: ValidationArguments): boolean {
  const result = check.validate(value, args);
  if (result instanceof Promise) throw new NotCompilable();
  return Boolean(result);
}

function allHold(conditions: readonly Condition[], object: object, value: unknown): boolean {
  for (const condition of conditions) if (!condition(object, value)) return false;
  return true;
}

class Checker {
  /** Unknown properties to delete (whitelist) once the whole instance is known to be valid. */
  readonly strip: [Record<string, unknown>, string][] = [];

  constructor(private readonly forbidUnknown: boolean) {}

  object(object: object): boolean {
    // Checked as a whole before (a decoded event inside an outgoing one): see verified-instances.ts.
    if (isVerified(object)) return true;
    const plan = planFor(object.constructor);
    if (plan.unknown) return false;
    const record = object as Record<string, unknown>;
    // for…in over own keys: no key array per object (this runs for every event and each nested object).
    for (const key in record) {
      if (!Object.hasOwn(record, key) || plan.allowed.has(key)) continue;
      if (this.forbidUnknown) return false;
      this.strip.push([record, key]);
    }
    const targetName = (object.constructor as { name?: string } | undefined)?.name;
    for (const property of plan.properties) {
      const value = record[property.name];
      if (!allHold(property.conditions, object, value)) continue;
      for (const check of property.checks) {
        if (check.validateIf && !check.validateIf(object, value)) continue;
        if (!passes(check, object, value, targetName)) return false;
      }
      if (property.nested && !this.nested(value)) return false;
    }
    return true;
  }

  private nested(value: unknown): boolean {
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
