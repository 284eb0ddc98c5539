import type { RiskBand } from './bundle-manifest.js';
import { calibrate, decide, P_CLAMP } from './decision-policy.js';

const BANDS: RiskBand[] = [
  { band: 'A', minPd: 0, maxPdExclusive: 0.02 },
  { band: 'B', minPd: 0.02, maxPdExclusive: 0.05 },
  { band: 'C', minPd: 0.05, maxPdExclusive: 0.1 },
  { band: 'D', minPd: 0.1, maxPdExclusive: 0.2 },
  { band: 'E', minPd: 0.2, maxPdExclusive: null },
];
const POLICY = { approveBelow: 0.05, declineAtOrAbove: 0.16 };

describe('calibration (tools/training/README.md, "Calibration")', () => {
  it('method none: the ONNX probability as is', () => {
    expect(calibrate(0.123, { method: 'none', a: 1, b: 0 })).toBe(0.123);
  });

  it('platt: sigmoid(a · logit(clamped p) + b) in float64', () => {
    const a = 0.8375029095397282;
    const b = -0.11335873984221502;
    const p = 0.3;
    expect(calibrate(p, { method: 'platt', a, b })).toBeCloseTo(
      1 / (1 + Math.exp(-(a * Math.log(p / (1 - p)) + b))),
      15,
    );
    // clamped at 1e-7 and 1 - 1e-7: finite at 0 and 1
    expect(calibrate(0, { method: 'platt', a, b })).toBe(calibrate(P_CLAMP, { method: 'platt', a, b }));
    expect(calibrate(1, { method: 'platt', a, b })).toBe(calibrate(1 - P_CLAMP, { method: 'platt', a, b }));
    expect(calibrate(0.5, { method: 'platt', a: 1, b: 0 })).toBe(0.5);
  });
});

describe('decision policy and risk bands', () => {
  it.each([
    [0, 'A', 'APPROVE'],
    [0.0199999, 'A', 'APPROVE'],
    [0.02, 'B', 'APPROVE'],
    [0.0499999, 'B', 'APPROVE'],
    [0.05, 'C', 'REVIEW'], // approveBelow is exclusive
    [0.1, 'D', 'REVIEW'],
    [0.1599999, 'D', 'REVIEW'],
    [0.16, 'D', 'DECLINE'], // declineAtOrAbove is inclusive
    [0.2, 'E', 'DECLINE'],
    [1, 'E', 'DECLINE'],
  ])('pd %f → band %s, %s', (pd, riskBand, decision) => {
    expect(decide(pd, POLICY, BANDS)).toEqual({ riskBand, decision });
  });

  it('refuses what is not a probability', () => {
    for (const pd of [Number.NaN, -0.01, 1.01, Infinity])
      expect(() => decide(pd, POLICY, BANDS)).toThrow(RangeError);
  });
});
