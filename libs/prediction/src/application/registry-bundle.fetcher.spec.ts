import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '@riskstream/scoring';
import { deriveBundle } from '@riskstream/scoring/testing';
import { FakeRegistry } from '@riskstream/model-registry-client/testing';
import {
  ModelRegistryClient,
  type ProductionModelRef,
  type RegistryFile,
} from '@riskstream/model-registry-client';
import {
  BundleDownloadError,
  RegistryBundleFetcher,
  verifyDownloadedFile,
  verifyFileList,
  verifyLoadedBundle,
} from './registry-bundle.fetcher.js';

const DIGEST = 'd'.repeat(64);
const ref: ProductionModelRef = { modelName: 'm', modelVersion: 'v1', bundleSha256: DIGEST };
const file = (path: string, sha256 = 'a'.repeat(64), sizeBytes = 1): RegistryFile => ({
  path,
  sha256,
  sizeBytes,
});

describe('download verification', () => {
  it('accepts a list whose bundle.sha256 hashes to the production digest', () => {
    expect(() =>
      verifyFileList(ref, [file('bundle.sha256', DIGEST), file('model.onnx'), file('a/b.png')]),
    ).not.toThrow();
  });

  it.each([
    ['no bundle.sha256', [file('model.onnx')]],
    ['a bundle.sha256 of another digest', [file('bundle.sha256', 'e'.repeat(64))]],
    ['a path escaping the cache folder', [file('bundle.sha256', DIGEST), file('../../etc/cron.d/x')]],
    ['an absolute path', [file('bundle.sha256', DIGEST), file('/etc/passwd')]],
    ['a path twice', [file('bundle.sha256', DIGEST), file('m.onnx'), file('m.onnx')]],
  ])('refuses a list with %s', (_label, files) => {
    expect(() => verifyFileList(ref, files)).toThrow(BundleDownloadError);
  });

  it('checks size and sha256 of every downloaded file', () => {
    const bytes = Buffer.from('model bytes');
    expect(() => verifyDownloadedFile(file('m', sha256Hex(bytes), bytes.length), bytes)).not.toThrow();
    expect(() => verifyDownloadedFile(file('m', sha256Hex(bytes), bytes.length + 1), bytes)).toThrow(
      /bytes received/,
    );
    expect(() => verifyDownloadedFile(file('m', 'a'.repeat(64), bytes.length), bytes)).toThrow(/sha256/);
  });

  it('requires the loaded bundle to be exactly the named version', () => {
    const bundle = { modelName: 'm', modelVersion: 'v1', digest: DIGEST } as Parameters<
      typeof verifyLoadedBundle
    >[1];
    expect(() => verifyLoadedBundle(ref, bundle)).not.toThrow();
    expect(() => verifyLoadedBundle({ ...ref, modelVersion: 'v2' }, bundle)).toThrow(BundleDownloadError);
    expect(() => verifyLoadedBundle({ ...ref, bundleSha256: 'e'.repeat(64) }, bundle)).toThrow(
      BundleDownloadError,
    );
  });
});

describe('RegistryBundleFetcher (fake registry over HTTP)', () => {
  const registry = new FakeRegistry();
  let client: ModelRegistryClient;
  let fetcher: RegistryBundleFetcher;
  let cache: string;
  let v1: ProductionModelRef;

  beforeAll(async () => {
    const bundle = await deriveBundle('fetch-pd', 'v1');
    await registry.add('fetch-pd', 'v1', bundle.dir, bundle.digest);
    v1 = { modelName: 'fetch-pd', modelVersion: 'v1', bundleSha256: bundle.digest };
    client = new ModelRegistryClient(await registry.start());
  });
  afterAll(() => registry.stop());
  beforeEach(async () => {
    cache = await mkdtemp(join(tmpdir(), 'riskstream-cache-test-'));
    fetcher = new RegistryBundleFetcher(client, cache);
    registry.tampered.clear();
    registry.requests.length = 0;
  });
  afterEach(() => rm(cache, { recursive: true, force: true }));

  it('downloads, writes <cache>/<model>/<digest> and loads the verified bundle', async () => {
    const bundle = await fetcher.load(v1);
    expect([bundle.modelName, bundle.modelVersion, bundle.digest]).toEqual([
      'fetch-pd',
      'v1',
      v1.bundleSha256,
    ]);
    await bundle.close();
    expect(await readdir(join(cache, 'fetch-pd'))).toEqual([v1.bundleSha256]);
  });

  it('reuses a cached copy without downloading again', async () => {
    await (await fetcher.load(v1)).close();
    registry.requests.length = 0;
    await (await fetcher.load(v1)).close();
    expect(registry.requests).toEqual([]);
  });

  it('downloads again when the cached copy was damaged', async () => {
    await (await fetcher.load(v1)).close();
    await writeFile(join(cache, 'fetch-pd', v1.bundleSha256, 'report.md'), 'tampered');
    const bundle = await fetcher.load(v1);
    expect(bundle.digest).toBe(v1.bundleSha256);
    await bundle.close();
    expect(registry.requests.some((r) => r.endsWith('/files/report.md'))).toBe(true);
  });

  it('prunes other cached digests of the model, keeping the ones asked for and downloads in progress', async () => {
    await (await fetcher.load(v1)).close();
    const modelDir = join(cache, 'fetch-pd');
    for (const name of ['old-digest', 'older-digest', `${v1.bundleSha256}.partial-x1`]) {
      await mkdir(join(modelDir, name));
    }
    await fetcher.prune('fetch-pd', [v1.bundleSha256, 'old-digest']);
    expect((await readdir(modelDir)).sort()).toEqual(
      [v1.bundleSha256, `${v1.bundleSha256}.partial-x1`, 'old-digest'].sort(),
    );
  });

  it('refuses bytes that differ from the list, and leaves nothing in the cache', async () => {
    registry.tampered.set('fetch-pd/v1/model.onnx', Buffer.from('not the model'));
    await expect(fetcher.load(v1)).rejects.toThrow(BundleDownloadError);
    expect(await readdir(join(cache, 'fetch-pd'))).toEqual([]);
  });

  it('lets the loader refuse files consistent with the list but not with bundle.sha256', async () => {
    // The registry altered a file and its listing together: only bundle.sha256 (pinned by the digest) catches it.
    const copy = await deriveBundle('fetch-pd', 'v1');
    await registry.add('fetch-pd', 'v1-altered', copy.dir, v1.bundleSha256);
    registry.replaceFile('fetch-pd', 'v1-altered', 'report.md', Buffer.from('altered report'));
    await expect(fetcher.load({ ...v1, modelVersion: 'v1-altered' })).rejects.toMatchObject({
      name: 'BundleRejectedError',
      code: 'INTEGRITY',
    });
  });
});
