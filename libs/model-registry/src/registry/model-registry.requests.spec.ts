import { validateEvent } from '@riskstream/contracts';
import { PromoteModelRequest, RegisterModelFields, RollbackModelRequest } from './model-registry.requests.js';

// Exactly what the service's StrictValidationPipe does with a body.
const check = <T extends object>(type: new () => T, body: unknown) =>
  validateEvent(type, body, { forbidUnknown: true });
const rules = (result: ReturnType<typeof check>) =>
  result.ok ? [] : result.violations.map((v) => `${v.field}:${v.rule}`);

describe('stage change requests', () => {
  it.each([PromoteModelRequest, RollbackModelRequest])('%o accepts an actor and a reason', (type) => {
    expect(check(type, { actor: 'jdoe', reason: 'CHG-1: Q3 retrain' }).ok).toBe(true);
  });

  it('requires both, refuses blank ones and unknown fields', () => {
    expect(rules(check(PromoteModelRequest, {}))).toEqual(
      expect.arrayContaining(['actor:schema.isString', 'reason:schema.isString']),
    );
    expect(rules(check(PromoteModelRequest, { actor: '   ', reason: '\t' }))).toEqual([
      'actor:schema.matches',
      'reason:schema.matches',
    ]);
    expect(rules(check(RollbackModelRequest, { actor: 'a', reason: 'b', version: 'v1' }))).toEqual([
      'version:schema.unknown_property',
    ]);
  });

  it('bounds the lengths (the actor travels on the lifecycle event, max 128)', () => {
    expect(rules(check(PromoteModelRequest, { actor: 'a'.repeat(129), reason: 'r' }))).toEqual([
      'actor:schema.isLength',
    ]);
    expect(rules(check(PromoteModelRequest, { actor: 'a', reason: 'r'.repeat(2001) }))).toEqual([
      'reason:schema.isLength',
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(rules(check(PromoteModelRequest, ['actor']))).toEqual(['$:payload.not_object']);
  });
});

describe('registration fields', () => {
  it('are all optional', () => {
    expect(check(RegisterModelFields, {}).ok).toBe(true);
  });

  it('accept what tools/training sends and check their shape', () => {
    const sent = { modelName: 'credit-risk-pd', modelVersion: 'v1', bundleSha256: 'a'.repeat(64) };
    expect(check(RegisterModelFields, sent).ok).toBe(true);
    expect(rules(check(RegisterModelFields, { ...sent, bundleSha256: 'A'.repeat(64) }))).toEqual([
      'bundleSha256:schema.matches',
    ]);
    expect(rules(check(RegisterModelFields, { ...sent, stage: 'PRODUCTION' }))).toEqual([
      'stage:schema.unknown_property',
    ]);
  });

  it('take multer text fields (an object without prototype)', () => {
    const body = Object.assign(Object.create(null) as object, { registeredBy: 'jdoe' });
    expect(check(RegisterModelFields, body).ok).toBe(true);
  });
});
