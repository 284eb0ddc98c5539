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

  it('matches the committed docs/openapi.yaml (run `npm run openapi` after changing the API)', () => {
    const path = fileURLToPath(new URL('../../../../docs/openapi.yaml', import.meta.url));
    const committed = parse(readFileSync(path, 'utf8')) as { info: { version: string } };
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(committed.info.version))));
  });
});
