import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { JsonScalar } from '../common/validators.js';
import { toInstance } from './compiled-transformer.js';
import { isValidInstance } from './compiled-validator.js';
import { markVerified } from './verified-instances.js';

/** A machine-readable validation failure: field path, stable rule id, message and offending value. */
export interface Violation {
  field: string;
  rule: string;
  message: string;
  value: JsonScalar;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

export interface ValidateOptions {
  /**
   * Reject unknown properties instead of stripping them. The REST gateway is strict (typos get a 400);
   * Kafka consumers are tolerant readers so that additive changes within a topic version do not break them.
   */
  forbidUnknown?: boolean;
}

function toScalar(value: unknown): JsonScalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  return null;
}

// When a value has the wrong type, its range checks only add noise ("'forty' must not be greater than 150").
const RANGE_CONSTRAINTS = new Set([
  'min',
  'max',
  'length',
  'minLength',
  'maxLength',
  'arrayMinSize',
  'arrayMaxSize',
]);

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): Violation[] {
  const out: Violation[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const all = Object.entries(error.constraints ?? {});
    const typeFailures = all.filter(([constraint]) => !RANGE_CONSTRAINTS.has(constraint));
    for (const [constraint, message] of typeFailures.length > 0 ? typeFailures : all) {
      out.push({
        field,
        rule: constraint === 'whitelistValidation' ? 'schema.unknown_property' : `schema.${constraint}`,
        message,
        value: toScalar(error.value),
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** Validates a parsed JSON value against an event class. Never throws on bad input. */
export function validateEvent<T extends object>(
  schema: new () => T,
  plain: unknown,
  options: ValidateOptions = {},
): ValidationResult<T> {
  return verified(validate(schema, plain, options, false));
}

/**
 * Validates an event about to be published (built by a handler), the same way as validateEvent. The event itself
 * is never changed; the instance in the result may share the event's plain nested values (a feature vector)
 * instead of copying them, so it is for checking, not for keeping.
 */
export function validateOutgoingEvent<T extends object>(schema: new () => T, event: T): ValidationResult<T> {
  return validate(schema, event, {}, true);
}

/** `owned`: the instance may take plain's nested values instead of copies (see toInstance). */
function validate<T extends object>(
  schema: new () => T,
  plain: unknown,
  options: ValidateOptions,
  owned: boolean,
): ValidationResult<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return {
      ok: false,
      violations: [
        { field: '$', rule: 'payload.not_object', message: 'payload must be a JSON object', value: null },
      ],
    };
  }
  const instance =
    toInstance(schema, plain, owned) ?? plainToInstance(schema, plain, { exposeDefaultValues: false });
  // The compiled check answers for valid events; class-validator itself explains the invalid ones.
  if (isValidInstance(instance, options.forbidUnknown ?? false) === true)
    return { ok: true, value: instance };
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: options.forbidUnknown ?? false,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
  });
  if (errors.length > 0) return { ok: false, violations: flattenValidationErrors(errors) };
  return { ok: true, value: instance };
}

/** Marks a validated event's instance, which handlers may then publish inside their own events (see markVerified). */
function verified<T extends object>(result: ValidationResult<T>): ValidationResult<T> {
  if (result.ok) markVerified(result.value);
  return result;
}

/** Decodes Kafka bytes (JSON) and validates them. Not-JSON is a violation, not an exception. */
export function decodeEvent<T extends object>(
  schema: new () => T,
  bytes: Buffer | null,
  options: ValidateOptions = {},
): ValidationResult<T> {
  if (bytes === null || bytes.length === 0) {
    return {
      ok: false,
      violations: [{ field: '$', rule: 'payload.empty', message: 'payload is empty', value: null }],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      violations: [
        {
          field: '$',
          rule: 'payload.not_json',
          message: `payload is not valid JSON: ${(error as Error).message.slice(0, 200)}`,
          value: null,
        },
      ],
    };
  }
  return verified(validate(schema, parsed, options, true));
}
