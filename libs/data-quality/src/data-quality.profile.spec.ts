import { DataQualityProfile } from './data-quality.profile.js';

describe('DataQualityProfile', () => {
  const profile = new DataQualityProfile({
    modelVersion: 'v1',
    referenceDistributions: {
      features: {
        age: { min: 20, max: 74 },
        credit_history_years: { min: 2, max: 31 },
        // No spread in training: nothing to compare with.
        bureau_missing: { min: 0, max: 0 },
      },
    },
  });

  it('flags values below and above their training range, with the bound crossed', () => {
    expect(profile.flags({ age: 19, credit_history_years: 40, bureau_missing: 1 })).toEqual([
      { field: 'age', issue: 'BELOW_REFERENCE_RANGE', value: 19, reference: 20 },
      { field: 'credit_history_years', issue: 'ABOVE_REFERENCE_RANGE', value: 40, reference: 31 },
    ]);
    expect(profile.flags({ age: 20, credit_history_years: 31 })).toEqual([]);
    expect(profile.featureCount).toBe(2);
  });

  it('checks only the features it is asked about', () => {
    const features = { age: 90, credit_history_years: 0 };
    expect(profile.flags(features, new Set(['age'])).map((f) => f.field)).toEqual(['age']);
    expect(profile.flags(features, new Set(['credit_history_years'])).map((f) => f.field)).toEqual([
      'credit_history_years',
    ]);
    expect(profile.flags(features, new Set())).toEqual([]);
  });
});
