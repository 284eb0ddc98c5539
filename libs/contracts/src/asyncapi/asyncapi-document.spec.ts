import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ALL_TOPICS } from '../topics/topic-registry.js';
import { buildAsyncApiDocument } from './asyncapi-document.js';

type Doc = {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string } }>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

describe('AsyncAPI document', () => {
  const doc = buildAsyncApiDocument('test') as unknown as Doc;

  it('is AsyncAPI 3 with one channel per registered topic', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(ALL_TOPICS.map((t) => t.name).sort());
  });

  it('names a producing and a consuming operation for every topic', () => {
    const channelOf = (address: string) =>
      Object.entries(doc.channels).find(([, c]) => c.address === address)![0];
    for (const topic of ALL_TOPICS) {
      const ref = `#/channels/${channelOf(topic.name)}`;
      const actions = Object.values(doc.operations)
        .filter((o) => o.channel.$ref === ref)
        .map((o) => o.action)
        .sort();
      expect({ topic: topic.name, actions }).toEqual({ topic: topic.name, actions: ['receive', 'send'] });
    }
  });

  it('resolves nested payload schemas (applicant, loan)', () => {
    const app = doc.components.schemas['LoanApplicationSubmittedV1'];
    expect(app?.properties?.['applicant']).toMatchObject({ $ref: '#/components/schemas/ApplicantV1' });
    expect(doc.components.schemas['ApplicantV1']?.required).toContain('age');
  });

  it('matches the committed docs/asyncapi.yaml (run `npm run asyncapi` after changing a contract)', () => {
    const path = fileURLToPath(new URL('../../../../docs/asyncapi.yaml', import.meta.url));
    const committed = parse(readFileSync(path, 'utf8')) as Doc & { info: { version: string } };
    const current = buildAsyncApiDocument(committed.info.version);
    expect(committed).toEqual(JSON.parse(JSON.stringify(current)));
  });
});
