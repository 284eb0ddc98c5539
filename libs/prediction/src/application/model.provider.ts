import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, ReadinessRegistry } from '@riskstream/observability';
import { BundleRejectedError, loadModelBundle, type ModelBundle } from '@riskstream/scoring';
import type { Logger } from 'pino';
import { ModelMetrics, type ModelSource } from './model-metrics.js';
import {
  ModelRegistryClient,
  RegistryProtocolError,
  RegistryUnavailableError,
  type FollowedRegistry,
  type ProductionModelRef,
} from '@riskstream/model-registry-client';
import { BundleDownloadError, RegistryBundleFetcher } from './registry-bundle.fetcher.js';

export const PREDICTION_SETTINGS = 'riskstream:prediction:PREDICTION_SETTINGS';

/**
 * How scoring follows the model registry's production version: the registry every model-following service follows
 * (its URL, the model served, the safety poll in case a lifecycle event was missed), plus what serving needs.
 */
export interface ModelRegistrySettings extends FollowedRegistry {
  /** Where downloaded bundles are written (one folder per digest). */
  cacheDir: string;
  /** How long boot waits for an unreachable registry before failing. */
  bootTimeoutMs: number;
}

export interface PredictionSettings {
  /**
   * The default bundle: served when the registry has no production version of the model (or when no registry is
   * configured). The bundle shipped in the repo unless configured.
   */
  bundleDir: string;
  /** Reason codes per prediction. */
  reasonCodes: number;
  /** The model registry to follow; absent or null: serve bundleDir only. */
  registry?: ModelRegistrySettings | null;
}

/** A bundle in service, with the number of micro-batches currently scoring with it. */
interface ServedModel {
  bundle: ModelBundle;
  source: ModelSource;
  leases: number;
  retired: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why a production bundle was refused, for logs and the rejected-bundles metric. */
function rejectionReason(error: unknown): string {
  if (error instanceof BundleRejectedError) return error.code;
  if (error instanceof BundleDownloadError) return 'DOWNLOAD_VERIFICATION';
  return 'LOAD_FAILED';
}

/**
 * Holds the model bundle being served. Every bundle is verified when loaded (integrity, feature spec, and every test
 * vector reproduced by ONNX and TreeSHAP), so a scorer never serves a model that disagrees with training.
 *
 * With a model registry configured, the served bundle is the registry's production version of the model, or the
 * default bundle when the registry has none. A registry that cannot be reached at boot is waited for, then boot
 * fails: a bank must never score with a model it did not choose, so an unreachable registry is never taken to mean
 * "serve the default". While running, `sync()` (triggered by lifecycle events and a safety poll) switches to a new
 * production version atomically: each micro-batch runs under a lease on one bundle (`withModel`), a replaced bundle
 * is closed once its last lease ends, and a bundle that fails verification is never served.
 */
@Injectable()
export class ModelProvider implements OnModuleInit, OnApplicationShutdown {
  private served: ServedModel | undefined;
  private readonly retired = new Set<ServedModel>();
  private readonly scope = new AsyncLocalStorage<ModelBundle>();
  private readonly client: ModelRegistryClient | undefined;
  private readonly fetcher: RegistryBundleFetcher | undefined;
  private syncing: Promise<void> | undefined;
  private pendingTrigger: string | undefined;
  private stopped = false;

  constructor(
    @Inject(PREDICTION_SETTINGS) private readonly settings: PredictionSettings,
    private readonly readiness: ReadinessRegistry,
    private readonly metrics: ModelMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const registry = settings.registry;
    if (registry) {
      this.client = new ModelRegistryClient(registry.url);
      this.fetcher = new RegistryBundleFetcher(this.client, registry.cacheDir);
    }
  }

  get registrySettings(): ModelRegistrySettings | null {
    return this.settings.registry ?? null;
  }

  async onModuleInit(): Promise<void> {
    this.serve(...(await this.loadAtBoot()));
    this.readiness.register('model', async () => {
      if (!this.served) throw new Error('no model loaded');
    });
  }

  /**
   * The bundle of the running micro-batch (see withModel), else the one in service. Read it once per batch: the
   * bundle in service may change between two reads outside a lease.
   */
  get current(): ModelBundle {
    const leased = this.scope.getStore();
    if (leased) return leased;
    if (!this.served) throw new Error('model bundle not loaded yet');
    return this.served.bundle;
  }

  /**
   * Runs one micro-batch with the bundle in service: `current` returns that same bundle throughout, even if a
   * promotion switches the service to another one meanwhile, and the bundle stays open until the batch is done.
   */
  async withModel<T>(work: () => Promise<T>): Promise<T> {
    const served = this.served;
    if (!served) throw new Error('model bundle not loaded yet');
    served.leases++;
    try {
      return await this.scope.run(served.bundle, work);
    } finally {
      served.leases--;
      if (served.retired && served.leases === 0) void this.close(served);
    }
  }

  /**
   * Makes the served bundle the registry's production version. Calls while one runs are coalesced into one more
   * run afterwards, so a burst of events costs at most two round trips. Never throws: failures are logged and
   * counted, and the bundle in service stays.
   */
  sync(trigger: string): Promise<void> {
    if (!this.client || this.stopped) return Promise.resolve();
    this.pendingTrigger = trigger;
    this.syncing ??= this.runSyncs();
    return this.syncing;
  }

  private async runSyncs(): Promise<void> {
    try {
      // The loop always awaits before it can end (pendingTrigger is set and we are not stopped on entry), so
      // `syncing` is assigned before the finally clears it; a trigger arriving during a run is never lost.
      while (this.pendingTrigger !== undefined && !this.stopped) {
        const trigger = this.pendingTrigger;
        this.pendingTrigger = undefined;
        try {
          await this.syncOnce(trigger);
        } catch (error) {
          // syncOnce handles every expected failure; anything else must not take the service down either.
          this.logger.error(
            { err: error, trigger },
            'model sync failed unexpectedly; keeping the bundle in service',
          );
        }
      }
    } finally {
      this.syncing = undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Consumers have stopped by now (Nest closes them before this hook): no batch holds a lease any more.
    this.stopped = true;
    await this.syncing;
    for (const served of [...this.retired]) await this.close(served);
    if (this.served) await this.served.bundle.close();
  }

  // ---------------------------------------------------------------------------------------------------- boot

  private async loadAtBoot(): Promise<[ModelBundle, ModelSource]> {
    const registry = this.settings.registry;
    if (!registry) {
      const bundle = await loadModelBundle(this.settings.bundleDir);
      this.logger.info(
        { bundleDir: this.settings.bundleDir },
        'no model registry configured: serving MODEL_BUNDLE_DIR',
      );
      return [bundle, 'default-bundle'];
    }
    const ref = await this.productionAtBoot(registry);
    if (ref === null) {
      const bundle = await loadModelBundle(this.settings.bundleDir);
      if (bundle.modelName !== registry.modelName) {
        await bundle.close();
        throw new Error(
          `the default bundle ${this.settings.bundleDir} is model ${bundle.modelName}, but MODEL_NAME is ${registry.modelName}`,
        );
      }
      this.logger.info(
        { modelName: registry.modelName, registry: registry.url, bundleDir: this.settings.bundleDir },
        'the model registry has no production version of this model: serving the default bundle',
      );
      return [bundle, 'default-bundle'];
    }
    try {
      return [await this.fetcher!.load(ref), 'registry'];
    } catch (error) {
      throw new Error(
        `the production version ${ref.modelName} ${ref.modelVersion} (${ref.bundleSha256}) from the model registry ` +
          `cannot be served, refusing to start: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Asks for the production version, retrying an unreachable registry (it may be starting too) until the deadline. */
  private async productionAtBoot(registry: ModelRegistrySettings): Promise<ProductionModelRef | null> {
    const deadline = Date.now() + registry.bootTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client!.production(registry.modelName);
      } catch (error) {
        if (!(error instanceof RegistryUnavailableError))
          throw new Error(
            `asking the model registry for the production model failed: ${(error as Error).message}`,
            {
              cause: error,
            },
          );
        if (Date.now() >= deadline)
          // Deliberately no fallback to the default bundle: with a registry configured, only the registry decides
          // which model scores. Set MODEL_REGISTRY_URL=off to serve MODEL_BUNDLE_DIR without a registry.
          throw new Error(
            `the model registry at ${registry.url} was unreachable for ${registry.bootTimeoutMs} ms ` +
              `(${error.message}); refusing to score with a model it did not choose ` +
              `(MODEL_REGISTRY_URL=off serves MODEL_BUNDLE_DIR without a registry)`,
            { cause: error },
          );
        const delay = Math.min(250 * 2 ** (attempt - 1), 5_000, Math.max(deadline - Date.now(), 0));
        this.logger.warn(
          { err: error, attempt, retryInMs: delay },
          'model registry not reachable yet; retrying',
        );
        await sleep(delay);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------- running

  private async syncOnce(trigger: string): Promise<void> {
    const registry = this.settings.registry!;
    const served = this.served!;
    let ref: ProductionModelRef | null;
    try {
      ref = await this.client!.production(registry.modelName);
    } catch (error) {
      this.failedSync(error, trigger);
      return;
    }
    if (ref === null) {
      // Only reachable through a manual database change: the registry never withdraws production without a successor.
      if (served.source === 'registry')
        this.logger.warn(
          { modelName: registry.modelName, serving: served.bundle.modelVersion, trigger },
          'the model registry reports no production version any more; keeping the bundle in service',
        );
      this.metrics.inSync.set(served.source === 'default-bundle' ? 1 : 0);
      return;
    }
    if (ref.bundleSha256 === served.bundle.digest) {
      this.metrics.inSync.set(1);
      return;
    }
    let bundle: ModelBundle;
    try {
      bundle = await this.fetcher!.load(ref);
    } catch (error) {
      if (error instanceof RegistryUnavailableError || error instanceof RegistryProtocolError) {
        this.failedSync(error, trigger);
        return;
      }
      const reason = rejectionReason(error);
      this.metrics.rejected.inc({ reason });
      this.metrics.inSync.set(0);
      this.logger.error(
        {
          err: error,
          reason,
          trigger,
          rejected: { modelVersion: ref.modelVersion, bundleSha256: ref.bundleSha256 },
          serving: { modelVersion: served.bundle.modelVersion, bundleSha256: served.bundle.digest },
        },
        `production model ${ref.modelName} ${ref.modelVersion} failed verification: NOT serving it, ` +
          `${served.bundle.modelVersion} stays in service`,
      );
      return;
    }
    if (this.stopped) {
      await bundle.close();
      return;
    }
    this.logger.info(
      {
        modelName: bundle.modelName,
        from: served.bundle.modelVersion,
        to: bundle.modelVersion,
        digest: bundle.digest,
        trigger,
      },
      'switching to the production model',
    );
    this.metrics.changes.inc();
    this.serve(bundle, 'registry');
    // Keep the bundle in service and the one before it (the likely rollback target); drop older downloads.
    await this.fetcher!.prune(bundle.modelName, [bundle.digest, served.bundle.digest]).catch(
      (error: unknown) => this.logger.warn({ err: error }, 'pruning the model cache failed'),
    );
  }

  private failedSync(error: unknown, trigger: string): void {
    const reason = error instanceof RegistryProtocolError ? 'unexpected_answer' : 'unreachable';
    this.metrics.syncFailures.inc({ reason });
    this.logger.warn(
      { err: error, trigger, reason },
      'could not check the production model with the model registry; keeping the bundle in service',
    );
  }

  /** Puts a bundle in service (one assignment: each batch sees the old one or the new one, never a mix). */
  private serve(bundle: ModelBundle, source: ModelSource): void {
    const previous = this.served;
    this.served = { bundle, source, leases: 0, retired: false };
    this.metrics.info.reset();
    this.metrics.info.set(
      {
        model_name: bundle.modelName,
        model_version: bundle.modelVersion,
        bundle_sha256: bundle.digest,
        source,
      },
      1,
    );
    this.metrics.inSync.set(1);
    this.logger.info(
      { modelName: bundle.modelName, modelVersion: bundle.modelVersion, digest: bundle.digest, source },
      'model bundle loaded, verified and in service',
    );
    if (previous) {
      previous.retired = true;
      this.retired.add(previous);
      if (previous.leases === 0) void this.close(previous);
    }
  }

  /** Releases a replaced bundle's ONNX session once no batch uses it. */
  private async close(served: ServedModel): Promise<void> {
    if (!this.retired.delete(served)) return;
    try {
      await served.bundle.close();
    } catch (error) {
      this.logger.warn(
        { err: error, modelVersion: served.bundle.modelVersion },
        'closing a replaced bundle failed',
      );
    }
  }
}
