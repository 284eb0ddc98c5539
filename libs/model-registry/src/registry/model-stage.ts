import type { ModelLifecycleAction, ModelStage } from '@riskstream/contracts';

/** One row of model_registry.model_stage_changes, as the rules need it. */
export interface StageChange {
  action: ModelLifecycleAction;
  fromVersion: string | null;
  toVersion: string;
}

export interface VersionStage {
  modelVersion: string;
  stage: ModelStage;
}

/** What a promotion or a rollback does: `to` becomes PRODUCTION, `from` (the production version before) ARCHIVED. */
export interface StagePlan {
  from: string | null;
  to: string;
}

export type PlanResult =
  | { ok: true; plan: StagePlan }
  | { ok: false; refusal: 'ALREADY_IN_PRODUCTION' | 'NOTHING_TO_ROLL_BACK'; message: string };

/**
 * Promotion: any registered version that is not already in production (NONE, STAGING, or ARCHIVED: an analyst may
 * deliberately bring back an older version) replaces the current production version, which is archived.
 */
export function planPromotion(target: VersionStage, production: VersionStage | null): PlanResult {
  if (target.stage === 'PRODUCTION')
    return {
      ok: false,
      refusal: 'ALREADY_IN_PRODUCTION',
      message: `version ${target.modelVersion} is already the production version`,
    };
  return { ok: true, plan: { from: production?.modelVersion ?? null, to: target.modelVersion } };
}

/**
 * The production versions of a model as a stack, oldest at the bottom, from its audit trail in order: a promotion
 * pushes, a rollback pops. Rolling back twice after promoting v1, v2, v3 therefore serves v2, then v1.
 */
export function productionHistory(changes: readonly StageChange[]): string[] {
  const stack: string[] = [];
  for (const change of changes) {
    if (change.action === 'PROMOTED') stack.push(change.toVersion);
    else if (change.action === 'ROLLED_BACK') {
      stack.pop();
      // A rollback always lands on the version below; anything else means the trail was not written by these
      // rules: restart the history from what the trail says is in production.
      if (stack[stack.length - 1] !== change.toVersion) stack.splice(0, stack.length, change.toVersion);
    }
  }
  return stack;
}

/** Rollback: the current production version is archived and the one that was in production before it returns. */
export function planRollback(changes: readonly StageChange[], production: string | null): PlanResult {
  if (production === null)
    return {
      ok: false,
      refusal: 'NOTHING_TO_ROLL_BACK',
      message: 'the model has no production version to roll back',
    };
  const history = productionHistory(changes);
  if (history[history.length - 1] !== production)
    return {
      ok: false,
      refusal: 'NOTHING_TO_ROLL_BACK',
      message: `the audit trail does not show how ${production} became the production version; promote the wanted version explicitly`,
    };
  const previous = history[history.length - 2];
  if (previous === undefined)
    return {
      ok: false,
      refusal: 'NOTHING_TO_ROLL_BACK',
      message: `${production} is the first production version: there is no earlier one to roll back to`,
    };
  return { ok: true, plan: { from: production, to: previous } };
}
