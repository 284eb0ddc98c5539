import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeFeatureVector, FEATURE_SPEC_SHA256, type ApplicationRecord } from '@riskstream/feature-spec';
import type { BundleManifest } from './bundle-manifest.js';
import { BundleRejectedError, BundleRejectionCode } from './bundle-rejected.error.js';
import {
  ExplanationUnavailableError,
  loadModelBundle,
  rankReasons,
  type ModelBundle,
} from './model-bundle.js';

const lib = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
/** The committed default bundle (tools/training/make_default_bundle.sh) and the small fixtures of another family. */
const BUNDLES = {
  default: lib('assets/default-bundle'),
  xgboost: lib('fixtures/xgboost-bundle'),
  logreg: lib('fixtures/logreg-bundle'),
};

async function manifestOf(dir: string): Promise<BundleManifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
}

/** Rewrites bundle.sha256 the way the training pipeline does (sorted by UTF-8 bytes, '<hex>  <path>\n'). */
async function resign(dir: string): Promise<void> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .filter((p) => p !== 'bundle.sha256')
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let listing = '';
  for (const f of files)
    listing += `${createHash('sha256')
      .update(await readFile(join(dir, f)))
      .digest('hex')}  ${f}\n`;
  await writeFile(join(dir, 'bundle.sha256'), listing);
}

/** A copy of a bundle with its manifest edited (and re-signed unless asked not to). */
async function tamperedCopy(
  source: string,
  edit: (manifest: BundleManifest) => void,
  options: { resign?: boolean } = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'riskstream-bundle-'));
  await cp(source, dir, { recursive: true });
  const manifest = await manifestOf(dir);
  edit(manifest);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest) + '\n');
  if (options.resign ?? true) await resign(dir);
  return dir;
}

async function rejection(dir: string): Promise<BundleRejectedError> {
  try {
    const bundle = await loadModelBundle(dir);
    await bundle.close();
  } catch (error) {
    if (error instanceof BundleRejectedError) return error;
    throw error;
  } finally {
    if (dir.startsWith(tmpdir())) await rm(dir, { recursive: true, force: true });
  }
  throw new Error(`bundle ${dir} was accepted`);
}

describe.each(Object.entries(BUNDLES))(
  'model bundle %s: TypeScript serves what Python trained',
  (_name, dir) => {
    let bundle: ModelBundle;
    let manifest: BundleManifest;

    beforeAll(async () => {
      manifest = await manifestOf(dir);
      bundle = await loadModelBundle(dir);
    }, 60_000);
    afterAll(() => bundle?.close());

    it('identifies the bundle: digest = sha256 of bundle.sha256, names and features from the manifest', async () => {
      const listing = await readFile(join(dir, 'bundle.sha256'));
      expect(bundle.digest).toBe(createHash('sha256').update(listing).digest('hex'));
      expect(bundle.modelName).toBe(manifest.modelName);
      expect(bundle.modelVersion).toBe(manifest.modelVersion);
      expect(bundle.featureNames).toEqual(manifest.featureSpec.features);
      expect(manifest.featureSpec.sha256).toBe(FEATURE_SPEC_SHA256);
      expect(bundle.explanationKind).toBe(manifest.model.family === 'logreg' ? 'linear' : 'treeshap');
    });

    it('reproduces every test vector: features, calibrated PD within 1e-5, band and decision', async () => {
      const n = manifest.testVectors.length;
      const nf = bundle.numFeatures;
      const rows = new Float32Array(n * nf);
      manifest.testVectors.forEach((tv, i) => {
        const record = { employed: null, bankBalance: null, ...tv.record } as unknown as ApplicationRecord;
        const fromRecord = bundle.modelInput(computeFeatureVector(record));
        expect(Array.from(fromRecord)).toEqual(Array.from(Float32Array.from(tv.features)));
        rows.set(fromRecord, i * nf);
      });
      const pd = await bundle.scoreBatch(rows, n);
      let worst = 0;
      manifest.testVectors.forEach((tv, i) => {
        worst = Math.max(worst, Math.abs(pd[i]! - tv.probability));
        if (Math.abs(pd[i]! - tv.probability) < 1e-9)
          expect(bundle.decide(pd[i]!)).toEqual({ riskBand: tv.riskBand, decision: tv.decision });
        expect(bundle.decide(tv.probability)).toEqual({ riskBand: tv.riskBand, decision: tv.decision });
      });
      expect(worst).toBeLessThanOrEqual(1e-5);
      // one row at a time: the same within float32 rounding (onnxruntime sums the trees in another order per batch size)
      const single = await bundle.scoreBatch(rows.subarray(0, nf), 1);
      expect(Math.abs(single[0]! - pd[0]!)).toBeLessThan(1e-6);
    });

    it('explains every test vector like the training library (contributions and bias within 1e-4, sum = margin)', () => {
      let worst = 0;
      for (const tv of manifest.testVectors) {
        const { contributions, bias } = bundle.explain(Float32Array.from(tv.features));
        tv.contributions.forEach((c, j) => (worst = Math.max(worst, Math.abs(contributions[j]! - c))));
        worst = Math.max(worst, Math.abs(bias - tv.bias));
        const margin = contributions.reduce((s, c) => s + c, bias);
        expect(Math.abs(margin - tv.margin)).toBeLessThan(1e-4);
      }
      expect(worst).toBeLessThanOrEqual(1e-4);
    });

    it('ranks reason codes by |contribution|, largest first, with the feature values', () => {
      const tv = manifest.testVectors[0]!;
      const row = Float32Array.from(tv.features);
      const reasons = bundle.topReasons(row, tv.features, 4);
      expect(reasons).toHaveLength(4);
      const expected = tv.contributions
        .map((c, j) => ({ j, c }))
        .sort((a, b) => Math.abs(b.c) - Math.abs(a.c))
        .slice(0, 4)
        .map(({ j }) => manifest.featureSpec.features[j]);
      expect(reasons.map((r) => r.feature)).toEqual(expected);
      for (const r of reasons) {
        const j = manifest.featureSpec.features.indexOf(r.feature);
        expect(r.value).toBe(tv.features[j]);
        expect(Math.abs(r.contribution - tv.contributions[j]!)).toBeLessThan(1e-4);
      }
      for (let i = 1; i < reasons.length; i++)
        expect(Math.abs(reasons[i - 1]!.contribution)).toBeGreaterThanOrEqual(
          Math.abs(reasons[i]!.contribution),
        );
    });
  },
);

describe('rankReasons', () => {
  it('keeps model order on ties, handles offsets and k larger than the features', () => {
    const names = ['a', 'b', 'c'];
    const contributions = [9, 9, 0.5, -2, 2, 0.1];
    expect(
      rankReasons(names, contributions, [1, 2, 3, 4, 5, 6], 2, 3).map((r) => [
        r.feature,
        r.contribution,
        r.value,
      ]),
    ).toEqual([
      ['a', -2, 4],
      ['b', 2, 5],
    ]);
    expect(rankReasons(names, contributions, [0, 0, 0], 5, 0, 0).map((r) => r.feature)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(rankReasons(names, contributions, [0, 0, 0], 0)).toEqual([]);
  });
});

describe('loadModelBundle refuses bundles that must not be served', () => {
  const source = BUNDLES.xgboost;

  it('INTEGRITY: a file changed after signing', async () => {
    const error = await rejection(
      await tamperedCopy(source, (m) => void (m.modelName = 'edited'), { resign: false }),
    );
    expect(error.code).toBe(BundleRejectionCode.Integrity);
    expect(error.message).toMatch(/sha256 of manifest\.json/);
  });

  it('INTEGRITY: a file not listed, a listed file missing', async () => {
    const extra = await tamperedCopy(source, () => undefined);
    await writeFile(join(extra, 'notes.txt'), 'hi');
    expect((await rejection(extra)).message).toMatch(/not listed \[notes\.txt\]/);
    const missing = await tamperedCopy(source, () => undefined);
    await rm(join(missing, 'roc.png'));
    expect((await rejection(missing)).message).toMatch(/missing \[roc\.png\]/);
  });

  it('MANIFEST: wrong schema version, missing fields', async () => {
    let error = await rejection(
      await tamperedCopy(source, (m) => void ((m as { schemaVersion: string }).schemaVersion = 'v0')),
    );
    expect(error.code).toBe(BundleRejectionCode.Manifest);
    expect(error.message).toMatch(/schemaVersion/);
    error = await rejection(
      await tamperedCopy(
        source,
        (m) => void ((m.policy as Partial<BundleManifest['policy']>).approveBelow = undefined),
      ),
    );
    expect(error.code).toBe(BundleRejectionCode.Manifest);
    expect(error.message).toMatch(/policy\.approveBelow/);
  });

  it('FEATURE_SPEC_MISMATCH: trained on another feature spec', async () => {
    const error = await rejection(
      await tamperedCopy(source, (m) => void (m.featureSpec.sha256 = '0'.repeat(64))),
    );
    expect(error.code).toBe(BundleRejectionCode.FeatureSpecMismatch);
  });

  it('PARITY_FEATURES: a test vector whose record does not give its features', async () => {
    const error = await rejection(
      await tamperedCopy(source, (m) => void (m.testVectors[3]!.record['annualIncome'] = 1234.5)),
    );
    expect(error.code).toBe(BundleRejectionCode.ParityFeatures);
    expect(error.message).toMatch(/test vector 3/);
  });

  it('PARITY_PROBABILITY: names the vector and the difference', async () => {
    const error = await rejection(
      await tamperedCopy(source, (m) => void (m.testVectors[7]!.probability += 2e-5)),
    );
    expect(error.code).toBe(BundleRejectionCode.ParityProbability);
    expect(error.message).toMatch(/test vector 7: probability .* \(\|diff\| \d\.\d\de-5 > 0\.00001\)/);
  });

  it('PARITY_SHAP: a contribution or the bias off by more than 1e-4', async () => {
    let error = await rejection(
      await tamperedCopy(source, (m) => void (m.testVectors[5]!.contributions[2]! += 3e-4)),
    );
    expect(error.code).toBe(BundleRejectionCode.ParityShap);
    expect(error.message).toMatch(/test vector 5: contribution of employment_length_years/);
    error = await rejection(
      await tamperedCopy(source, (m) => m.testVectors.forEach((tv) => (tv.bias -= 1e-3))),
    );
    expect(error.message).toMatch(/test vector 0: bias/);
  });

  it('accepts differences within the tolerances', async () => {
    const dir = await tamperedCopy(source, (m) => {
      m.testVectors[1]!.probability += 5e-6;
      m.testVectors[1]!.contributions[0]! += 5e-5;
    });
    try {
      const bundle = await loadModelBundle(dir);
      await bundle.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('PARITY_DECISION: a policy that does not give the bundle’s decisions', async () => {
    const error = await rejection(
      await tamperedCopy(source, (m) => void (m.policy.declineAtOrAbove = 0.999)),
    );
    expect(error.code).toBe(BundleRejectionCode.ParityDecision);
  });
});

describe('a bundle whose explainer this scorer does not implement', () => {
  it('loads (scores, decides) but refuses explanations clearly', async () => {
    const dir = await tamperedCopy(BUNDLES.logreg, (m) => {
      (m.explainer as unknown as { type: string }).type = 'kernel-shap';
    });
    try {
      const bundle = await loadModelBundle(dir);
      expect(bundle.explanationKind).toBeNull();
      const row = new Float32Array(bundle.numFeatures);
      expect((await bundle.scoreBatch(row, 1))[0]).toBeGreaterThan(0);
      expect(() => bundle.explain(row)).toThrow(ExplanationUnavailableError);
      expect(() => bundle.explain(row)).toThrow(/explainer type "kernel-shap" is not supported/);
      await bundle.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a loaded bundle', () => {
  it('validates its inputs and refuses work after close()', async () => {
    const bundle = await loadModelBundle(BUNDLES.logreg);
    expect(() => bundle.explain(new Float32Array(3))).toThrow(RangeError);
    await expect(bundle.scoreBatch(new Float32Array(3), 1)).rejects.toThrow(RangeError);
    expect(await bundle.scoreBatch(new Float32Array(0), 0)).toEqual(new Float64Array(0));
    expect(() => bundle.decide(Number.NaN)).toThrow(RangeError);
    await bundle.close();
    await bundle.close();
    await expect(bundle.scoreBatch(new Float32Array(bundle.numFeatures), 1)).rejects.toThrow(/closed/);
  });
});
