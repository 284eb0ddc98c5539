// Test support: a distinct but valid bundle derived from the shipped default bundle, so tests can register and serve
// versions of a model of their own without touching the shipped bundle. (`@riskstream/scoring/testing`.)
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_SHA_FILE, formatShaListing, sha256Hex } from '../bundle/bundle-integrity.js';
import { DEFAULT_BUNDLE_DIR } from '../bundle/default-bundle.js';

export const DEFAULT_BUNDLE = DEFAULT_BUNDLE_DIR;

export interface DerivedBundle {
  dir: string;
  modelName: string;
  modelVersion: string;
  /** sha256 of bundle.sha256 (the bundle's digest). */
  digest: string;
}

/**
 * Copies a (flat) bundle folder, sets the manifest's modelName / modelVersion (and whatever `edit` changes) and
 * rewrites bundle.sha256 as the training pipeline writes it. The ONNX model and the test vectors are unchanged, so
 * the copy passes every check unless `edit` breaks one.
 */
export async function deriveBundle(
  modelName: string,
  modelVersion: string,
  options: { source?: string; edit?: (manifest: Record<string, unknown>) => void } = {},
): Promise<DerivedBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'riskstream-derived-bundle-'));
  await cp(options.source ?? DEFAULT_BUNDLE, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  Object.assign(manifest, { modelName, modelVersion });
  options.edit?.(manifest);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const listing = formatShaListing(await readBundle(dir));
  await writeFile(join(dir, BUNDLE_SHA_FILE), listing);
  return { dir, modelName, modelVersion, digest: sha256Hex(Buffer.from(listing)) };
}

/** The files of a bundle folder by name (bundle.sha256 included), as an upload sends them. */
export async function readBundle(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dir)) files.set(name, await readFile(join(dir, name)));
  return files;
}
