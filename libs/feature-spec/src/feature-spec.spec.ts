import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApplicationRecord } from './application-record.js';
import {
  computeFeatures,
  computeFeatureVector,
  FEATURE_NAMES,
  FEATURE_SPEC_SHA256,
  selectFeatures,
} from './feature-spec.js';

interface GoldenFile {
  featureSpecVersion: string;
  featureSpecSha256: string;
  features: string[];
  vectors: { id: string; input: ApplicationRecord; features: number[] }[];
}

const golden = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/golden-vectors.v1.json', import.meta.url)), 'utf8'),
) as GoldenFile;

describe('feature spec parity with the Python training pipeline', () => {
  it('golden vectors were generated from this exact spec file', () => {
    expect(golden.featureSpecSha256).toBe(FEATURE_SPEC_SHA256);
    expect(golden.features).toEqual(FEATURE_NAMES);
    expect(golden.vectors.length).toBeGreaterThanOrEqual(300);
  });

  it('reproduces every golden vector bit for bit', () => {
    const mismatches: string[] = [];
    for (const vector of golden.vectors) {
      const actual = computeFeatureVector(vector.input);
      actual.forEach((value, i) => {
        if (!Object.is(value, vector.features[i])) {
          mismatches.push(`${vector.id} ${FEATURE_NAMES[i]}: ts=${value} py=${vector.features[i]}`);
        }
      });
    }
    expect(mismatches).toEqual([]);
  });
});

describe('feature helpers', () => {
  const record: ApplicationRecord = {
    age: 40,
    annualIncome: 50_000,
    homeOwnership: 'OWN',
    employmentLengthYears: null,
    loanAmount: 10_000,
    loanIntent: 'MEDICAL',
    loanGrade: 'C',
    interestRatePct: null,
    priorDefaultOnFile: null,
    creditHistoryLengthYears: null,
    employed: null,
    bankBalance: null,
  };

  it('flags missing values and the missing bureau report', () => {
    const f = computeFeatures(record);
    expect(f).toMatchObject({
      employment_length_missing: 1,
      interest_rate_missing: 1,
      bureau_missing: 1,
      interest_to_income: 0,
      grade_ordinal: 3,
      home_ownership_own: 1,
      intent_medical: 1,
      loan_to_income: 0.2,
    });
  });

  it('selects a model feature subset as float32 in the model order', () => {
    const f = computeFeatures({ ...record, interestRatePct: 11.14 });
    const x = selectFeatures(f, ['interest_rate_pct', 'age']);
    expect(Array.from(x)).toEqual([Math.fround(11.14), 40]);
    expect(() => selectFeatures(f, ['nope'])).toThrow(/nope/);
  });
});
