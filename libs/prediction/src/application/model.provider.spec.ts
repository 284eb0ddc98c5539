import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsRegistry, ReadinessRegistry } from '@riskstream/observability';
import type { ModelBundle } from '@riskstream/scoring';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DEFAULT_BUNDLE, deriveBundle } from '@riskstream/scoring/testing';
import { deadUrl, FakeRegistry } from '@riskstream/model-registry-client/testing';
import { ModelMetrics } from './model-metrics.js';
import { ModelProvider, type PredictionSettings } from './model.provider.js';

const MODEL = 'provider-pd';

/** A bundle that was closed refuses to score. */
async function isOpen(bundle: ModelBundle): Promise<boolean> {
  try {
    await bundle.scoreBatch(new Float32Array(bundle.numFeatures), 1);
    return true;
  } catch (error) {
    if (/is closed/.test((error as Error).message)) return false;
    throw error;
  }
}

describe('ModelProvider', () => {
  const registry = new FakeRegistry();
  const bundles: Record<string, { dir: string; digest: string }> = {};
  let url: string;
  let cacheDir: string;
  let providers: ModelProvider[] = [];
  let metrics: ModelMetrics;

  beforeAll(async () => {
    for (const version of ['default', 'v1', 'v2', 'v3']) {
      bundles[version] = await deriveBundle(MODEL, version);
      if (version !== 'default')
        await registry.add(MODEL, version, bundles[version]!.dir, bundles[version]!.digest);
    }
    url = await registry.start();
  });
  afterAll(() => registry.stop());

  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'riskstream-provider-test-'));
    registry.reset();
  });
  afterEach(async () => {
    for (const provider of providers) await provider.onApplicationShutdown();
    providers = [];
    await rm(cacheDir, { recursive: true, force: true });
  });

  function provider(
    overrides: Partial<PredictionSettings> = {},
    { bootTimeoutMs = 5_000, registryUrl = url, readiness = new ReadinessRegistry({}) } = {},
  ): ModelProvider {
    const settings: PredictionSettings = {
      bundleDir: bundles['default']!.dir,
      reasonCodes: 4,
      registry: { url: registryUrl, modelName: MODEL, cacheDir, bootTimeoutMs, pollIntervalMs: 60_000 },
      ...overrides,
    };
    metrics = new ModelMetrics(new MetricsRegistry(new Registry()));
    const p = new ModelProvider(settings, readiness, metrics, pino({ level: 'silent' }));
    providers.push(p);
    return p;
  }
  const served = (p: ModelProvider) => [p.current.modelName, p.current.modelVersion];
  const info = async () => (await metrics.info.get()).values.map((v) => v.labels);
  const count = async (metric: { get(): Promise<{ values: { value: number; labels: object }[] }> }) =>
    (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);

  describe('at boot', () => {
    it('serves MODEL_BUNDLE_DIR when no registry is configured', async () => {
      const p = provider({ bundleDir: DEFAULT_BUNDLE, registry: null });
      await p.onModuleInit();
      expect(served(p)).toEqual(['credit-risk-pd', '20261122T025004Z-6a16d432']);
      expect(registry.requests.length).toBe(0);
    });

    it('serves the default bundle when the registry has no production version', async () => {
      const p = provider();
      await p.onModuleInit();
      expect(served(p)).toEqual([MODEL, 'default']);
      expect(await info()).toEqual([
        {
          model_name: MODEL,
          model_version: 'default',
          bundle_sha256: bundles['default']!.digest,
          source: 'default-bundle',
        },
      ]);
    });

    it("serves the registry's production version, downloaded and verified", async () => {
      registry.promote(MODEL, 'v2');
      const p = provider();
      await p.onModuleInit();
      expect(served(p)).toEqual([MODEL, 'v2']);
      expect(p.current.digest).toBe(bundles['v2']!.digest);
      expect((await info())[0]).toMatchObject({ model_version: 'v2', source: 'registry' });
    });

    it('waits for an unreachable registry, then fails instead of serving the default bundle', async () => {
      const p = provider({}, { bootTimeoutMs: 600, registryUrl: await deadUrl() });
      const started = Date.now();
      await expect(p.onModuleInit()).rejects.toThrow(/unreachable for 600 ms.*refusing to score/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
      expect(() => p.current).toThrow(/not loaded/);
    });

    it('keeps retrying while the registry answers 503 (it may be starting)', async () => {
      registry.failWith = 503;
      registry.promote(MODEL, 'v1');
      setTimeout(() => (registry.failWith = undefined), 700).unref();
      const p = provider({}, { bootTimeoutMs: 10_000 });
      await p.onModuleInit();
      expect(served(p)).toEqual([MODEL, 'v1']);
    });

    it('fails at once when something else answers at MODEL_REGISTRY_URL', async () => {
      registry.failWith = 404; // a 404 without the registry's NO_PRODUCTION_VERSION code
      const p = provider({}, { bootTimeoutMs: 10_000 });
      const started = Date.now();
      await expect(p.onModuleInit()).rejects.toThrow(/is MODEL_REGISTRY_URL the model registry/);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('fails when the production version does not verify', async () => {
      registry.promote(MODEL, 'v1');
      registry.tampered.set(`${MODEL}/v1/model.onnx`, Buffer.from('not a model'));
      await expect(provider().onModuleInit()).rejects.toThrow(/cannot be served, refusing to start/);
    });

    it('fails when the default bundle is another model than MODEL_NAME', async () => {
      await expect(provider({ bundleDir: DEFAULT_BUNDLE }).onModuleInit()).rejects.toThrow(
        /is model credit-risk-pd, but MODEL_NAME is provider-pd/,
      );
    });
  });

  describe('while running', () => {
    it('switches to a promoted version and closes the replaced bundle', async () => {
      const p = provider();
      await p.onModuleInit();
      const before = p.current;
      registry.promote(MODEL, 'v1');
      await p.sync('test');
      expect(served(p)).toEqual([MODEL, 'v1']);
      expect(await isOpen(before)).toBe(false);
      expect(await count(metrics.changes)).toBe(1);
      expect(await info()).toEqual([expect.objectContaining({ model_version: 'v1', source: 'registry' })]);
    });

    it('does nothing when the production version is already served', async () => {
      registry.promote(MODEL, 'v1');
      const p = provider();
      await p.onModuleInit();
      const before = p.current;
      await p.sync('test');
      expect(p.current).toBe(before);
      expect(await count(metrics.changes)).toBe(0);
    });

    it('scores a running micro-batch entirely with the bundle it started with', async () => {
      registry.promote(MODEL, 'v1');
      const p = provider();
      await p.onModuleInit();
      const v1 = p.current;
      let release!: () => void;
      const batch = p.withModel(async () => {
        const first = p.current;
        await new Promise<void>((resolve) => (release = resolve));
        // A promotion happened meanwhile: same bundle, still open.
        return { first, second: p.current, open: await isOpen(p.current) };
      });
      registry.promote(MODEL, 'v2');
      await p.sync('test');
      expect(served(p)).toEqual([MODEL, 'v2']);
      expect(await isOpen(v1)).toBe(true);
      release();
      const seen = await batch;
      expect(seen.first).toBe(v1);
      expect(seen.second).toBe(v1);
      expect(seen.open).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(await isOpen(v1)).toBe(false);
      expect(p.current.modelVersion).toBe('v2');
    });

    it('never serves a bundle that fails verification: keeps the current one, counts it, stays ready', async () => {
      registry.promote(MODEL, 'v1');
      const readiness = new ReadinessRegistry({});
      const p = provider({}, { readiness });
      await p.onModuleInit();
      registry.tampered.set(`${MODEL}/v3/manifest.json`, Buffer.from('{}'));
      registry.promote(MODEL, 'v3');
      await p.sync('test');
      expect(served(p)).toEqual([MODEL, 'v1']);
      expect((await metrics.rejected.get()).values).toEqual([
        expect.objectContaining({ labels: { reason: 'DOWNLOAD_VERIFICATION' }, value: 1 }),
      ]);
      expect((await metrics.inSync.get()).values[0]!.value).toBe(0);
      await expect(Promise.all(readiness.list().map((c) => c.check()))).resolves.toBeDefined();
      // Fixed in the registry: the next sync serves it.
      registry.tampered.clear();
      await p.sync('test');
      expect(served(p)).toEqual([MODEL, 'v3']);
      expect((await metrics.inSync.get()).values[0]!.value).toBe(1);
    });

    it('keeps the current bundle when the registry cannot be reached, and counts it', async () => {
      registry.promote(MODEL, 'v1');
      const p = provider();
      await p.onModuleInit();
      registry.failWith = 503;
      registry.promote(MODEL, 'v2');
      await p.sync('test');
      expect(served(p)).toEqual([MODEL, 'v1']);
      expect((await metrics.syncFailures.get()).values).toEqual([
        expect.objectContaining({ labels: { reason: 'unreachable' }, value: 1 }),
      ]);
    });

    it('coalesces a burst of triggers into at most one more round', async () => {
      registry.promote(MODEL, 'v1');
      const p = provider();
      await p.onModuleInit();
      registry.requests.length = 0;
      await Promise.all([p.sync('a'), p.sync('b'), p.sync('c'), p.sync('d')]);
      expect(registry.requests.filter((r) => r.endsWith('/production'))).toHaveLength(2);
    });
  });
});
