import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deadUrl, FakeRegistry } from '@riskstream/model-registry-client/testing';
import type { Logger } from 'pino';
import { DataQualityReference } from './data-quality.reference.js';

const DEFAULT_BUNDLE = fileURLToPath(new URL('../../scoring/assets/default-bundle', import.meta.url));
const MODEL = 'credit-risk-pd';
const digest = (c: string) => c.repeat(64);

/** A copy of the default bundle whose manifest has another version and another age range. */
function bundleWithAgeRange(root: string, version: string, min: number, max: number): string {
  const dir = join(root, version);
  cpSync(DEFAULT_BUNDLE, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    modelVersion: string;
    referenceDistributions: { features: Record<string, { min: number; max: number }> };
  };
  manifest.modelVersion = version;
  manifest.referenceDistributions.features['age'] = {
    ...manifest.referenceDistributions.features['age']!,
    min,
    max,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger = { info: () => undefined, warn: (_o: unknown, msg: string) => warnings.push(msg), warnings };
  return logger as unknown as Logger & { warnings: string[] };
}

describe('DataQualityReference', () => {
  const registry = new FakeRegistry();
  let url: string;
  let root: string;
  const defaultVersion = (
    JSON.parse(readFileSync(join(DEFAULT_BUNDLE, 'manifest.json'), 'utf8')) as {
      modelVersion: string;
    }
  ).modelVersion;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dq-reference-'));
    await registry.add(MODEL, 'v-narrow', bundleWithAgeRange(root, 'v-narrow', 30, 40), digest('a'));
    await registry.add(MODEL, 'v-wide', bundleWithAgeRange(root, 'v-wide', 18, 99), digest('b'));
    url = await registry.start();
  });
  afterAll(async () => {
    await registry.stop();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => registry.reset());

  const reference = (registryUrl: string | null, logger = recordingLogger()) =>
    new DataQualityReference(
      {
        bundleDir: DEFAULT_BUNDLE,
        registry: registryUrl ? { url: registryUrl, modelName: MODEL, pollIntervalMs: 60_000 } : null,
        serviceName: 'ingestion',
      },
      logger,
    );
  const ageFlags = (r: DataQualityReference, age: number) =>
    r.current.flags({ age }).map((f) => `${f.issue}:${f.reference}`);

  it('uses the default bundle without a registry', async () => {
    const r = reference(null);
    await r.onModuleInit();
    expect(r.source).toBe('default-bundle');
    expect(r.current.modelVersion).toBe(defaultVersion);
    expect(ageFlags(r, 25)).toEqual([]);
  });

  it("follows the registry's production version through promotions and a rollback to none", async () => {
    registry.promote(MODEL, 'v-narrow');
    const r = reference(url);
    await r.onModuleInit();
    expect(r.source).toBe('registry');
    expect(r.current.modelVersion).toBe('v-narrow');
    expect(ageFlags(r, 25)).toEqual(['BELOW_REFERENCE_RANGE:30']);

    registry.promote(MODEL, 'v-wide');
    await r.refresh();
    expect(r.current.modelVersion).toBe('v-wide');
    expect(ageFlags(r, 25)).toEqual([]);
    expect(ageFlags(r, 120)).toEqual(['ABOVE_REFERENCE_RANGE:99']);

    registry.reset(); // no production version any more
    await r.refresh();
    expect(r.source).toBe('default-bundle');
    expect(r.current.modelVersion).toBe(defaultVersion);
  });

  it('downloads a production manifest once, not on every refresh', async () => {
    registry.promote(MODEL, 'v-narrow');
    const r = reference(url);
    await r.onModuleInit();
    const downloads = () => registry.requests.filter((u) => u.endsWith('/files/manifest.json')).length;
    const before = downloads();
    await r.refresh();
    await r.refresh();
    expect(downloads()).toBe(before);
  });

  it('keeps the reference in use when the registry is unreachable or serves a manifest that fails its sha256', async () => {
    const logger = recordingLogger();
    const down = reference(await deadUrl(), logger);
    await down.onModuleInit(); // boot goes on: the flags are advisory
    expect(down.source).toBe('default-bundle');
    expect(logger.warnings.join('\n')).toMatch(/could not follow the registry/);

    registry.promote(MODEL, 'v-narrow');
    const r = reference(url, logger);
    await r.onModuleInit();
    expect(r.current.modelVersion).toBe('v-narrow');
    registry.promote(MODEL, 'v-wide');
    registry.tampered.set(`${MODEL}/v-wide/manifest.json`, Buffer.from('{"modelVersion":"v-wide"}'));
    await r.refresh();
    expect(r.current.modelVersion).toBe('v-narrow');
    expect(logger.warnings.length).toBe(2);
  });
});
