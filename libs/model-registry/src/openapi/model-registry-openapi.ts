import {
  operationalPaths,
  problemDetailsSchema,
  problemResponse as problem,
  type JsonObject,
} from '@riskstream/service-platform';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ModelRegistryErrorCode } from '../registry/model-registry-error-code.js';
import '../registry/model-registry.requests.js';

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: JsonObject): JsonObject => ({
  description,
  content: { 'application/json': { schema } },
});
const pathParam = (name: string, description: string): JsonObject => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const MODEL_NAME = pathParam('modelName', 'e.g. credit-risk-pd');
const MODEL_VERSION = pathParam('modelVersion', 'e.g. 20261122T025004Z-6a16d432');
const STRING = { type: 'string' };
const DATE_TIME = { type: 'string', format: 'date-time' };
const SHA256 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const STAGE = { type: 'string', enum: ['NONE', 'STAGING', 'PRODUCTION', 'ARCHIVED'] };

function schemas(): JsonObject {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
  }) as unknown as Record<string, JsonObject>;
  const fields = all['RegisterModelFields'] as { properties: JsonObject };
  const number = { type: 'number' };
  return {
    StageChangeRequest: all['StageChangeRequest']!,
    RegisterModelRequest: {
      type: 'object',
      description:
        'multipart/form-data: one `files` part per bundle file (filename = its path in the bundle folder, ' +
        'bundle.sha256 included), optionally the manifest again as `manifest`, and optional text fields that must ' +
        "equal the bundle's own values. The protocol of tools/training/riskstream_training/registry.py.",
      required: ['files'],
      properties: {
        files: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } },
        manifest: { type: 'string', contentMediaType: 'application/json' },
        ...fields.properties,
      },
    },
    ModelMetricsSummary: {
      type: 'object',
      description:
        'Held-out metrics from the manifest (metrics.holdout); those the bundle lacks are omitted.',
      properties: {
        rocAuc: number,
        prAuc: number,
        ks: number,
        gini: number,
        brier: number,
        ece: number,
        recallAtDecline: number,
        precisionAtDecline: number,
        declineThreshold: number,
        holdoutRows: number,
      },
    },
    ModelVersion: {
      type: 'object',
      required: [
        'modelName',
        'modelVersion',
        'bundleSha256',
        'stage',
        'modelFamily',
        'featureSpecVersion',
        'sizeBytes',
        'metrics',
        'registeredAt',
        'registeredBy',
        'stageChangedAt',
      ],
      properties: {
        modelName: STRING,
        modelVersion: STRING,
        bundleSha256: { ...SHA256, description: 'The bundle digest: sha256 of bundle.sha256.' },
        stage: STAGE,
        modelFamily: { type: 'string', example: 'lightgbm' },
        featureSpecVersion: STRING,
        sizeBytes: { type: 'integer' },
        metrics: ref('ModelMetricsSummary'),
        registeredAt: DATE_TIME,
        registeredBy: STRING,
        stageChangedAt: DATE_TIME,
      },
    },
    ModelVersionDetail: {
      allOf: [
        ref('ModelVersion'),
        {
          type: 'object',
          required: ['manifest', 'files'],
          properties: {
            manifest: {
              type: 'object',
              description: 'manifest.json without explainer, testVectors and referenceDistributions.',
            },
            files: { type: 'array', items: ref('ModelFile') },
          },
        },
      ],
    },
    ModelFile: {
      type: 'object',
      required: ['path', 'sha256', 'sizeBytes'],
      properties: { path: STRING, sha256: SHA256, sizeBytes: { type: 'integer' } },
    },
    ModelFiles: {
      type: 'object',
      required: ['modelName', 'modelVersion', 'bundleSha256', 'files'],
      properties: {
        modelName: STRING,
        modelVersion: STRING,
        bundleSha256: SHA256,
        files: { type: 'array', items: ref('ModelFile') },
      },
    },
    StageChange: {
      type: 'object',
      description: 'One row of the append-only audit trail (model_registry.model_stage_changes).',
      required: [
        'changeId',
        'modelName',
        'action',
        'fromVersion',
        'toVersion',
        'actor',
        'reason',
        'eventId',
        'occurredAt',
      ],
      properties: {
        changeId: STRING,
        modelName: STRING,
        action: { type: 'string', enum: ['REGISTERED', 'PROMOTED', 'ROLLED_BACK', 'ARCHIVED'] },
        fromVersion: { type: ['string', 'null'], description: 'The production version before the change.' },
        toVersion: STRING,
        actor: STRING,
        reason: { type: ['string', 'null'] },
        eventId: {
          type: 'string',
          format: 'uuid',
          description: 'Id of the models.lifecycle.changed.v1 event.',
        },
        occurredAt: DATE_TIME,
      },
    },
    ProblemDetails: problemDetailsSchema({
      code: { type: 'string', enum: ['VALIDATION_FAILED', ...Object.values(ModelRegistryErrorCode)] },
      example: { field: 'bundle', rule: 'bundle.PARITY_PROBABILITY' },
    }),
  };
}

/** The model registry's OpenAPI 3.1 document, built from the same class-validator classes that validate requests. */
export function buildModelRegistryOpenApiDocument(version: string): JsonObject {
  const stageChangeBody = (description: string): JsonObject => ({
    required: true,
    description,
    content: { 'application/json': { schema: ref('StageChangeRequest') } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'riskstream model registry',
      version,
      description:
        'Register, promote and roll back model bundles. Every bundle is verified exactly as scoring verifies it ' +
        '(integrity, feature spec, parity with its test vectors); every stage change is audited and published on ' +
        'models.lifecycle.changed.v1, which scoring follows. Errors are application/problem+json.',
    },
    servers: [{ url: 'http://127.0.0.1:3006', description: 'npm run up' }],
    paths: {
      '/v1/models': {
        post: {
          summary: 'Register a model bundle',
          requestBody: {
            required: true,
            content: { 'multipart/form-data': { schema: ref('RegisterModelRequest') } },
          },
          responses: {
            '201': json(
              'Registered (stage NONE); a REGISTERED lifecycle event is published',
              ref('ModelVersion'),
            ),
            '200': json('This exact bundle was already registered: nothing changed', ref('ModelVersion')),
            '400': problem('Not a bundle upload (INVALID_UPLOAD) or invalid text fields (VALIDATION_FAILED)'),
            '409': problem('The version is already registered with another bundle (MODEL_VERSION_CONFLICT)'),
            '413': problem('A file is larger than 64 MiB'),
            '422': problem(
              'The bundle fails verification (BUNDLE_REJECTED, the rule names the check) or differs ' +
                'from the declared fields (DECLARED_METADATA_MISMATCH)',
            ),
          },
        },
      },
      '/v1/models/{modelName}/versions': {
        get: {
          summary: 'List the versions of a model, newest first',
          parameters: [MODEL_NAME],
          responses: {
            '200': json('The versions', { type: 'array', items: ref('ModelVersion') }),
            '404': problem('No version of this model is registered (MODEL_NOT_FOUND)'),
          },
        },
      },
      '/v1/models/{modelName}/versions/{modelVersion}': {
        get: {
          summary: 'One version, with its manifest and files',
          parameters: [MODEL_NAME, MODEL_VERSION],
          responses: {
            '200': json('The version', ref('ModelVersionDetail')),
            '404': problem('Not registered (MODEL_VERSION_NOT_FOUND)'),
          },
        },
      },
      '/v1/models/{modelName}/production': {
        get: {
          summary: 'The production version of a model (what scoring serves)',
          parameters: [MODEL_NAME],
          responses: {
            '200': json('The production version', ref('ModelVersion')),
            '404': problem(
              'No production version (NO_PRODUCTION_VERSION): scoring serves its default bundle',
            ),
          },
        },
      },
      '/v1/models/{modelName}/history': {
        get: {
          summary: 'The audit trail of a model: registrations, promotions, rollbacks, oldest first',
          parameters: [MODEL_NAME],
          responses: { '200': json('The stage changes', { type: 'array', items: ref('StageChange') }) },
        },
      },
      '/v1/models/{modelName}/versions/{modelVersion}/files': {
        get: {
          summary: "A version's files with their sha256",
          parameters: [MODEL_NAME, MODEL_VERSION],
          responses: {
            '200': json('The files', ref('ModelFiles')),
            '404': problem('Not registered (MODEL_VERSION_NOT_FOUND)'),
          },
        },
      },
      '/v1/models/{modelName}/versions/{modelVersion}/files/{path}': {
        get: {
          summary: 'Download one file of a version (ETag = its sha256)',
          parameters: [
            MODEL_NAME,
            MODEL_VERSION,
            pathParam('path', "The file's path in the bundle; may contain '/'"),
          ],
          responses: {
            '200': {
              description: 'The bytes, checked against the sha256 recorded at registration',
              content: {
                'application/octet-stream': {
                  schema: { type: 'string', contentMediaType: 'application/octet-stream' },
                },
              },
            },
            '404': problem('No such version or file (MODEL_VERSION_NOT_FOUND, MODEL_FILE_NOT_FOUND)'),
            '500': problem(
              'The stored bytes no longer match their sha256 (ARTIFACT_CORRUPTED): never served',
            ),
          },
        },
      },
      '/v1/models/{modelName}/versions/{modelVersion}/promote': {
        post: {
          summary: 'Promote a version to production',
          description:
            'The current production version is archived. Audited, and published as a PROMOTED lifecycle event ' +
            'in the same transaction; scoring instances switch to the version without a restart.',
          parameters: [MODEL_NAME, MODEL_VERSION],
          requestBody: stageChangeBody('Who and why'),
          responses: {
            '200': json('The change', ref('StageChange')),
            '400': problem('Invalid body (VALIDATION_FAILED)'),
            '404': problem('Not registered (MODEL_VERSION_NOT_FOUND)'),
            '409': problem('Already the production version (ALREADY_IN_PRODUCTION)'),
          },
        },
      },
      '/v1/models/{modelName}/rollback': {
        post: {
          summary: 'Roll production back to the previous production version',
          description:
            'Production versions form a stack: promoting v1, v2, v3 then rolling back twice serves v2, then v1. ' +
            'Audited and published as a ROLLED_BACK lifecycle event.',
          parameters: [MODEL_NAME],
          requestBody: stageChangeBody('Who and why'),
          responses: {
            '200': json('The change', ref('StageChange')),
            '400': problem('Invalid body (VALIDATION_FAILED)'),
            '409': problem('No earlier production version (NOTHING_TO_ROLL_BACK)'),
          },
        },
      },
      ...operationalPaths(),
    },
    components: { schemas: schemas() },
  };
}
