/** Per-feature contributions of a model's margin (log-odds), in the order of the model's features. */
export interface Explainer {
  readonly kind: 'treeshap' | 'linear';
  readonly numFeatures: number;
  /** The expected margin: Σ contributions + bias = the row's (uncalibrated) margin. */
  readonly bias: number;
  /**
   * Contributions of n rows (row-major float32 model inputs, n × numFeatures) into out (row-major float64,
   * n × numFeatures). Allocation-free in the steady state.
   */
  explainBatch(rows: Float32Array, n: number, out: Float64Array): void;
}
