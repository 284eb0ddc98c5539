import { planPromotion, planRollback, productionHistory, type StageChange } from './model-stage.js';

const promoted = (to: string, from: string | null = null): StageChange => ({
  action: 'PROMOTED',
  fromVersion: from,
  toVersion: to,
});
const rolledBack = (from: string, to: string): StageChange => ({
  action: 'ROLLED_BACK',
  fromVersion: from,
  toVersion: to,
});

describe('promotion', () => {
  it.each(['NONE', 'STAGING', 'ARCHIVED'] as const)(
    'promotes a %s version and archives production',
    (stage) => {
      expect(
        planPromotion({ modelVersion: 'v2', stage }, { modelVersion: 'v1', stage: 'PRODUCTION' }),
      ).toEqual({
        ok: true,
        plan: { from: 'v1', to: 'v2' },
      });
    },
  );

  it('promotes the first production version (nothing to archive)', () => {
    expect(planPromotion({ modelVersion: 'v1', stage: 'NONE' }, null)).toEqual({
      ok: true,
      plan: { from: null, to: 'v1' },
    });
  });

  it('refuses to promote the production version again', () => {
    const result = planPromotion(
      { modelVersion: 'v1', stage: 'PRODUCTION' },
      { modelVersion: 'v1', stage: 'PRODUCTION' },
    );
    expect(result).toMatchObject({ ok: false, refusal: 'ALREADY_IN_PRODUCTION' });
  });
});

describe('production history and rollback', () => {
  it('is a stack: promotions push, rollbacks pop', () => {
    const trail = [promoted('v1'), promoted('v2', 'v1'), promoted('v3', 'v2')];
    expect(productionHistory(trail)).toEqual(['v1', 'v2', 'v3']);
    expect(productionHistory([...trail, rolledBack('v3', 'v2')])).toEqual(['v1', 'v2']);
    expect(productionHistory([...trail, rolledBack('v3', 'v2'), rolledBack('v2', 'v1')])).toEqual(['v1']);
  });

  it('rolls back twice to v2 then v1, then refuses', () => {
    const trail = [promoted('v1'), promoted('v2', 'v1'), promoted('v3', 'v2')];
    expect(planRollback(trail, 'v3')).toEqual({ ok: true, plan: { from: 'v3', to: 'v2' } });
    const once = [...trail, rolledBack('v3', 'v2')];
    expect(planRollback(once, 'v2')).toEqual({ ok: true, plan: { from: 'v2', to: 'v1' } });
    const twice = [...once, rolledBack('v2', 'v1')];
    expect(planRollback(twice, 'v1')).toMatchObject({ ok: false, refusal: 'NOTHING_TO_ROLL_BACK' });
  });

  it('does not toggle: after a rollback, a new promotion rolls back to where the rollback landed', () => {
    const trail = [promoted('v1'), promoted('v2', 'v1'), rolledBack('v2', 'v1'), promoted('v3', 'v1')];
    expect(planRollback(trail, 'v3')).toEqual({ ok: true, plan: { from: 'v3', to: 'v1' } });
  });

  it('goes back to an explicitly re-promoted older version correctly', () => {
    const trail = [promoted('v1'), promoted('v2', 'v1'), promoted('v1', 'v2')];
    expect(planRollback(trail, 'v1')).toEqual({ ok: true, plan: { from: 'v1', to: 'v2' } });
  });

  it('refuses without a production version, or with a single one', () => {
    expect(planRollback([], null)).toMatchObject({ ok: false, refusal: 'NOTHING_TO_ROLL_BACK' });
    expect(planRollback([promoted('v1')], 'v1')).toMatchObject({
      ok: false,
      refusal: 'NOTHING_TO_ROLL_BACK',
    });
  });

  it('refuses when the trail does not explain the production version (changed outside the registry)', () => {
    const result = planRollback([promoted('v1'), promoted('v2', 'v1')], 'v9');
    expect(result).toMatchObject({ ok: false, refusal: 'NOTHING_TO_ROLL_BACK' });
  });

  it('ignores registrations in the trail', () => {
    const trail: StageChange[] = [
      { action: 'REGISTERED', fromVersion: null, toVersion: 'v1' },
      promoted('v1'),
      { action: 'REGISTERED', fromVersion: null, toVersion: 'v2' },
      promoted('v2', 'v1'),
    ];
    expect(planRollback(trail, 'v2')).toEqual({ ok: true, plan: { from: 'v2', to: 'v1' } });
  });
});
