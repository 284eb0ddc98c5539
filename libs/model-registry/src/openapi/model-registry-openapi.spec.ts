import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildModelRegistryOpenApiDocument } from './model-registry-openapi.js';

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
};

describe('model registry OpenAPI document', () => {
  const doc = buildModelRegistryOpenApiDocument('test') as unknown as Doc;

  it('describes the stage change body from the validating class', () => {
    const body = doc.components.schemas['StageChangeRequest']!;
    expect(body.required).toEqual(expect.arrayContaining(['actor', 'reason']));
    expect(body.properties?.['actor']).toMatchObject({ type: 'string', maxLength: 128 });
  });

  it('describes the multipart registration with the optional declared fields', () => {
    const upload = doc.components.schemas['RegisterModelRequest']!;
    expect(upload.required).toEqual(['files']);
    expect(Object.keys(upload.properties ?? {})).toEqual(
      expect.arrayContaining([
        'files',
        'manifest',
        'modelName',
        'modelVersion',
        'bundleSha256',
        'registeredBy',
      ]),
    );
  });

  it('documents every route with its error statuses', () => {
    expect(Object.keys(doc.paths['/v1/models']!['post']!.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '409', '422']),
    );
    expect(doc.paths['/v1/models/{modelName}/production']!['get']!.responses).toHaveProperty('404');
    expect(doc.paths['/v1/models/{modelName}/rollback']!['post']!.responses).toHaveProperty('409');
  });

  it('matches the committed docs/model-registry.openapi.yaml (run `npm run openapi` after changing the API)', () => {
    const path = fileURLToPath(new URL('../../../../docs/model-registry.openapi.yaml', import.meta.url));
    const committed = parse(readFileSync(path, 'utf8')) as { info: { version: string } };
    expect(committed).toEqual(
      JSON.parse(JSON.stringify(buildModelRegistryOpenApiDocument(committed.info.version))),
    );
  });
});
