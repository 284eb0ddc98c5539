export const FEATURES_SETTINGS = 'riskstream:features:FEATURES_SETTINGS';

export interface FeaturesSettings {
  /** How long an application waits for its customer's bureau report before it is scored without one. */
  bureauGraceMs: number;
  /** How often expired waits are looked for. */
  sweepIntervalMs: number;
}
