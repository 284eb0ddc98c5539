import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ALL_TOPICS, TOPICS, topicByName } from './topic-registry.js';

describe('topic registry', () => {
  it('has unique, versioned topic names and unique event types', () => {
    const names = ALL_TOPICS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of ALL_TOPICS)
      expect(t.name).toMatch(/^[a-z]+\.[a-z-]+\.[a-z-]+\.v\d+$|^[a-z]+\.[a-z-]+\.v\d+$/);
    const types = ALL_TOPICS.map((t) => t.eventType);
    expect(new Set(types).size).toBe(types.length);
  });

  it('keys every topic by a field that exists on its event class', () => {
    const schemas = validationMetadatasToSchemas() as Record<
      string,
      { properties?: Record<string, unknown> }
    >;
    for (const t of ALL_TOPICS) {
      const props = schemas[t.schema.name]?.properties ?? {};
      expect(Object.keys(props), `${t.name} key ${t.keyField}`).toContain(t.keyField);
    }
  });

  it('looks topics up by name', () => {
    expect(topicByName('lending.loan-application.submitted.v1')).toBe(TOPICS.loanApplicationSubmitted);
    expect(topicByName('nope.v1')).toBeUndefined();
  });
});
