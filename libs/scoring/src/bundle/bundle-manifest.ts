/**
 * manifest.json of a model bundle (tools/training/README.md, "The bundle (the contract for libs/scoring)").
 * Only what the scorer relies on is typed and checked; the rest (metrics, lineage, report data) is kept as is.
 */
export const BUNDLE_SCHEMA_VERSION = 'riskstream-model-bundle/v1';
export const TREES_FORMAT = 'riskstream-trees/v1';

export type ModelFamily = 'xgboost' | 'lightgbm' | 'logreg';
export type Decision = 'APPROVE' | 'REVIEW' | 'DECLINE';

export interface OnnxDescription {
  file: string;
  sha256: string;
  input: string;
  inputShape: [string, number];
  inputType: 'float32';
  output: string;
  outputShape: [string, number];
  outputColumn: number;
  opset?: number;
}

export interface CalibrationSpec {
  method: 'none' | 'platt';
  a: number;
  b: number;
  reason?: string;
}

export interface DecisionPolicy {
  approveBelow: number;
  declineAtOrAbove: number;
  rule?: string;
  objective?: string;
}

export interface RiskBand {
  band: string;
  minPd: number;
  /** null for the last band. */
  maxPdExclusive: number | null;
}

/** One tree of riskstream-trees/v1: struct of arrays, node i at index i, root = node 0. */
export interface TreeArrays {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  defaultLeft: boolean[];
  value: number[];
  cover: number[];
}

export interface TreesDocument {
  format: typeof TREES_FORMAT;
  library: 'xgboost' | 'lightgbm';
  libraryVersion?: string;
  decision: 'lt' | 'le';
  baseMargin: number;
  numFeatures: number;
  coverKind?: 'hessian' | 'count';
  trees: TreeArrays[];
}

export interface LinearExplainerSpec {
  mean: number[];
  scale: number[];
  coefficients: number[];
  intercept: number;
}

export type ExplainerSpec =
  | { type: 'treeshap'; space: 'margin'; trees: TreesDocument }
  | { type: 'linear'; space: 'margin'; linear: LinearExplainerSpec };

export type BundleRecordValue = number | string | boolean | null;

export interface TestVector {
  /** Canonical record with the fields the dataset maps (absent = null). */
  record: Record<string, BundleRecordValue>;
  features: number[];
  rawProbability: number;
  margin: number;
  probability: number;
  contributions: number[];
  bias: number;
  riskBand: string;
  decision: Decision;
  label?: number;
}

export interface BundleManifest {
  schemaVersion: typeof BUNDLE_SCHEMA_VERSION;
  modelName: string;
  modelVersion: string;
  createdAt: string;
  dataset: Record<string, unknown>;
  featureSpec: {
    version: string;
    sha256: string;
    validationRulesVersion?: string;
    validationRulesSha256?: string;
    features: string[];
    featureIndexInSpec: number[];
  };
  model: { family: ModelFamily; strategy?: string; params?: Record<string, unknown>; onnx: OnnxDescription };
  calibration: CalibrationSpec;
  policy: DecisionPolicy;
  bands: RiskBand[];
  metrics?: Record<string, unknown>;
  cleaning?: Record<string, unknown>;
  referenceDistributions?: {
    features: Record<string, { edges: number[]; proportions: number[] }>;
    score: { edges: number[]; proportions: number[] };
  };
  explainer: ExplainerSpec;
  lineage?: Record<string, unknown>;
  testVectors: TestVector[];
  integrity?: Record<string, unknown>;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

// ------------------------------------------------------------------------------------------------ checks

type Json = unknown;

function fail(path: string, expected: string, value: Json): never {
  const shown = JSON.stringify(value);
  throw new ManifestError(
    `${path}: expected ${expected}, got ${shown === undefined ? 'nothing' : shown.slice(0, 80)}`,
  );
}

function object(value: Json, path: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Record<string, Json>;
}

function string(value: Json, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'a non-empty string', value);
  return value;
}

function finite(value: Json, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number', value);
  return value;
}

function integer(value: Json, path: string, min = Number.MIN_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    fail(path, `an integer >= ${min}`, value);
  return value;
}

function array(value: Json, path: string, length?: number): Json[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  if (length !== undefined && value.length !== length)
    fail(path, `an array of length ${length}`, value.length);
  return value;
}

function numbers(value: Json, path: string, length?: number): number[] {
  const items = array(value, path, length);
  items.forEach((v, i) => finite(v, `${path}[${i}]`));
  return items as number[];
}

function oneOf<T extends string>(value: Json, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    fail(path, allowed.map((a) => JSON.stringify(a)).join(' | '), value);
  return value as T;
}

const SHA256 = /^[0-9a-f]{64}$/;

function checkTrees(value: Json, nFeatures: number): void {
  const doc = object(value, 'explainer.trees');
  if (doc['format'] !== TREES_FORMAT)
    fail('explainer.trees.format', JSON.stringify(TREES_FORMAT), doc['format']);
  oneOf(doc['library'], 'explainer.trees.library', ['xgboost', 'lightgbm'] as const);
  oneOf(doc['decision'], 'explainer.trees.decision', ['lt', 'le'] as const);
  finite(doc['baseMargin'], 'explainer.trees.baseMargin');
  if (doc['numFeatures'] !== nFeatures)
    fail('explainer.trees.numFeatures', String(nFeatures), doc['numFeatures']);
  const trees = array(doc['trees'], 'explainer.trees.trees');
  if (trees.length === 0) fail('explainer.trees.trees', 'at least one tree', trees);
  trees.forEach((t, ti) => {
    const p = `explainer.trees.trees[${ti}]`;
    const tree = object(t, p);
    const feature = array(tree['feature'], `${p}.feature`);
    const n = feature.length;
    if (n === 0) fail(`${p}.feature`, 'at least one node', feature);
    const threshold = numbers(tree['threshold'], `${p}.threshold`, n);
    const left = array(tree['left'], `${p}.left`, n);
    const right = array(tree['right'], `${p}.right`, n);
    const defaultLeft = array(tree['defaultLeft'], `${p}.defaultLeft`, n);
    numbers(tree['value'], `${p}.value`, n);
    const cover = numbers(tree['cover'], `${p}.cover`, n);
    // every node but the root has exactly one parent, and children come after their parent: a tree, no cycles
    const parents = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const f = integer(feature[i], `${p}.feature[${i}]`, -1);
      const l = integer(left[i], `${p}.left[${i}]`, -1);
      const r = integer(right[i], `${p}.right[${i}]`, -1);
      if (typeof defaultLeft[i] !== 'boolean') fail(`${p}.defaultLeft[${i}]`, 'a boolean', defaultLeft[i]);
      if (!(cover[i]! >= 0)) fail(`${p}.cover[${i}]`, 'a cover >= 0', cover[i]);
      if (f === -1) {
        if (l !== -1 || r !== -1) fail(`${p}.left/right[${i}]`, '-1 for a leaf', [l, r]);
        continue;
      }
      if (!(cover[i]! > 0)) fail(`${p}.cover[${i}]`, 'a positive cover for an internal node', cover[i]);
      if (f >= nFeatures) fail(`${p}.feature[${i}]`, `a feature index < ${nFeatures}`, f);
      if (!Number.isFinite(threshold[i])) fail(`${p}.threshold[${i}]`, 'a finite threshold', threshold[i]);
      for (const child of [l, r]) {
        if (child <= i || child >= n) fail(`${p}.left/right[${i}]`, `child indices in (${i}, ${n})`, [l, r]);
        if (parents[child] !== -1)
          fail(`${p}.left/right[${i}]`, `node ${child} to have a single parent`, [l, r]);
        parents[child] = i;
      }
    }
    for (let i = 1; i < n; i++)
      if (parents[i] === -1) fail(`${p}`, `node ${i} to be reachable from the root`, null);
  });
}

function checkLinear(value: Json, nFeatures: number): void {
  const linear = object(value, 'explainer.linear');
  numbers(linear['mean'], 'explainer.linear.mean', nFeatures);
  const scale = numbers(linear['scale'], 'explainer.linear.scale', nFeatures);
  scale.forEach((s, i) => {
    if (s === 0) fail(`explainer.linear.scale[${i}]`, 'a non-zero scale', s);
  });
  numbers(linear['coefficients'], 'explainer.linear.coefficients', nFeatures);
  finite(linear['intercept'], 'explainer.linear.intercept');
}

/**
 * Parses and checks manifest.json. Throws ManifestError naming the first offending field.
 * Explainer types other than treeshap / linear are kept (as `unknown`) and refused later as unsupported.
 */
export function parseManifest(text: string): BundleManifest {
  let raw: Json;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`manifest.json is not valid JSON: ${(error as Error).message}`);
  }
  const m = object(raw, 'manifest');
  if (m['schemaVersion'] !== BUNDLE_SCHEMA_VERSION)
    fail('schemaVersion', JSON.stringify(BUNDLE_SCHEMA_VERSION), m['schemaVersion']);
  string(m['modelName'], 'modelName');
  string(m['modelVersion'], 'modelVersion');
  string(m['createdAt'], 'createdAt');

  const fs = object(m['featureSpec'], 'featureSpec');
  string(fs['version'], 'featureSpec.version');
  if (typeof fs['sha256'] !== 'string' || !SHA256.test(fs['sha256']))
    fail('featureSpec.sha256', 'a sha256 hex', fs['sha256']);
  const features = array(fs['features'], 'featureSpec.features');
  if (features.length === 0) fail('featureSpec.features', 'at least one feature', features);
  features.forEach((f, i) => string(f, `featureSpec.features[${i}]`));
  if (new Set(features).size !== features.length) fail('featureSpec.features', 'distinct names', features);
  const idx = array(fs['featureIndexInSpec'], 'featureSpec.featureIndexInSpec', features.length);
  idx.forEach((v, i) => integer(v, `featureSpec.featureIndexInSpec[${i}]`, 0));
  const n = features.length;

  const model = object(m['model'], 'model');
  const family = oneOf(model['family'], 'model.family', ['xgboost', 'lightgbm', 'logreg'] as const);
  const onnx = object(model['onnx'], 'model.onnx');
  string(onnx['file'], 'model.onnx.file');
  if (typeof onnx['sha256'] !== 'string' || !SHA256.test(onnx['sha256']))
    fail('model.onnx.sha256', 'a sha256 hex', onnx['sha256']);
  string(onnx['input'], 'model.onnx.input');
  string(onnx['output'], 'model.onnx.output');
  if (onnx['inputType'] !== 'float32') fail('model.onnx.inputType', '"float32"', onnx['inputType']);
  const inputShape = array(onnx['inputShape'], 'model.onnx.inputShape', 2);
  if (inputShape[1] !== n) fail('model.onnx.inputShape[1]', `${n} (the number of features)`, inputShape[1]);
  const outputShape = array(onnx['outputShape'], 'model.onnx.outputShape', 2);
  const width = integer(outputShape[1], 'model.onnx.outputShape[1]', 1);
  const column = integer(onnx['outputColumn'], 'model.onnx.outputColumn', 0);
  if (column >= width) fail('model.onnx.outputColumn', `< ${width}`, column);

  const cal = object(m['calibration'], 'calibration');
  const method = oneOf(cal['method'], 'calibration.method', ['none', 'platt'] as const);
  if (method === 'platt') {
    finite(cal['a'], 'calibration.a');
    finite(cal['b'], 'calibration.b');
  }

  const policy = object(m['policy'], 'policy');
  const approveBelow = finite(policy['approveBelow'], 'policy.approveBelow');
  const declineAt = finite(policy['declineAtOrAbove'], 'policy.declineAtOrAbove');
  if (!(approveBelow >= 0 && approveBelow <= declineAt && declineAt <= 1))
    fail('policy', '0 <= approveBelow <= declineAtOrAbove <= 1', {
      approveBelow,
      declineAtOrAbove: declineAt,
    });

  const bands = array(m['bands'], 'bands');
  if (bands.length === 0) fail('bands', 'at least one band', bands);
  let lower = 0;
  bands.forEach((b, i) => {
    const band = object(b, `bands[${i}]`);
    string(band['band'], `bands[${i}].band`);
    const min = finite(band['minPd'], `bands[${i}].minPd`);
    if (min !== lower) fail(`bands[${i}].minPd`, `${lower} (contiguous bands from 0)`, min);
    const last = i === bands.length - 1;
    if (last) {
      if (band['maxPdExclusive'] !== null)
        fail(`bands[${i}].maxPdExclusive`, 'null for the last band', band['maxPdExclusive']);
    } else {
      lower = finite(band['maxPdExclusive'], `bands[${i}].maxPdExclusive`);
      if (lower <= min) fail(`bands[${i}].maxPdExclusive`, `> ${min}`, lower);
    }
  });

  const explainer = object(m['explainer'], 'explainer');
  string(explainer['type'], 'explainer.type');
  if (explainer['type'] === 'treeshap' || explainer['type'] === 'linear') {
    if (explainer['space'] !== 'margin') fail('explainer.space', '"margin"', explainer['space']);
    if (explainer['type'] === 'treeshap') {
      if (family === 'logreg') fail('explainer.type', '"linear" for a logreg model', explainer['type']);
      checkTrees(explainer['trees'], n);
    } else {
      if (family !== 'logreg') fail('explainer.type', `"treeshap" for a ${family} model`, explainer['type']);
      checkLinear(explainer['linear'], n);
    }
  }

  const vectors = array(m['testVectors'], 'testVectors');
  if (vectors.length === 0) fail('testVectors', 'at least one test vector', vectors);
  vectors.forEach((v, i) => {
    const p = `testVectors[${i}]`;
    const tv = object(v, p);
    object(tv['record'], `${p}.record`);
    numbers(tv['features'], `${p}.features`, n);
    finite(tv['probability'], `${p}.probability`);
    finite(tv['rawProbability'], `${p}.rawProbability`);
    finite(tv['margin'], `${p}.margin`);
    numbers(tv['contributions'], `${p}.contributions`, n);
    finite(tv['bias'], `${p}.bias`);
    string(tv['riskBand'], `${p}.riskBand`);
    oneOf(tv['decision'], `${p}.decision`, ['APPROVE', 'REVIEW', 'DECLINE'] as const);
  });
  return raw as BundleManifest;
}
