/** Why a model bundle was refused at load time (stable codes for logs, metrics and the model registry). */
export enum BundleRejectionCode {
  /** bundle.sha256 missing or malformed, a file missing / extra / with another hash, a symlink, an unreadable file. */
  Integrity = 'INTEGRITY',
  /** manifest.json is not valid JSON or lacks / mistypes a field the scorer relies on. */
  Manifest = 'MANIFEST',
  /** The bundle was trained against another feature spec (version or sha256) or uses unknown features. */
  FeatureSpecMismatch = 'FEATURE_SPEC_MISMATCH',
  /** The manifest asks for something this scorer does not implement (explainer type, tree format, ...). */
  Unsupported = 'UNSUPPORTED',
  /** onnxruntime could not create a session, or the model's inputs / outputs are not the contract's. */
  ModelLoad = 'MODEL_LOAD',
  /** A test vector's record does not give its feature vector with this repository's feature spec. */
  ParityFeatures = 'PARITY_FEATURES',
  /** A test vector's calibrated probability differs from the training library's by more than the tolerance. */
  ParityProbability = 'PARITY_PROBABILITY',
  /** A test vector's explanation (contributions or bias) differs from the training library's. */
  ParityShap = 'PARITY_SHAP',
  /** A test vector's risk band or decision differs from the one the training pipeline wrote. */
  ParityDecision = 'PARITY_DECISION',
}

/** Thrown by loadModelBundle: the bundle must not be served. The message names the file / vector and the difference. */
export class BundleRejectedError extends Error {
  override readonly name = 'BundleRejectedError';

  constructor(
    readonly code: BundleRejectionCode,
    readonly bundleDir: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`model bundle ${bundleDir} rejected [${code}]: ${detail}`, options);
  }
}
