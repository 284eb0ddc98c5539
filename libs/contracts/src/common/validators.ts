import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A JSON scalar: what a rejected field's offending value is reported as. */
export type JsonScalar = string | number | boolean | null;

export function isJsonScalar(value: unknown): boolean {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'boolean';
}

// The record checks below run for every feature vector and dead letter, encoded and decoded: a loop over own
// keys, where Object.values(...).every(...) allocated an array and a closure per call.

/** A non-array object whose own enumerable values are all finite numbers. */
export function isFiniteNumberRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const v = record[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

/** A non-array object whose own enumerable values are all strings. */
export function isStringRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (Object.hasOwn(record, key) && typeof record[key] !== 'string') return false;
  }
  return true;
}

export function IsJsonScalar(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isJsonScalar',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a string, number, boolean or null', ...options },
      validator: {
        validate: isJsonScalar,
      },
    });
}

/** An object whose values are all finite numbers, e.g. a named feature vector. */
export function IsFiniteNumberRecord(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isFiniteNumberRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an object of finite numbers', ...options },
      validator: {
        validate: isFiniteNumberRecord,
      },
    });
}

/** An object whose values are all strings (decoded Kafka headers). */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an object of strings', ...options },
      validator: {
        validate: isStringRecord,
      },
    });
}
