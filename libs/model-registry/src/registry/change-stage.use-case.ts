import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { TOPICS } from '@riskstream/contracts';
import type { Outbox } from '@riskstream/messaging';
import { DomainException } from '@riskstream/service-platform';
import type { EntityManager } from 'typeorm';
import { ModelRegistryErrorCode } from './model-registry-error-code.js';
import { ModelRegistryMetrics } from './model-registry-metrics.js';
import type { StageChangeRequest } from './model-registry.requests.js';
import type { StageChangeView } from './model-registry.views.js';
import { planPromotion, planRollback, type PlanResult } from './model-stage.js';
import { ModelVersionsRepository, versionNotFound, type VersionRow } from './model-versions.repository.js';
import { RegistryTransactions } from './registry-transactions.js';

const REFUSALS = {
  ALREADY_IN_PRODUCTION: ModelRegistryErrorCode.AlreadyInProduction,
  NOTHING_TO_ROLL_BACK: ModelRegistryErrorCode.NothingToRollBack,
} as const;

/**
 * Promotions and rollbacks. Each runs in one transaction under a per-model lock: the stages move (the previous
 * production version is archived, the partial unique index guarantees one production version), an audit row is
 * appended and a models.lifecycle.changed.v1 event is written to the outbox, so the three never disagree.
 */
@Injectable()
export class ChangeStageUseCase {
  constructor(
    private readonly versions: ModelVersionsRepository,
    private readonly transactions: RegistryTransactions,
    private readonly metrics: ModelRegistryMetrics,
  ) {}

  promote(modelName: string, modelVersion: string, request: StageChangeRequest): Promise<StageChangeView> {
    return this.change(modelName, 'PROMOTED', request, async (manager) => {
      const target = await this.versions.findVersion(modelName, modelVersion, manager);
      if (!target) throw versionNotFound(modelName, modelVersion);
      const production = await this.versions.findProduction(modelName, manager);
      return {
        plan: planPromotion(
          { modelVersion: target.model_version, stage: target.stage },
          production ? { modelVersion: production.model_version, stage: production.stage } : null,
        ),
        target,
        production,
      };
    });
  }

  rollback(modelName: string, request: StageChangeRequest): Promise<StageChangeView> {
    return this.change(modelName, 'ROLLED_BACK', request, async (manager) => {
      const production = await this.versions.findProduction(modelName, manager);
      const plan = planRollback(
        await this.versions.productionChanges(manager, modelName),
        production?.model_version ?? null,
      );
      const target = plan.ok ? await this.versions.findVersion(modelName, plan.plan.to, manager) : undefined;
      if (plan.ok && !target) throw versionNotFound(modelName, plan.plan.to);
      return { plan, target, production };
    });
  }

  private async change(
    modelName: string,
    action: 'PROMOTED' | 'ROLLED_BACK',
    request: StageChangeRequest,
    decide: (manager: EntityManager) => Promise<{
      plan: PlanResult;
      target: VersionRow | undefined;
      production: VersionRow | undefined;
    }>,
  ): Promise<StageChangeView> {
    const actor = request.actor.trim();
    const reason = request.reason.trim();
    const view = await this.transactions.run(async (manager: EntityManager, outbox: Outbox) => {
      await this.versions.lockModel(manager, modelName);
      const { plan, target, production } = await decide(manager);
      if (!plan.ok)
        throw new DomainException(
          REFUSALS[plan.refusal],
          `${modelName}: ${plan.message}`,
          HttpStatus.CONFLICT,
        );
      // Archive first: the partial unique index allows one production version at any moment.
      if (production) await this.versions.setStage(manager, production.id, 'ARCHIVED');
      await this.versions.setStage(manager, target!.id, 'PRODUCTION');
      const eventId = randomUUID();
      const change = await this.versions.recordChange(manager, {
        modelName,
        action,
        fromVersion: plan.plan.from,
        toVersion: plan.plan.to,
        actor,
        reason,
        eventId,
      });
      await outbox.add(
        TOPICS.modelLifecycle,
        {
          modelName,
          modelVersion: plan.plan.to,
          action,
          stage: 'PRODUCTION',
          previousVersion: plan.plan.from,
          bundleSha256: target!.bundle_sha256,
          actor,
          reason,
          occurredAt: change.occurredAt,
        },
        { eventId, correlationId: modelName },
      );
      return change;
    });
    this.metrics.stageChanges.inc({ action });
    return view;
  }
}
