import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModelRegistryClient, RegistryProtocolError } from '@riskstream/model-registry-client';
import { LOGGER } from '@riskstream/observability';
import type { Logger } from 'pino';
import { DataQualityProfile } from './data-quality.profile.js';
import { DATA_QUALITY_SETTINGS, type DataQualitySettings } from './data-quality.settings.js';

/** Where the reference in use came from. */
export type DataQualityReferenceSource = 'registry' | 'default-bundle';

/**
 * The reference distributions the data-quality checks use: those of the model in production, so that "far outside
 * what the model was trained on" follows promotions and rollbacks. With a model registry configured, its
 * production version's manifest (checked against the sha256 the registry lists for it) is fetched at boot and again
 * on every refresh() (DataQualityReferenceWatcher calls it on lifecycle events and a safety poll); the default
 * bundle's is used when the registry has no production version or none is configured.
 *
 * Data-quality flags are advisory (an application is never rejected for one), so an unreachable or misbehaving
 * registry does not stop intake, unlike scoring: the reference in use is kept (the default bundle's at boot), the
 * failure is logged, and the next refresh tries again.
 */
@Injectable()
export class DataQualityReference implements OnModuleInit {
  private profile: DataQualityProfile;
  private origin: DataQualityReferenceSource = 'default-bundle';
  private digest: string | undefined;
  private readonly fallback: DataQualityProfile;
  private readonly client: ModelRegistryClient | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    @Inject(DATA_QUALITY_SETTINGS) private readonly settings: DataQualitySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.fallback = DataQualityProfile.fromBundle(settings.bundleDir);
    this.profile = this.fallback;
    if (settings.registry) this.client = new ModelRegistryClient(settings.registry.url);
  }

  /** The profile to check a batch with (read once per batch). */
  get current(): DataQualityProfile {
    return this.profile;
  }

  get source(): DataQualityReferenceSource {
    return this.origin;
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    // (A production version followed at boot has been logged by refresh().)
    if (this.origin === 'default-bundle')
      this.logger.info(
        {
          modelVersion: this.profile.modelVersion,
          features: this.profile.featureCount,
          registry: this.client?.url ?? null,
        },
        'data-quality reference: the default bundle',
      );
  }

  /** Follows the registry's production version now. Never throws; concurrent calls share one run. */
  refresh(): Promise<void> {
    if (!this.client) return Promise.resolve();
    this.refreshing ??= this.follow().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async follow(): Promise<void> {
    const client = this.client!;
    const modelName = this.settings.registry!.modelName;
    try {
      const ref = await client.production(modelName);
      if (!ref) {
        if (this.origin !== 'default-bundle')
          this.logger.info(
            { modelName, modelVersion: this.fallback.modelVersion },
            'data-quality reference: no production version in the registry, using the default bundle',
          );
        this.use(this.fallback, 'default-bundle', undefined);
        return;
      }
      if (this.origin === 'registry' && this.digest === ref.bundleSha256) return;
      const listed = (await client.files(ref)).find((f) => f.path === 'manifest.json');
      if (!listed)
        throw new RegistryProtocolError(`${ref.modelName} ${ref.modelVersion} lists no manifest.json`);
      const bytes = await client.download(ref, 'manifest.json');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== listed.sha256)
        throw new RegistryProtocolError(
          `manifest.json of ${ref.modelName} ${ref.modelVersion} has sha256 ${sha256}, the registry lists ${listed.sha256}`,
        );
      const manifest = JSON.parse(bytes.toString('utf8')) as ConstructorParameters<
        typeof DataQualityProfile
      >[0];
      if (manifest.modelVersion !== ref.modelVersion)
        throw new RegistryProtocolError(
          `manifest.json of ${ref.modelName} ${ref.modelVersion} names version ${String(manifest.modelVersion)}`,
        );
      const profile = new DataQualityProfile(manifest);
      this.use(profile, 'registry', ref.bundleSha256);
      this.logger.info(
        { modelName, modelVersion: ref.modelVersion, features: profile.featureCount },
        'data-quality reference: following the production model',
      );
    } catch (error) {
      this.logger.warn(
        { err: error, modelName, modelVersion: this.profile.modelVersion, source: this.origin },
        'data-quality reference: could not follow the registry, keeping the reference in use',
      );
    }
  }

  private use(
    profile: DataQualityProfile,
    origin: DataQualityReferenceSource,
    digest: string | undefined,
  ): void {
    this.profile = profile;
    this.origin = origin;
    this.digest = digest;
  }
}
