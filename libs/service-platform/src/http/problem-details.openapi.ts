// OpenAPI pieces every service's REST description shares: the problem+json responses the ProblemDetailsFilter
// writes, the operational endpoints PlatformModule mounts (health, metrics), and the JSON schemas of the
// class-validator classes (contracts, requests) as they are validated.
import { createRequire } from 'node:module';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A response with an application/problem+json body (see problemDetailsSchema). */
export function problemResponse(description: string): JsonObject {
  return {
    description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
  };
}

/**
 * The `ProblemDetails` component: RFC 9457 plus the service's error `code` and, for invalid input, every
 * violation with its field, rule, message and value.
 */
export function problemDetailsSchema(options: {
  code: JsonObject;
  example: { field: string; rule: string };
}): JsonObject {
  return {
    type: 'object',
    description: 'RFC 9457 problem details.',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: options.code,
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field', 'rule', 'message'],
          properties: {
            field: { type: 'string', example: options.example.field },
            rule: { type: 'string', example: options.example.rule },
            message: { type: 'string' },
            value: { type: ['string', 'number', 'boolean', 'null'] },
          },
        },
      },
    },
  };
}

const health = (summary: string): JsonObject => ({
  get: {
    summary,
    responses: { '200': { description: 'up' }, '503': { description: 'down, with per-check detail' } },
  },
});

/** The paths PlatformModule gives every service: liveness, readiness and Prometheus metrics. */
export function operationalPaths(): JsonObject {
  return {
    '/health/live': health('Liveness: the process and its event loop'),
    '/health/ready': health('Readiness: database and Kafka usable, not shutting down'),
    '/metrics': {
      get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain' } } },
    },
  };
}

// Nested @Type() classes are only followed with class-transformer's metadata storage (CommonJS build only).
const require = createRequire(import.meta.url);
const { defaultMetadataStorage } = require('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: NonNullable<
    Parameters<typeof validationMetadatasToSchemas>[0]
  >['classTransformerMetadataStorage'];
};

/**
 * The JSON schema of every class-validator class loaded so far, by class name, with nested classes as
 * `#/components/schemas/…` references. Import the classes' modules first.
 */
export function classSchemas(): Record<string, JsonObject> {
  return validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as unknown as Record<string, JsonObject>;
}
