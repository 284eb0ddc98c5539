import type { CalibrationSpec, Decision, DecisionPolicy, RiskBand } from './bundle-manifest.js';

/** ONNX probabilities are clamped to [P_CLAMP, 1 − P_CLAMP] before the logit of Platt scaling. */
export const P_CLAMP = 1e-7;

export interface RiskDecision {
  riskBand: string;
  decision: Decision;
}

/**
 * The calibrated probability of default from the ONNX model's uncalibrated P(default), in float64, exactly as
 * tools/training/README.md ("Calibration") writes it.
 */
export function calibrate(pOnnx: number, calibration: CalibrationSpec): number {
  if (calibration.method === 'none') return pOnnx;
  const q = Math.min(Math.max(pOnnx, P_CLAMP), 1 - P_CLAMP);
  const z = Math.log(q / (1 - q));
  return 1 / (1 + Math.exp(-(calibration.a * z + calibration.b)));
}

/** Band = the first whose maxPdExclusive is above pd (the last band has none); then the manifest's policy rule. */
export function decide(pd: number, policy: DecisionPolicy, bands: readonly RiskBand[]): RiskDecision {
  if (!(pd >= 0 && pd <= 1)) throw new RangeError(`a probability of default must be in [0, 1], got ${pd}`);
  let riskBand = bands[bands.length - 1]!.band;
  for (const band of bands) {
    if (band.maxPdExclusive === null || pd < band.maxPdExclusive) {
      riskBand = band.band;
      break;
    }
  }
  const decision: Decision =
    pd >= policy.declineAtOrAbove ? 'DECLINE' : pd >= policy.approveBelow ? 'REVIEW' : 'APPROVE';
  return { riskBand, decision };
}
