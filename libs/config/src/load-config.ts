import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigValidationError, type ConfigIssue } from './config-validation.error.js';
import { describeEnvValue, isSecretName, MASK, maskUrlCredentials } from './secret-masking.js';

const TRUE_VALUES = new Set(['true', '1', 'yes', 'on']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'off']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

type Kind = 'number' | 'boolean' | 'list' | 'string';

/**
 * Decides how to convert a variable: from the emitted `design:type`, or, when that is missing or `Object`
 * (unannotated `FLAG = false`), from the type of the class default.
 */
function kindOf(schema: new () => object, defaults: Record<string, unknown>, key: string): Kind | undefined {
  const designType: unknown = Reflect.getMetadata('design:type', schema.prototype, key);
  if (designType === Number) return 'number';
  if (designType === Boolean) return 'boolean';
  if (designType === Array) return 'list';
  if (designType === String) return 'string';
  const fallback = defaults[key];
  if (typeof fallback === 'number') return 'number';
  if (typeof fallback === 'boolean') return 'boolean';
  if (Array.isArray(fallback)) return 'list';
  if (designType !== undefined || key in defaults) return 'string';
  return undefined;
}

/**
 * Done here rather than with class-transformer's enableImplicitConversion because that turns
 * "false" (and any other non-empty string) into `true` and "" into 0.
 * Unparseable values are passed through as strings so the validators report them.
 */
function coerce(raw: string, kind: Kind): unknown {
  const value = raw.trim();
  switch (kind) {
    case 'number':
      return NUMBER.test(value) ? Number(value) : raw;
    case 'boolean': {
      const lower = value.toLowerCase();
      if (TRUE_VALUES.has(lower)) return true;
      if (FALSE_VALUES.has(lower)) return false;
      return raw;
    }
    case 'list':
      return value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'string':
      return value;
  }
}

/** Only variables the schema declares are read, so unrelated env (PATH, HOME, …) never reaches the instance. */
function pickDeclared(schema: new () => object, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const defaults = { ...new schema() } as Record<string, unknown>;
  const plain: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(env)) {
    // An empty variable (common in compose files: `FOO=`) means "not set", so the default applies.
    if (raw === undefined || raw.trim() === '' || key === '__proto__') continue;
    const kind = kindOf(schema, defaults, key);
    if (kind !== undefined) plain[key] = coerce(raw, kind);
  }
  return plain;
}

function flatten(
  errors: readonly ValidationError[],
  prefix = '',
): { property: string; error: ValidationError }[] {
  return errors.flatMap((error) => {
    const property = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ property, error }] : [];
    return [...own, ...flatten(error.children ?? [], property)];
  });
}

function describeDefault(name: string, value: unknown): string {
  if (value === undefined) return 'not set';
  if (isSecretName(name)) return `default ${MASK}`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `default ${JSON.stringify(maskUrlCredentials(text))}`;
}

function stripSubject(reason: string, property: string): string {
  return reason.startsWith(`${property} `) ? reason.slice(property.length + 1) : reason;
}

function toIssues(errors: readonly ValidationError[], env: NodeJS.ProcessEnv): ConfigIssue[] {
  return flatten(errors)
    .map(({ property, error }): ConfigIssue => {
      const raw = env[property];
      const fromEnv = raw !== undefined && raw.trim() !== '';
      return {
        variable: property,
        // class-validator's default messages start with the property name, which the line already shows.
        reasons: [
          ...new Set(Object.values(error.constraints ?? {}).map((reason) => stripSubject(reason, property))),
        ],
        received: fromEnv ? describeEnvValue(property, raw) : describeDefault(property, error.value),
      };
    })
    .sort((a, b) => a.variable.localeCompare(b.variable));
}

/**
 * Builds and validates a config object from the environment.
 * @throws ConfigValidationError listing every invalid or missing variable (secrets masked).
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: NodeJS.ProcessEnv = process.env,
  serviceName?: string,
): T {
  const instance = plainToInstance(schema, pickDeclared(schema, env));
  const errors = validateSync(instance, {
    whitelist: true,
    forbidUnknownValues: true,
    // Keep the raw value out of ValidationError targets; we render (masked) values ourselves.
    validationError: { target: false, value: true },
  });
  if (errors.length > 0) {
    throw new ConfigValidationError(serviceName ?? schema.name, toIssues(errors, env));
  }
  for (const value of Object.values(instance)) {
    if (Array.isArray(value)) Object.freeze(value);
  }
  return Object.freeze(instance);
}
