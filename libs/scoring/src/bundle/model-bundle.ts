import {
  computeFeatureVector,
  FEATURE_NAMES,
  FEATURE_SPEC_SHA256,
  FEATURE_SPEC_VERSION,
  type ApplicationRecord,
} from '@riskstream/feature-spec';
import * as ort from 'onnxruntime-node';
import { RECORD_FIELDS } from '../batch/dataset-spec.js';
import type { Explainer } from '../explain/explainer.js';
import { LinearExplainer } from '../explain/linear.explainer.js';
import { TreeEnsemble } from '../explain/tree-ensemble.js';
import {
  TreeShapExplainer,
  TreeShapUnsupportedError,
  type TreeShapOptions,
} from '../explain/tree-shap.explainer.js';
import { ReferenceTreeShapExplainer } from '../explain/tree-shap.reference.js';
import { BundleIntegrityError, sha256Hex, verifyBundleFiles } from './bundle-integrity.js';
import { ManifestError, parseManifest, type BundleManifest, type TestVector } from './bundle-manifest.js';
import { BundleRejectedError, BundleRejectionCode } from './bundle-rejected.error.js';
import { calibrate, decide, type RiskDecision } from './decision-policy.js';

/** Test vectors: calibrated probability vs the training library's (contract: 1e-5). */
export const PROBABILITY_TOLERANCE = 1e-5;
/** Test vectors: contributions and bias vs the training library's pred_contribs / pred_contrib (contract: 1e-4). */
export const SHAP_TOLERANCE = 1e-4;

export interface LoadModelBundleOptions {
  /**
   * onnxruntime intra-op threads. Default 1: on the 2-core target the tree ensembles are memory-bound and a
   * service scores many small batches concurrently, so one thread per session measured best (docs/benchmarks.md).
   */
  intraOpNumThreads?: number;
  /** Fast TreeSHAP tuning (table memory budget, chunk size). */
  treeShap?: TreeShapOptions;
}

export interface Explanation {
  /** Per model feature (featureNames order), margin (log-odds) space of the uncalibrated model. */
  contributions: Float64Array;
  /** Expected margin; Σ contributions + bias = the row's margin. */
  bias: number;
}

export interface ReasonCode {
  feature: string;
  /** Signed contribution to the log-odds of default (positive = raises the PD). */
  contribution: number;
  /** The feature's value for this row. */
  value: number;
}

export class ExplanationUnavailableError extends Error {
  override readonly name = 'ExplanationUnavailableError';
}

export type { RiskDecision } from './decision-policy.js';

/** Picks the k largest |contribution| (ties: model feature order) from contributions[offset .. offset + names.length). */
export function rankReasons(
  names: readonly string[],
  contributions: ArrayLike<number>,
  values: ArrayLike<number>,
  k = 4,
  offset = 0,
  valueOffset = offset,
): ReasonCode[] {
  if (k <= 0) return [];
  const n = names.length;
  const top: number[] = [];
  for (let j = 0; j < n; j++) {
    const magnitude = Math.abs(contributions[offset + j]!);
    if (top.length === k && magnitude <= Math.abs(contributions[offset + top[k - 1]!]!)) continue;
    let at = top.length;
    while (at > 0 && magnitude > Math.abs(contributions[offset + top[at - 1]!]!)) at--;
    top.splice(at, 0, j);
    if (top.length > k) top.pop();
  }
  return top.map((j) => ({
    feature: names[j]!,
    contribution: contributions[offset + j]!,
    value: values[valueOffset + j]!,
  }));
}

/**
 * A verified, parity-checked model bundle ready to serve: calibrated PDs from the ONNX model, decisions from the
 * manifest's policy, exact TreeSHAP (or linear) reason codes. Create with loadModelBundle.
 */
export class ModelBundle {
  readonly modelName: string;
  readonly modelVersion: string;
  /** The model's input features, in order (= ONNX input columns, a subsequence of the feature spec). */
  readonly featureNames: readonly string[];
  /** Indices of featureNames in the feature spec's full vector (computeFeatureVector). */
  readonly featureIndexInSpec: readonly number[];
  readonly numFeatures: number;

  private closed = false;
  private readonly outputWidth: number;

  constructor(
    readonly directory: string,
    readonly manifest: BundleManifest,
    /** sha256 of bundle.sha256: the bundle's identity. */
    readonly digest: string,
    private readonly session: ort.InferenceSession,
    private readonly explainer: Explainer | null,
  ) {
    this.modelName = manifest.modelName;
    this.modelVersion = manifest.modelVersion;
    this.featureNames = Object.freeze([...manifest.featureSpec.features]);
    this.featureIndexInSpec = Object.freeze([...manifest.featureSpec.featureIndexInSpec]);
    this.numFeatures = this.featureNames.length;
    this.outputWidth = manifest.model.onnx.outputShape[1];
  }

  /** 'treeshap' | 'linear', or null when the manifest's explainer is not supported (explain() then throws). */
  get explanationKind(): Explainer['kind'] | null {
    return this.explainer?.kind ?? null;
  }

  /** The model input of one application: the spec's full feature vector (float64) → the model's features (float32). */
  modelInput(
    specVector: ArrayLike<number>,
    out = new Float32Array(this.numFeatures),
    offset = 0,
  ): Float32Array {
    const index = this.featureIndexInSpec;
    for (let j = 0; j < index.length; j++) out[offset + j] = specVector[index[j]!]!;
    return out;
  }

  /** Uncalibrated P(default) of n rows (row-major float32, n × numFeatures), straight from ONNX. */
  async rawProbabilities(rows: Float32Array, n: number): Promise<Float32Array> {
    this.assertOpen();
    const nf = this.numFeatures;
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (rows.length < n * nf)
      throw new RangeError(`rows holds ${rows.length} values, ${n} rows need ${n * nf}`);
    if (n === 0) return new Float32Array(0);
    const { input, output, outputColumn } = this.manifest.model.onnx;
    const tensor = new ort.Tensor('float32', rows.length === n * nf ? rows : rows.subarray(0, n * nf), [
      n,
      nf,
    ]);
    const result = await this.session.run({ [input]: tensor }, [output]);
    const probabilities = result[output];
    if (
      !probabilities ||
      !(probabilities.data instanceof Float32Array) ||
      probabilities.data.length !== n * this.outputWidth
    )
      throw new Error(`ONNX output ${output} is not float32 [${n}, ${this.outputWidth}]`);
    const data = probabilities.data;
    const width = this.outputWidth;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = data[i * width + outputColumn]!;
    return out;
  }

  /** Calibrated probability of default of n rows (row-major float32, n × numFeatures). */
  async scoreBatch(rows: Float32Array, n: number): Promise<Float64Array> {
    const raw = await this.rawProbabilities(rows, n);
    const pd = new Float64Array(n);
    const calibration = this.manifest.calibration;
    for (let i = 0; i < n; i++) pd[i] = calibrate(raw[i]!, calibration);
    return pd;
  }

  /** Risk band and APPROVE / REVIEW / DECLINE from the manifest's bands and policy. */
  decide(pd: number): RiskDecision {
    return decide(pd, this.manifest.policy, this.manifest.bands);
  }

  /** Contributions of one row (float32, numFeatures values). */
  explain(row: Float32Array): Explanation {
    if (row.length !== this.numFeatures)
      throw new RangeError(`a row has ${this.numFeatures} features, got ${row.length} values`);
    const contributions = this.explainBatch(row, 1);
    return { contributions, bias: this.requireExplainer().bias };
  }

  /** Contributions of n rows into out (row-major, n × numFeatures); allocated when omitted. */
  explainBatch(rows: Float32Array, n: number, out = new Float64Array(n * this.numFeatures)): Float64Array {
    this.assertOpen();
    this.requireExplainer().explainBatch(rows, n, out);
    return out;
  }

  /** The expected margin (SHAP bias). */
  get bias(): number {
    return this.requireExplainer().bias;
  }

  /**
   * The k features with the largest |contribution| for one row, largest first.
   * `values`: what to report as each feature's value (e.g. the float64 feature vector of the model's features);
   * defaults to the row itself.
   */
  topReasons(row: Float32Array, values: ArrayLike<number> | null = null, k = 4): ReasonCode[] {
    const { contributions } = this.explain(row);
    return rankReasons(this.featureNames, contributions, values ?? row, k);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }

  private requireExplainer(): Explainer {
    if (!this.explainer)
      throw new ExplanationUnavailableError(
        `model ${this.modelName} ${this.modelVersion}: explainer type ${JSON.stringify((this.manifest.explainer as { type: string }).type)} is not supported, no reason codes`,
      );
    return this.explainer;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`model bundle ${this.modelName} ${this.modelVersion} is closed`);
  }
}

// ------------------------------------------------------------------------------------------------ loading

function buildExplainer(manifest: BundleManifest, options: TreeShapOptions | undefined): Explainer | null {
  const explainer = manifest.explainer;
  if (explainer.type === 'linear') return new LinearExplainer(explainer.linear);
  if (explainer.type === 'treeshap') {
    const ensemble = new TreeEnsemble(explainer.trees);
    try {
      return new TreeShapExplainer(ensemble, options);
    } catch (error) {
      if (error instanceof TreeShapUnsupportedError) return new ReferenceTreeShapExplainer(ensemble);
      throw error;
    }
  }
  return null;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(10) : String(x));

/** The test vector's canonical record; fields the dataset does not map are null. */
function recordOf(vector: TestVector): ApplicationRecord {
  return Object.fromEntries(
    RECORD_FIELDS.map((f) => [f, vector.record[f] ?? null]),
  ) as unknown as ApplicationRecord;
}

function checkFeatureSpec(dir: string, manifest: BundleManifest): void {
  const reject = (detail: string): never => {
    throw new BundleRejectedError(BundleRejectionCode.FeatureSpecMismatch, dir, detail);
  };
  const fs = manifest.featureSpec;
  if (fs.version !== FEATURE_SPEC_VERSION)
    reject(`trained with feature spec version ${fs.version}, this build implements ${FEATURE_SPEC_VERSION}`);
  if (fs.sha256 !== FEATURE_SPEC_SHA256)
    reject(
      `trained with feature spec sha256 ${fs.sha256}, this build's feature-spec.v1.json is ${FEATURE_SPEC_SHA256}`,
    );
  let previous = -1;
  fs.features.forEach((name, i) => {
    const index = FEATURE_NAMES.indexOf(name);
    if (index < 0) reject(`feature ${name} is not in the feature spec`);
    if (fs.featureIndexInSpec[i] !== index)
      reject(
        `featureIndexInSpec[${i}] = ${fs.featureIndexInSpec[i]}, but ${name} is feature ${index} of the spec`,
      );
    if (index <= previous) reject(`features are not in feature-spec order (${name} at position ${i})`);
    previous = index;
  });
}

async function checkTestVectors(bundle: ModelBundle, dir: string): Promise<void> {
  const vectors = bundle.manifest.testVectors;
  const nf = bundle.numFeatures;
  const n = vectors.length;
  const rows = new Float32Array(n * nf);
  // 1. the feature spec computes the same vector from the record (same code path as serving)
  vectors.forEach((vector, v) => {
    const spec = computeFeatureVector(recordOf(vector));
    bundle.featureIndexInSpec.forEach((index, j) => {
      if (!Object.is(spec[index], vector.features[j]))
        throw new BundleRejectedError(
          BundleRejectionCode.ParityFeatures,
          dir,
          `test vector ${v}: feature ${bundle.featureNames[j]} computes to ${spec[index]}, the bundle says ${vector.features[j]}`,
        );
    });
    rows.set(vector.features, v * nf);
  });
  // 2. calibrated probabilities within 1e-5 of the training library's, and the policy gives the same band/decision
  const pd = await bundle.scoreBatch(rows, n);
  vectors.forEach((vector, v) => {
    const diff = Math.abs(pd[v]! - vector.probability);
    if (!(diff <= PROBABILITY_TOLERANCE))
      throw new BundleRejectedError(
        BundleRejectionCode.ParityProbability,
        dir,
        `test vector ${v}: probability ${fmt(pd[v]!)}, the training library says ${fmt(vector.probability)} ` +
          `(|diff| ${diff.toExponential(2)} > ${PROBABILITY_TOLERANCE})`,
      );
    const expected = bundle.decide(vector.probability);
    if (expected.riskBand !== vector.riskBand || expected.decision !== vector.decision)
      throw new BundleRejectedError(
        BundleRejectionCode.ParityDecision,
        dir,
        `test vector ${v}: the manifest's policy gives ${expected.riskBand}/${expected.decision} for PD ` +
          `${fmt(vector.probability)}, the bundle says ${vector.riskBand}/${vector.decision}`,
      );
  });
  // 3. explanations within 1e-4 of the training library's contributions and bias
  if (bundle.explanationKind === null) return;
  const contributions = bundle.explainBatch(rows, n);
  const bias = bundle.bias;
  vectors.forEach((vector, v) => {
    for (let j = 0; j < nf; j++) {
      const diff = Math.abs(contributions[v * nf + j]! - vector.contributions[j]!);
      if (!(diff <= SHAP_TOLERANCE))
        throw new BundleRejectedError(
          BundleRejectionCode.ParityShap,
          dir,
          `test vector ${v}: contribution of ${bundle.featureNames[j]} is ${fmt(contributions[v * nf + j]!)}, ` +
            `the training library says ${fmt(vector.contributions[j]!)} (|diff| ${diff.toExponential(2)} > ${SHAP_TOLERANCE})`,
        );
    }
    const diff = Math.abs(bias - vector.bias);
    if (!(diff <= SHAP_TOLERANCE))
      throw new BundleRejectedError(
        BundleRejectionCode.ParityShap,
        dir,
        `test vector ${v}: bias ${fmt(bias)}, the training library says ${fmt(vector.bias)} ` +
          `(|diff| ${diff.toExponential(2)} > ${SHAP_TOLERANCE})`,
      );
  });
}

/**
 * Loads a model bundle folder (tools/training/README.md, "The bundle"): verifies bundle.sha256 (every file listed,
 * none extra, hashes equal), parses and checks the manifest, checks it was trained on this build's feature spec,
 * creates the onnxruntime session from the verified bytes, then runs every test vector (features, calibrated
 * probability within 1e-5, band/decision, contributions and bias within 1e-4).
 * Throws BundleRejectedError (with a BundleRejectionCode) when the bundle must not be served.
 */
export async function loadModelBundle(
  dir: string,
  options: LoadModelBundleOptions = {},
): Promise<ModelBundle> {
  let verified: Awaited<ReturnType<typeof verifyBundleFiles>>;
  try {
    verified = await verifyBundleFiles(dir);
  } catch (error) {
    const detail =
      error instanceof BundleIntegrityError
        ? error.message
        : `cannot read the bundle: ${(error as Error).message}`;
    throw new BundleRejectedError(BundleRejectionCode.Integrity, dir, detail, { cause: error });
  }
  const manifestBytes = verified.files.get('manifest.json');
  if (!manifestBytes)
    throw new BundleRejectedError(BundleRejectionCode.Manifest, dir, 'the bundle has no manifest.json');
  let manifest: BundleManifest;
  try {
    manifest = parseManifest(manifestBytes.toString('utf8'));
  } catch (error) {
    if (error instanceof ManifestError)
      throw new BundleRejectedError(BundleRejectionCode.Manifest, dir, `manifest.json: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
  checkFeatureSpec(dir, manifest);

  const onnx = manifest.model.onnx;
  const modelBytes = verified.files.get(onnx.file);
  if (!modelBytes)
    throw new BundleRejectedError(
      BundleRejectionCode.Manifest,
      dir,
      `model file ${onnx.file} is not in the bundle`,
    );
  if (sha256Hex(modelBytes) !== onnx.sha256)
    throw new BundleRejectedError(
      BundleRejectionCode.Integrity,
      dir,
      `sha256 of ${onnx.file} differs from manifest model.onnx.sha256`,
    );

  let explainer: Explainer | null;
  try {
    explainer = buildExplainer(manifest, options.treeShap);
  } catch (error) {
    throw new BundleRejectedError(
      BundleRejectionCode.Unsupported,
      dir,
      `explainer: ${(error as Error).message}`,
      { cause: error },
    );
  }

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(new Uint8Array(modelBytes), {
      intraOpNumThreads: options.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
  } catch (error) {
    throw new BundleRejectedError(
      BundleRejectionCode.ModelLoad,
      dir,
      `onnxruntime: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const bundle = new ModelBundle(dir, manifest, verified.digest, session, explainer);
  try {
    if (!session.inputNames.includes(onnx.input) || !session.outputNames.includes(onnx.output))
      throw new BundleRejectedError(
        BundleRejectionCode.ModelLoad,
        dir,
        `the ONNX model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], ` +
          `the manifest says input ${onnx.input} and output ${onnx.output}`,
      );
    try {
      await checkTestVectors(bundle, dir);
    } catch (error) {
      if (error instanceof BundleRejectedError) throw error;
      throw new BundleRejectedError(
        BundleRejectionCode.ModelLoad,
        dir,
        `running the test vectors: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  } catch (error) {
    await bundle.close();
    throw error;
  }
  return bundle;
}
