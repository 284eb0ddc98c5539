import type { LinearExplainerSpec } from '../bundle/bundle-manifest.js';
import type { Explainer } from './explainer.js';

/**
 * Exact contributions of the logistic-regression scorecard (StandardScaler + LogisticRegression):
 * contribution_j = coefficients[j] · (x_j − mean[j]) / scale[j] with x the float32 input widened to double,
 * bias = intercept; Σ contributions + bias = the margin.
 */
export class LinearExplainer implements Explainer {
  readonly kind = 'linear' as const;
  readonly numFeatures: number;
  readonly bias: number;
  private readonly mean: Float64Array;
  private readonly scale: Float64Array;
  private readonly coefficients: Float64Array;

  constructor(spec: LinearExplainerSpec) {
    this.numFeatures = spec.coefficients.length;
    this.mean = Float64Array.from(spec.mean);
    this.scale = Float64Array.from(spec.scale);
    this.coefficients = Float64Array.from(spec.coefficients);
    this.bias = spec.intercept;
  }

  explainBatch(rows: Float32Array, n: number, out: Float64Array): void {
    const nf = this.numFeatures;
    if (rows.length < n * nf)
      throw new RangeError(`rows holds ${rows.length} values, ${n} rows need ${n * nf}`);
    if (out.length < n * nf) throw new RangeError(`out holds ${out.length} values, ${n} rows need ${n * nf}`);
    const { mean, scale, coefficients } = this;
    for (let i = 0; i < n * nf; i += nf)
      for (let j = 0; j < nf; j++) out[i + j] = ((rows[i + j]! - mean[j]!) / scale[j]!) * coefficients[j]!;
  }
}
