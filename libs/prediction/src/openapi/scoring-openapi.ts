import '@riskstream/contracts';
import {
  classSchemas,
  operationalPaths,
  problemDetailsSchema,
  problemResponse as problem,
  type JsonObject,
} from '@riskstream/service-platform';
import { ScoringErrorCode } from '../query/scoring-error-code.js';

/**
 * The scoring service's REST description: its read API (served to product teams through the gateway) and the
 * operational endpoints. Scores are written by the Kafka consumer only.
 */
export function buildScoringOpenApiDocument(version: string): JsonObject {
  const all = classSchemas();
  return {
    openapi: '3.1.0',
    info: {
      title: 'riskstream scoring',
      version,
      description:
        'Scores every features event with the production model and stores one prediction per application. ' +
        'This API reads the stored predictions; the REST gateway serves them as GET ' +
        '/v1/applications/{applicationId}/score.',
    },
    servers: [{ url: 'http://127.0.0.1:3003', description: 'npm run up' }],
    paths: {
      '/v1/scores/{applicationId}': {
        get: {
          summary: "An application's stored score",
          description:
            'The prediction row in the shape of its risk.score.computed.v1 event, field for field.',
          parameters: [
            { name: 'applicationId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': {
              description: 'The score',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ScoreComputedV1' } } },
            },
            '400': problem('applicationId is not a UUID'),
            '404': problem(`${ScoringErrorCode.ScoreNotFound}: no prediction is stored for this application`),
          },
        },
      },
      ...operationalPaths(),
    },
    components: {
      schemas: {
        ScoreComputedV1: all['ScoreComputedV1']!,
        ReasonCodeV1: all['ReasonCodeV1']!,
        ProblemDetails: problemDetailsSchema({
          code: { type: 'string', enum: ['VALIDATION_FAILED', ...Object.values(ScoringErrorCode)] },
          example: { field: 'applicationId', rule: 'schema.isUuid' },
        }),
      },
    },
  };
}
