import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildScoringOpenApiDocument } from './scoring-openapi.js';

type Doc = {
  paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
};

describe('scoring OpenAPI document', () => {
  it('describes the score read API with the score event contract', () => {
    const doc = buildScoringOpenApiDocument('test') as Doc;
    expect(Object.keys(doc.paths['/v1/scores/{applicationId}']!.get!.responses)).toEqual([
      '200',
      '400',
      '404',
    ]);
    expect(doc.components.schemas['ScoreComputedV1']?.required).toEqual(
      expect.arrayContaining([
        'applicationId',
        'probabilityOfDefault',
        'decision',
        'reasonCodes',
        'modelVersion',
      ]),
    );
    expect(doc.components.schemas['ScoreComputedV1']?.properties?.['reasonCodes']).toMatchObject({
      items: { $ref: '#/components/schemas/ReasonCodeV1' },
    });
  });

  it('matches the committed docs/scoring.openapi.yaml (run `npm run openapi` after changing the API)', () => {
    const path = fileURLToPath(new URL('../../../../docs/scoring.openapi.yaml', import.meta.url));
    const committed = parse(readFileSync(path, 'utf8')) as { info: { version: string } };
    expect(committed).toEqual(
      JSON.parse(JSON.stringify(buildScoringOpenApiDocument(committed.info.version))),
    );
  });
});
