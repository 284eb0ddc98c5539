import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DEFAULT_BUNDLE = resolve(import.meta.dirname, '../../../../libs/scoring/assets/default-bundle');

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export interface DerivedBundle {
  dir: string;
  modelName: string;
  modelVersion: string;
  /** sha256 of bundle.sha256. */
  digest: string;
}

/**
 * A distinct but valid bundle: a copy of the shipped default bundle (never modified) with another modelName and
 * modelVersion in its manifest, and bundle.sha256 rewritten exactly as the bundle contract says
 * (tools/training/README.md: `<sha256>  <path>\n` per file, sorted by UTF-8 bytes; digest = sha256 of that file).
 * The model and its test vectors are unchanged, so scoring's parity checks pass. (E2E suites stay black-box: this is
 * written from the contract, not imported from @riskstream/scoring/testing.)
 */
export async function deriveBundle(
  modelName: string,
  modelVersion: string,
  /** Changes more of the manifest (e.g. its reference distributions); the model and test vectors stay. */
  patch: (manifest: Record<string, unknown>) => Record<string, unknown> = (m) => m,
): Promise<DerivedBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'riskstream-e2e-bundle-'));
  await cp(DEFAULT_BUNDLE, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify(patch({ ...manifest, modelName, modelVersion })),
  );
  const names = (await readdir(dir))
    .filter((name) => name !== 'bundle.sha256')
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let listing = '';
  for (const name of names) listing += `${sha256(await readFile(join(dir, name)))}  ${name}\n`;
  await writeFile(join(dir, 'bundle.sha256'), listing);
  return { dir, modelName, modelVersion, digest: sha256(listing) };
}

/** A features event the bundle can score: one of its own test vectors, under a new application id. */
export async function featuresFromTestVector(
  bundleDir: string,
  index: number,
): Promise<{ featureSpecVersion: string; features: Record<string, number> }> {
  const manifest = JSON.parse(await readFile(join(bundleDir, 'manifest.json'), 'utf8')) as {
    featureSpec: { version: string; features: string[] };
    testVectors: { features: number[] }[];
  };
  const vector = manifest.testVectors[index % manifest.testVectors.length]!;
  return {
    featureSpecVersion: manifest.featureSpec.version,
    features: Object.fromEntries(manifest.featureSpec.features.map((name, j) => [name, vector.features[j]!])),
  };
}

/** Registers a bundle folder through the registry's REST API (multipart, one `files` part per file). */
export async function registerBundle(
  registryUrl: string,
  dir: string,
  registeredBy = 'e2e',
): Promise<Response> {
  const form = new FormData();
  form.append('registeredBy', registeredBy);
  for (const name of await readdir(dir))
    form.append('files', new Blob([await readFile(join(dir, name))]), name);
  return fetch(`${registryUrl}/v1/models`, { method: 'POST', body: form });
}

/** deriveBundle's patch for a bundle whose training range of one feature is [min, max]. */
export function withReferenceRange(feature: string, min: number, max: number) {
  return (manifest: Record<string, unknown>): Record<string, unknown> => {
    const reference = manifest['referenceDistributions'] as { features: Record<string, object> };
    return {
      ...manifest,
      referenceDistributions: {
        ...reference,
        features: { ...reference.features, [feature]: { ...reference.features[feature], min, max } },
      },
    };
  };
}
