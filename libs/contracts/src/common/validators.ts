import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A JSON scalar: what a rejected field's offending value is reported as. */
export type JsonScalar = string | number | boolean | null;

export function IsJsonScalar(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isJsonScalar',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a string, number, boolean or null', ...options },
      validator: {
        validate: (value: unknown) =>
          value === null || ['string', 'number', 'boolean'].includes(typeof value),
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
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v)),
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
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === 'string'),
      },
    });
}
