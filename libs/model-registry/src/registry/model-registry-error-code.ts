/** Stable codes of the model registry's own failures (the `code` of its problem+json bodies). */
export enum ModelRegistryErrorCode {
  /** 400: not a multipart upload of bundle files (no `files` part, a file name that is not a plain relative path, …). */
  InvalidUpload = 'INVALID_UPLOAD',
  /** 422: the bundle fails verification (integrity, manifest, feature spec, parity with its test vectors). */
  BundleRejected = 'BUNDLE_REJECTED',
  /** 422: modelName / modelVersion / bundleSha256 sent with the upload differ from the bundle's own. */
  DeclaredMetadataMismatch = 'DECLARED_METADATA_MISMATCH',
  /** 409: this model version is already registered with a different bundle. */
  VersionConflict = 'MODEL_VERSION_CONFLICT',
  /** 404: no version of this model is registered. */
  ModelNotFound = 'MODEL_NOT_FOUND',
  /** 404: this model version is not registered. */
  VersionNotFound = 'MODEL_VERSION_NOT_FOUND',
  /** 404: the model has no production version (scoring then serves its default bundle). */
  NoProductionVersion = 'NO_PRODUCTION_VERSION',
  /** 404: the version has no such file. */
  FileNotFound = 'MODEL_FILE_NOT_FOUND',
  /** 409: the version to promote is already the production version. */
  AlreadyInProduction = 'ALREADY_IN_PRODUCTION',
  /** 409: there is no earlier production version to roll back to. */
  NothingToRollBack = 'NOTHING_TO_ROLL_BACK',
  /** 500: stored bytes no longer match their recorded sha256 (never served). */
  ArtifactCorrupted = 'ARTIFACT_CORRUPTED',
}
