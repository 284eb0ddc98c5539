import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, ReadinessRegistry } from '@riskstream/observability';
import { loadModelBundle, type ModelBundle } from '@riskstream/scoring';
import type { Logger } from 'pino';

export const PREDICTION_SETTINGS = 'riskstream:prediction:PREDICTION_SETTINGS';

export interface PredictionSettings {
  /** The production bundle folder (the default bundle shipped in the repo unless configured). */
  bundleDir: string;
  /** Reason codes per prediction. */
  reasonCodes: number;
}

/**
 * Holds the production model. The bundle is verified when loaded (integrity, feature spec, and every test
 * vector reproduced by ONNX and TreeSHAP), so a scorer never serves a model that disagrees with training.
 */
@Injectable()
export class ModelProvider implements OnModuleInit, OnApplicationShutdown {
  private bundle: ModelBundle | undefined;

  constructor(
    @Inject(PREDICTION_SETTINGS) private readonly settings: PredictionSettings,
    private readonly readiness: ReadinessRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.bundle = await loadModelBundle(this.settings.bundleDir);
    this.logger.info(
      {
        modelName: this.bundle.modelName,
        modelVersion: this.bundle.modelVersion,
        digest: this.bundle.digest,
      },
      'model bundle loaded and verified',
    );
    this.readiness.register('model', async () => {
      if (!this.bundle) throw new Error('no model loaded');
    });
  }

  get current(): ModelBundle {
    if (!this.bundle) throw new Error('model bundle not loaded yet');
    return this.bundle;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bundle?.close();
  }
}
