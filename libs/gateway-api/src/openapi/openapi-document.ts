import {
  classSchemas,
  operationalPaths,
  problemDetailsSchema,
  problemResponse as problem,
  type JsonObject,
} from '@riskstream/service-platform';
import '@riskstream/contracts';
import '../applications/submit-application.request.js';

/** The gateway's OpenAPI 3.1 document, built from the same class-validator classes that validate requests. */
export function buildOpenApiDocument(version: string): JsonObject {
  const all = classSchemas();
  const wanted = [
    'SubmitApplicationRequest',
    'ApplicantV1',
    'LoanRequestV1',
    'ScoreComputedV1',
    'ReasonCodeV1',
  ];
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
  schemas['ProblemDetails'] = problemDetailsSchema({
    code: {
      type: 'string',
      description:
        'VALIDATION_FAILED, EVENT_BUS_UNAVAILABLE, SCORE_NOT_FOUND, SCORING_UNAVAILABLE, SCORING_BAD_ANSWER',
    },
    example: { field: 'applicant.age', rule: 'age.range' },
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
      '/v1/applications/{applicationId}/score': {
        get: {
          summary: "An application's score",
          description:
            'The score stored by the scoring service: probability of default, risk band, decision, the top ' +
            'TreeSHAP reason codes and the model and feature-spec versions, exactly as published on ' +
            'risk.score.computed.v1. 404 until the application has been scored.',
          parameters: [
            {
              name: 'applicationId',
              in: 'path',
              required: true,
              schema: { type: 'string', format: 'uuid' },
            },
          ],
          responses: {
            '200': {
              description: 'The score',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ScoreComputedV1' } } },
            },
            '400': problem('applicationId is not a UUID'),
            '404': problem(
              'SCORE_NOT_FOUND: not scored (yet): still in the pipeline, rejected at validation, or never submitted',
            ),
            '502': problem(
              'SCORING_BAD_ANSWER: the scoring service answered with something that is not a score',
            ),
            '503': problem('SCORING_UNAVAILABLE: the scoring service cannot be reached; retry later'),
          },
        },
      },
      ...operationalPaths(),
    },
    components: { schemas },
  };
}
