import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  BUNDLE_SHA_FILE,
  loadModelBundle,
  sha256Hex,
  type LoadModelBundleOptions,
  type ModelBundle,
} from '@riskstream/scoring';
import type {
  ModelRegistryClient,
  ProductionModelRef,
  RegistryFile,
} from '@riskstream/model-registry-client';

/** The downloaded files are not the version the registry named: never served. */
export class BundleDownloadError extends Error {
  override readonly name = 'BundleDownloadError';
}

/** Same rule as bundle.sha256 paths: relative, '/' separated, no '', '.' or '..' segment (the files hit the disk). */
function isPlainRelativePath(path: string): boolean {
  if (path.length === 0 || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Checks a version's file list before anything is downloaded: safe, unique paths, and a bundle.sha256 whose sha256
 * is the digest the registry named as production (so every other file is then pinned by bundle.sha256 itself).
 */
export function verifyFileList(ref: ProductionModelRef, files: readonly RegistryFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    if (!isPlainRelativePath(file.path))
      throw new BundleDownloadError(
        `the registry lists ${JSON.stringify(file.path)}, not a plain relative path`,
      );
    if (seen.has(file.path)) throw new BundleDownloadError(`the registry lists ${file.path} twice`);
    seen.add(file.path);
  }
  const listing = files.find((f) => f.path === BUNDLE_SHA_FILE);
  if (!listing)
    throw new BundleDownloadError(`${ref.modelName} ${ref.modelVersion} has no ${BUNDLE_SHA_FILE}`);
  if (listing.sha256 !== ref.bundleSha256)
    throw new BundleDownloadError(
      `the registry lists ${BUNDLE_SHA_FILE} with sha256 ${listing.sha256}, but names ${ref.bundleSha256} as the digest of ${ref.modelName} ${ref.modelVersion}`,
    );
}

/** Checks one downloaded file against the list: the bytes hashed here are the bytes written to disk. */
export function verifyDownloadedFile(file: RegistryFile, bytes: Uint8Array): void {
  if (bytes.length !== file.sizeBytes)
    throw new BundleDownloadError(`${file.path}: ${bytes.length} bytes received, ${file.sizeBytes} expected`);
  const actual = sha256Hex(bytes);
  if (actual !== file.sha256)
    throw new BundleDownloadError(`${file.path}: sha256 ${actual} received, ${file.sha256} expected`);
}

/** The loaded bundle must be the version the registry named, byte for byte. */
export function verifyLoadedBundle(ref: ProductionModelRef, bundle: ModelBundle): void {
  if (
    bundle.modelName !== ref.modelName ||
    bundle.modelVersion !== ref.modelVersion ||
    bundle.digest !== ref.bundleSha256
  )
    throw new BundleDownloadError(
      `the registry names ${ref.modelName} ${ref.modelVersion} (${ref.bundleSha256}) but the bundle is ` +
        `${bundle.modelName} ${bundle.modelVersion} (${bundle.digest})`,
    );
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Brings a registered version onto this machine and loads it: downloads every file into the cache
 * (`<cacheDir>/<modelName>/<digest>`, written beside and renamed into place, so a crash never leaves half a bundle
 * there and instances sharing the folder never see each other's partial writes), checks each file's sha256, then
 * loadModelBundle verifies it again (integrity, feature spec, parity with its test vectors). A cached copy is reused
 * only if it loads as exactly that digest; otherwise it is downloaded again.
 */
export class RegistryBundleFetcher {
  constructor(
    private readonly client: ModelRegistryClient,
    private readonly cacheDir: string,
    private readonly loadOptions: LoadModelBundleOptions = {},
  ) {}

  async load(ref: ProductionModelRef): Promise<ModelBundle> {
    const dir = join(this.cacheDir, ref.modelName, ref.bundleSha256);
    if (await exists(dir)) {
      try {
        return await this.loadVerified(dir, ref);
      } catch {
        await rm(dir, { recursive: true, force: true });
      }
    }
    await this.download(ref, dir);
    return this.loadVerified(dir, ref);
  }

  /**
   * Removes cached bundles of a model except the given digests (and downloads in progress). Bundles are read into
   * memory when loaded, so this never affects a bundle in service.
   */
  async prune(modelName: string, keep: readonly string[]): Promise<void> {
    const dir = join(this.cacheDir, modelName);
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const entry of entries) {
      if (keep.includes(entry) || entry.includes('.partial-')) continue;
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }

  private async loadVerified(dir: string, ref: ProductionModelRef): Promise<ModelBundle> {
    const bundle = await loadModelBundle(dir, this.loadOptions);
    try {
      verifyLoadedBundle(ref, bundle);
    } catch (error) {
      await bundle.close();
      throw error;
    }
    return bundle;
  }

  private async download(ref: ProductionModelRef, dir: string): Promise<void> {
    const files = await this.client.files(ref);
    verifyFileList(ref, files);
    await mkdir(dirname(dir), { recursive: true });
    const partial = await mkdtemp(`${dir}.partial-`);
    try {
      for (const file of files) {
        const bytes = await this.client.download(ref, file.path);
        verifyDownloadedFile(file, bytes);
        const target = join(partial, ...file.path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, bytes);
      }
      try {
        await rename(partial, dir);
      } catch (error) {
        // Another instance sharing the cache put the same digest in place first: theirs is used (and verified).
        if (!(await exists(dir))) throw error;
      }
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }
}
