import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApplicationRecord } from './application-record.js';
import {
  APPLICATION_FEATURES,
  BUREAU_FEATURES,
  BUREAU_FIELDS,
  computeBureauFeatures,
  computeFeatures,
  computeFeatureVector,
  FEATURE_DEFINITIONS,
  FEATURE_NAMES,
  JOINED_FEATURES,
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

describe('where each feature comes from', () => {
  const withBureau = (
    r: ApplicationRecord,
    bureau: Pick<ApplicationRecord, 'priorDefaultOnFile' | 'creditHistoryLengthYears'>,
  ) => ({
    ...r,
    ...bureau,
  });

  it("names only fields of the record in each formula's inputs", () => {
    const fields = Object.keys(golden.vectors[0]!.input);
    for (const f of FEATURE_DEFINITIONS) for (const input of f.requires) expect(fields).toContain(input);
  });

  it('splits the spec into application, bureau and joined features', () => {
    expect([...BUREAU_FEATURES].sort()).toEqual([
      'bureau_missing',
      'credit_history_years',
      'prior_default_on_file',
    ]);
    expect(APPLICATION_FEATURES.has('loan_to_income')).toBe(true);
    // Needs both the report's history and the applicant's age: neither side on its own.
    expect(APPLICATION_FEATURES.has('credit_history_to_age')).toBe(false);
    expect(BUREAU_FEATURES.has('credit_history_to_age')).toBe(false);
    expect([...JOINED_FEATURES]).toEqual(['credit_history_to_age']);
    // every feature is on exactly one side
    for (const name of FEATURE_NAMES)
      expect(
        [APPLICATION_FEATURES, BUREAU_FEATURES, JOINED_FEATURES].filter((set) => set.has(name)),
      ).toHaveLength(1);
    expect(BUREAU_FIELDS).toEqual(['priorDefaultOnFile', 'creditHistoryLengthYears']);
  });

  // The declared inputs are what intake relies on to flag only final values: each formula is checked against them.
  it('an application feature ignores the bureau report, a bureau feature ignores the application', () => {
    const reports = [
      { priorDefaultOnFile: null, creditHistoryLengthYears: null },
      { priorDefaultOnFile: true, creditHistoryLengthYears: 2 },
      { priorDefaultOnFile: false, creditHistoryLengthYears: 27 },
    ];
    const inputs = golden.vectors.slice(0, 100).map((v) => v.input);
    inputs.forEach((input, i) => {
      const base = computeFeatures(input);
      for (const report of reports) {
        const joined = computeFeatures(withBureau(input, report));
        for (const name of APPLICATION_FEATURES) expect(joined[name]).toBe(base[name]);
      }
      // Another applicant with this record's report.
      const swapped = computeFeatures(withBureau(inputs[(i + 7) % inputs.length]!, input));
      for (const name of BUREAU_FEATURES) expect(swapped[name]).toBe(base[name]);
      // A report on its own gives the same bureau features as joined with its application.
      expect(computeBureauFeatures(input)).toEqual(
        Object.fromEntries([...BUREAU_FEATURES].map((name) => [name, base[name]])),
      );
    });
  });
});
