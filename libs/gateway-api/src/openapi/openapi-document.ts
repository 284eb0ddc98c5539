import { createRequire } from 'node:module';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import '../applications/submit-application.request.js';

type JsonObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

// Nested @Type() classes are only followed with class-transformer's metadata storage (CommonJS build only).
const require = createRequire(import.meta.url);
const { defaultMetadataStorage } = require('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: NonNullable<
    Parameters<typeof validationMetadatasToSchemas>[0]
  >['classTransformerMetadataStorage'];
};

const problem = (description: string): JsonObject => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/** The gateway's OpenAPI 3.1 document, built from the same class-validator classes that validate requests. */
export function buildOpenApiDocument(version: string): JsonObject {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as unknown as Record<string, JsonObject>;
  const wanted = ['SubmitApplicationRequest', 'ApplicantV1', 'LoanRequestV1'];
  const schemas: JsonObject = Object.fromEntries(wanted.map((name) => [name, all[name]!]));
  // The REST body may omit the id and time: the gateway fills them in.
  const request = schemas['SubmitApplicationRequest'] as { required?: string[] };
  request.required = (request.required ?? []).filter((f) => f !== 'applicationId' && f !== 'submittedAt');
  schemas['SubmitApplicationResponse'] = {
    type: 'object',
    required: ['applicationId', 'eventId', 'status', 'acceptedAt'],
    properties: {
      applicationId: { type: 'string', format: 'uuid' },
      eventId: { type: 'string', format: 'uuid', description: 'Id of the event published to Kafka.' },
      status: { type: 'string', const: 'ACCEPTED' },
      acceptedAt: { type: 'string', format: 'date-time' },
    },
  };
  schemas['ProblemDetails'] = {
    type: 'object',
    description: 'RFC 9457 problem details.',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: { type: 'string', description: 'VALIDATION_FAILED, EVENT_BUS_UNAVAILABLE, …' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field', 'rule', 'message'],
          properties: {
            field: { type: 'string', example: 'applicant.age' },
            rule: { type: 'string', example: 'age.range' },
            message: { type: 'string' },
            value: { type: ['string', 'number', 'boolean', 'null'] },
          },
        },
      },
    },
  };
  const health = (what: string): JsonObject => ({
    get: {
      summary: what,
      responses: { '200': { description: 'up' }, '503': { description: 'down, with per-check detail' } },
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'riskstream gateway',
      version,
      description:
        'REST entry point for product teams. Requests are validated with the same contract classes and shared ' +
        'validation rules as the Kafka intake; errors are application/problem+json naming every invalid field.',
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'npm run up' }],
    paths: {
      '/v1/applications': {
        post: {
          summary: 'Submit a loan application for scoring',
          description:
            'Publishes the application to lending.loan-application.submitted.v1 once every in-sync replica has it. ' +
            'Send your own applicationId to retry safely: an identical re-submission is recorded once.',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/SubmitApplicationRequest' } },
            },
          },
          responses: {
            '202': {
              description: 'Accepted for scoring',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/SubmitApplicationResponse' } },
              },
            },
            '400': problem('Invalid body: every invalid field with its rule and value'),
            '503': problem('Kafka could not take the application; retry with the same applicationId'),
          },
        },
      },
      '/health/live': health('Liveness: the process and its event loop'),
      '/health/ready': health('Readiness: database and Kafka usable, not shutting down'),
      '/metrics': {
        get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text/plain' } } },
      },
    },
    components: { schemas },
  };
}
