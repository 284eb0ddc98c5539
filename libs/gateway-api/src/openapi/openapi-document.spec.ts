import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildOpenApiDocument } from './openapi-document.js';

describe('gateway OpenAPI document', () => {
  it('describes the body with nested schemas and optional id and time', () => {
    const doc = buildOpenApiDocument('test') as {
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
    };
    const body = doc.components.schemas['SubmitApplicationRequest']!;
    expect(body.required).toEqual(expect.arrayContaining(['customerId', 'applicant', 'loan']));
    expect(body.required).not.toContain('applicationId');
    expect(doc.components.schemas['ApplicantV1']?.required).toContain('age');
  });

  it('describes the score query with the score event contract and every outcome', () => {
    const doc = buildOpenApiDocument('test') as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    const responses = doc.paths['/v1/applications/{applicationId}/score']!.get!.responses;
    expect(Object.keys(responses)).toEqual(['200', '400', '404', '502', '503']);
    expect(responses['200']!.content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/ScoreComputedV1' } },
    });
    expect(doc.components.schemas['ScoreComputedV1']?.required).toEqual(
      expect.arrayContaining(['probabilityOfDefault', 'riskBand', 'decision', 'reasonCodes']),
    );
    expect(doc.components.schemas['ReasonCodeV1']?.required).toEqual(['feature', 'contribution', 'value']);
  });

  it('matches the committed docs/openapi.yaml (run `npm run openapi` after changing the API)', () => {
    const path = fileURLToPath(new URL('../../../../docs/openapi.yaml', import.meta.url));
    const committed = parse(readFileSync(path, 'utf8')) as { info: { version: string } };
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(committed.info.version))));
  });
});
